from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from newsdesk.core import bundles


@pytest.fixture
def two_apps(tmp_path, monkeypatch):
    """The project app plus a `consent` app shipping CSS with a relative url() and JS."""
    project = Path(bundles.__file__).resolve().parents[1]
    consent = tmp_path / "consent"
    (consent / "static" / "consent").mkdir(parents=True)
    (consent / "static" / "consent" / "consent.css").write_text(
        ".banner { background: url('icons/close.svg'); } .x { background: url(data:,) }"
    )
    (consent / "static" / "consent" / "consent.js").write_text("const answer = 42;")
    configs = [
        SimpleNamespace(label="consent", name="newsdesk.consent", path=str(consent)),
        SimpleNamespace(label="newsdesk", name="newsdesk", path=str(project)),
    ]
    monkeypatch.setattr(bundles.apps, "get_app_configs", lambda: configs)
    bundles.has_script.cache_clear()
    yield
    bundles.has_script.cache_clear()


def test_the_stylesheet_bundle_starts_with_the_site_styles_then_each_apps(two_apps):
    css = bundles.build_css()
    assert css.index("/* newsdesk/site.css */") < css.index("/* consent/consent.css */")
    assert "url('../consent/icons/close.svg')" in css
    assert "url(data:,)" in css


def test_each_apps_script_runs_in_its_own_scope(two_apps):
    js = bundles.build_js()
    assert "(function () {\nconst answer = 42;\n})();" in js
    assert bundles.has_script()


def test_collectstatic_publishes_both_bundles(two_apps, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", "--noinput", verbosity=0)
    css = (tmp_path / "static" / "newsdesk" / "bundle.css").read_text()
    assert "consent/icons/close.svg" in css
    assert "const answer" in (tmp_path / "static" / "newsdesk" / "bundle.js").read_text()


@pytest.mark.django_db
def test_pages_link_one_stylesheet_and_no_script_when_no_app_has_one(client):
    bundles.has_script.cache_clear()
    html = client.get("/en/").content.decode()
    assert html.count('rel="stylesheet"') == 1 and "/static/newsdesk/bundle.css" in html
    # Data blocks (JSON-LD) are not scripts; only the bundle would be.
    assert ("bundle.js" in html) == bundles.has_script()
