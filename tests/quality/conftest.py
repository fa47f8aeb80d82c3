"""Fixtures of the page quality gates: pages by kind, on the live site and the browser
of tests/conftest.py."""

import pytest

from tests.quality.pages import VIEWPORTS, discover, url_for


@pytest.fixture(scope="session")
def demo_paths(browser, live_site):
    context = browser.new_context()
    try:
        return discover(context.new_page(), live_site.base_url)
    finally:
        context.close()


def new_context(browser, viewport="desktop", color_scheme="light", **options):
    # bypass_csp: axe is injected as a script, which a strict Content-Security-Policy forbids.
    return browser.new_context(**{
        **VIEWPORTS[viewport], "color_scheme": color_scheme, "bypass_csp": True,
        "reduced_motion": "no-preference", **options,
    })


@pytest.fixture(scope="session")
def shared_pages(browser):
    """One reusable page per (viewport, colour scheme), for checks that only look."""
    contexts, pages = [], {}

    def get(viewport, color_scheme):
        key = (viewport, color_scheme)
        if key not in pages:
            contexts.append(new_context(browser, viewport, color_scheme))
            pages[key] = contexts[-1].new_page()
        return pages[key]

    yield get
    for context in contexts:
        context.close()


@pytest.fixture
def visit(live_site, demo_paths):
    """Open a page kind in a language; skip it only while a page still to be merged 404s."""

    def go(page, kind, language):
        url = url_for(kind, language, live_site.base_url, demo_paths)
        response = page.goto(url, wait_until="load")
        if kind.until and response.status == 404:
            pytest.skip(f"{kind.name}: {kind.until} ({url} answers 404)")
        assert response.status == kind.status, f"{url} answered {response.status}"
        return url

    return go


@pytest.fixture
def fresh_context(browser):
    """A context of its own, for checks that click, type or measure from first paint."""
    contexts = []

    def make(viewport="desktop", color_scheme="light", **options):
        contexts.append(new_context(browser, viewport, color_scheme, **options))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()
