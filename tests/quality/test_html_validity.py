"""The Nu Html Checker finds no error in any page kind's HTML, nor in its stylesheets.

Pages are fetched over HTTP as the server sends them (not the DOM after
scripts ran) and all checked in one run of vnu.
"""

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin

import pytest

from tests.quality.pages import LANGUAGES, PAGE_KINDS, server_error_html, url_for
from tests.quality.tools import format_messages, is_error, run_vnu

pytestmark = pytest.mark.browser

# A page with known errors goes through the same run, to prove the gate can fail.
CANARY = (
    "<!doctype html>\n<html lang=en>\n<title>canary</title>\n"
    "<p><time datetime=soon>x</time>\n<div><span></div>\n"
)

STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="session")
def checked(live_site, demo_paths, tmp_path_factory):
    """Every page kind in every language, fetched and validated: {(kind, language): result}."""
    folder = tmp_path_factory.mktemp("vnu")
    pages, stylesheets = {}, {}
    for kind in PAGE_KINDS:
        for language in LANGUAGES:
            url = url_for(kind, language, live_site.base_url, demo_paths)
            status, html = fetch(url)
            path = folder / f"{language}-{kind.id}.html"
            pages[kind, language] = {"url": url, "status": status, "html": html, "file": path}
            if kind.until and status == 404:
                continue
            path.write_text(html)
            for href in STYLESHEET.findall(html):
                stylesheets.setdefault(urljoin(url, href), None)
    for language in LANGUAGES:
        path = folder / f"{language}-server-error.html"
        path.write_text(server_error_html(language))
        pages["server error", language] = {
            "url": f"500.html ({language})", "status": 500, "html": path.read_text(), "file": path}
    for number, url in enumerate(stylesheets):
        path = folder / f"stylesheet-{number}.css"
        status, css = fetch(url)
        assert status == 200, f"{url} answered {status}"
        path.write_text(css)
        stylesheets[url] = {"url": url, "html": css, "file": path}
    canary = {"url": "canary.html", "html": CANARY, "file": folder / "canary.html"}
    canary["file"].write_text(CANARY)
    files = [canary["file"]] + [item["file"] for item in [*pages.values(), *stylesheets.values()]
             if item["file"].exists()]
    messages = run_vnu(files)
    for item in [canary, *pages.values(), *stylesheets.values()]:
        item["messages"] = messages.get(item["file"].name, [])
    return {"pages": pages, "stylesheets": list(stylesheets.values()), "canary": canary}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.id)
def test_page_kind_is_valid_html(checked, kind, language):
    """vnu reports no error; the page answers with its expected status."""
    page = checked["pages"][kind, language]
    if kind.until and page["status"] == 404:
        pytest.skip(f"{kind.name}: {kind.until} ({page['url']} answers 404)")
    assert page["status"] == kind.status, f"{page['url']} answered {page['status']}"
    errors = [m for m in page["messages"] if is_error(m)]
    assert not errors, f"vnu errors in {page['url']}:\n" + format_messages(
        page["messages"], page["html"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_is_valid_html(checked, language):
    """The 500 page, which stands alone (no base template), is valid too."""
    page = checked["pages"]["server error", language]
    errors = [m for m in page["messages"] if is_error(m)]
    assert not errors, f"vnu errors in {page['url']}:\n" + format_messages(
        page["messages"], page["html"])


def test_stylesheets_of_every_page_are_valid_css(checked):
    """Every stylesheet a page links to passes vnu's CSS checker."""
    assert checked["stylesheets"], "no page links to a stylesheet"
    failures = [
        f"{sheet['url']}:\n" + format_messages(sheet["messages"], sheet["html"])
        for sheet in checked["stylesheets"] if any(is_error(m) for m in sheet["messages"])
    ]
    assert not failures, "vnu errors in stylesheets:\n" + "\n".join(failures)


def test_the_gate_fails_a_page_with_known_errors(checked):
    """The canary page's bad datetime and misnested tags are reported on their lines."""
    canary = checked["canary"]
    errors = [m for m in canary["messages"] if is_error(m)]
    report = format_messages(errors, canary["html"])
    assert "line 4" in report and "datetime" in report, report
    assert "line 5" in report, report
