"""axe-core finds no WCAG 2.2 A/AA violation on any page kind, in any UI state.

Every page kind in both languages, on a phone and a desktop, in the light and
the dark colour scheme (contrast is checked in both).
"""

import pytest
from playwright.sync_api import expect

from tests.quality.pages import (
    COLOR_SCHEMES,
    LANGUAGES,
    PAGE_KINDS,
    UI_STATES,
    VIEWPORTS,
    page_kind,
    server_error_html,
)
from tests.quality.tools import format_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.id)
def test_page_kind_has_no_wcag_violations(shared_pages, visit, kind, language, viewport,
                                          color_scheme):
    """axe reports no violation of WCAG 2.2 levels A and AA."""
    page = shared_pages(viewport, color_scheme)
    url = visit(page, kind, language)
    violations = run_axe(page)
    assert not violations, f"axe violations on {url} ({viewport}, {color_scheme}):\n" + (
        format_violations(violations))


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", UI_STATES, ids=lambda state: state.id)
def test_ui_state_has_no_wcag_violations(fresh_context, visit, state, language, viewport,
                                         color_scheme):
    """With a banner or dialog open, axe still reports no violation."""
    page = fresh_context(viewport, color_scheme).new_page()
    url = visit(page, page_kind(state.page), language)
    if state.open:
        opener = page.locator(state.open).filter(visible=True)
        if opener.count() == 0:
            pytest.skip(f"{state.name}: no visible control matches {state.open!r} on {url}")
        opener.first.click()
    shown = page.locator(state.shown)
    if not state.open and shown.count() == 0:
        pytest.skip(f"{state.name}: nothing matches {state.shown!r} on {url}")
    expect(shown.first).to_be_visible()
    violations = run_axe(page)
    assert not violations, (
        f"axe violations on {url} with {state.name} ({viewport}, {color_scheme}):\n"
        + format_violations(violations))


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_has_no_wcag_violations(fresh_context, language, color_scheme):
    """The 500 page, which stands alone (no base template, no stylesheet), passes axe too."""
    page = fresh_context("phone", color_scheme).new_page()
    page.set_content(server_error_html(language))
    violations = run_axe(page)
    assert not violations, f"axe violations on the 500 page ({language}, {color_scheme}):\n" + (
        format_violations(violations))


def test_the_gate_fails_a_page_with_known_faults(fresh_context):
    """A page with an unlabelled image, an empty link and grey-on-white text fails."""
    page = fresh_context().new_page()
    page.set_content(
        "<!doctype html><title>faults</title><main><img src='data:,'><a href='/x'></a>"
        "<p style='color:#bbb;background:#fff'>faint</p></main>")
    rules = {violation["rule"] for violation in run_axe(page)}
    assert {"html-has-lang", "image-alt", "link-name", "color-contrast"} <= rules
