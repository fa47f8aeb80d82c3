"""Every setting, environment variable, public URL and command is documented."""

import re
from pathlib import Path

from newsdesk.syndication import urls, urls_root
from newsdesk.syndication.conf import SETTINGS

DOCS = Path(__file__).resolve().parents[3] / "docs"
DISCOVERY = (DOCS / "discovery.md").read_text()


def test_every_setting_is_documented():
    for name in SETTINGS:
        assert f"`{name}`" in DISCOVERY, name


def test_every_environment_variable_is_in_the_configuration_page():
    settings_py = (DOCS.parent / "newsdesk" / "settings.py").read_text()
    configuration = (DOCS / "configuration.md").read_text()
    for variable in re.findall(r'"(NEWSDESK_[A-Z_]+)"', settings_py):
        if variable in ("NEWSDESK_FEED_FULL_CONTENT", "NEWSDESK_PUBLISHER_LOGO",
                        "NEWSDESK_TWITTER_SITE"):
            assert f"`{variable}`" in configuration and f"`{variable}`" in DISCOVERY


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
