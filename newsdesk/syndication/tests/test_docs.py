"""Every setting, environment variable, public URL and command is documented."""

from pathlib import Path

from newsdesk.syndication import urls, urls_root
from newsdesk.syndication.conf import SETTINGS

DOCS = Path(__file__).resolve().parents[3] / "docs"
DISCOVERY = (DOCS / "discovery.md").read_text()


def test_every_setting_is_documented():
    for setting in SETTINGS:
        assert f"`{SETTINGS.django_name(setting)}`" in DISCOVERY, setting.name


def test_every_public_url_is_listed_for_site_owners():
    for pattern in urls.urlpatterns + urls_root.urlpatterns:
        route = str(pattern.pattern).replace("<slug:slug>", "<slug>")
        if "<slug:section>" in route:
            for section in ("articles", "archives", "pages"):
                assert f"`/sitemap-{section}.xml`" in DISCOVERY
            continue
        assert f"/{route}" in DISCOVERY, route


def test_the_search_index_command_is_documented():
    assert "`newsdesk search-index --rebuild`" in DISCOVERY
    assert "newsdesk search-index" in (DOCS / "operations.md").read_text()
