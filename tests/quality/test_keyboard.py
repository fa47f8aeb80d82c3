"""The article page works with a keyboard alone.

Every control a mouse can use is reached with Tab, shows a visible focus
indicator that nothing covers, and does its job with Enter (or Space).
"""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.quality.keyboard import HELPERS, MARK_CONTROLS, focus_indicator_problem, tab_to, walk
from tests.quality.pages import (
    COLOR_SCHEMES,
    KEYBOARD_PAGE,
    LANGUAGES,
    UI_STATES,
    VIEWPORTS,
    page_kind,
)

pytestmark = pytest.mark.browser

# Kinds of link on the article page, each followed once with Enter. A kind
# that matches nothing yet (a footer link before the consent app) is skipped.
# Links that open the consent preferences centre instead of navigating
# (data-consent-open) are checked as a UI state.
LINKS = [
    ("language switcher", "nav.languages a:not([aria-current])"),
    ("main navigation", "nav.site-nav a:not([aria-current])"),
    ("category kicker", ".kicker a"),
    ("byline", "a[rel=author]"),
    ("tag", "a[rel=tag]"),
    ("footer", ".site-footer a[href]:not([href^='#']):not([data-consent-open])"),
]


@pytest.fixture
def article(fresh_context, visit):
    def open_article(language, viewport="desktop", color_scheme="light"):
        page = fresh_context(viewport, color_scheme).new_page()
        page.add_init_script(HELPERS)
        visit(page, page_kind(KEYBOARD_PAGE), language)
        return page

    return open_article


def keyboard_problems(page):
    """Controls Tab never reaches, focus indicators missing or covered: a list of sentences."""
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, f"{page.url} has no focusable control"
    stops = walk(page, controls)
    reached = {stop["id"] for stop in stops}
    reached_groups = {c["group"] for c in controls if c["id"] in reached}
    unfocused = {c["id"]: c["style"] for c in controls}
    problems = [f"{c['label']}: never reached with Tab" for c in controls
                if c["group"] not in reached_groups]
    for stop in stops:
        problem = focus_indicator_problem(stop, unfocused.get(stop["id"]))
        if problem:
            problems.append(f"{stop['label']}: {problem}")
        if not stop["unobscured"]:
            problems.append(f"{stop['label']}: hidden behind other content when focused")
    if problems:
        problems.append(f"({len(stops)} Tab stops for {len(controls)} controls)")
    return problems


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_is_reached_with_tab_and_shows_focus(article, language, viewport,
                                                           color_scheme):
    """Tab stops at every visible control; each shows a contrasting outline nothing covers."""
    page = article(language, viewport, color_scheme)
    problems = keyboard_problems(page)
    assert not problems, f"keyboard problems on {page.url} ({viewport}, {color_scheme}):\n- " + (
        "\n- ".join(problems))


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("state", [s for s in UI_STATES if s.open], ids=lambda s: s.id)
def test_ui_states_open_and_work_with_the_keyboard(fresh_context, visit, state, language,
                                                   viewport):
    """Enter on the opener opens the state, Tab reaches its controls, Escape closes a dialog."""
    page = fresh_context(viewport).new_page()
    page.add_init_script(HELPERS)
    url = visit(page, page_kind(state.page), language)
    if page.locator(state.open).filter(visible=True).count() == 0:
        pytest.skip(f"{state.name}: no visible control matches {state.open!r} on {url}")
    assert tab_to(page, state.open), f"Tab never reaches the control that opens {state.name}"
    page.keyboard.press("Enter")
    shown = page.locator(state.shown).first
    expect(shown).to_be_visible()
    problems = keyboard_problems(page)
    assert not problems, f"keyboard problems with {state.name} on {url} ({viewport}):\n- " + (
        "\n- ".join(problems))
    if shown.evaluate("el => el.matches('dialog, [role=dialog], [role=alertdialog]')"):
        page.keyboard.press("Escape")
        expect(shown).to_be_hidden()
        assert page.evaluate("s => document.activeElement.matches(s)", state.open), (
            f"closing {state.name} with Escape does not return focus to its opener")


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(article, language):
    """The first Tab shows the skip link on screen; Enter puts focus on <main>."""
    page = article(language)
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        "the Tab after the skip link leaves the main content")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name, selector", LINKS, ids=[name for name, _ in LINKS])
def test_links_are_followed_with_enter(article, language, name, selector):
    """Tab to the first link of each kind and press Enter: the browser goes there."""
    page = article(language)
    if page.locator(selector).count() == 0:
        pytest.skip(f"no {name} link on the article page ({selector!r} matches nothing)")
    assert tab_to(page, selector), f"Tab never reaches a {name} link ({selector})"
    target = urljoin(page.url, page.evaluate("document.activeElement.getAttribute('href')"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target, f"Enter on a {name} link went to {page.url}, not {target}"


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_toggle_buttons_change_state_with_the_keyboard(article, key):
    """A toggle button (the like button) flips aria-pressed with Enter and with Space."""
    page = article("en")
    selector = "button[aria-pressed]"
    if page.locator(selector).filter(visible=True).count() == 0:
        pytest.skip("no toggle button on the article page yet (the like button is not merged)")
    assert tab_to(page, selector), "Tab never reaches the toggle button"
    button = page.locator(f"{selector}:focus")
    before = button.get_attribute("aria-pressed")
    page.keyboard.press(key)
    expect(button).not_to_have_attribute("aria-pressed", before)


def test_the_gate_fails_a_hidden_focus_ring_and_a_covering_banner(fresh_context):
    """A control with outline: none, and one under a fixed banner, are both reported."""
    page = fresh_context().new_page()
    page.set_content(
        "<!doctype html><style>#plain:focus { outline: none }"
        " .banner { position: fixed; inset: auto 0 0 0; height: 50vh; background: #fff }</style>"
        "<a id=plain href='/a'>Plain</a><div style='height:80vh'></div>"
        "<a id=covered href='/b'>Covered</a><div class=banner>Banner</div>")
    page.add_script_tag(content=HELPERS)
    controls = page.evaluate(MARK_CONTROLS)
    stops = {stop["label"]: stop for stop in walk(page, controls)}
    plain, covered = stops['<a#plain> "Plain"'], stops['<a#covered> "Covered"']
    assert focus_indicator_problem(plain, controls[0]["style"])
    assert focus_indicator_problem(covered, controls[1]["style"]) is None
    assert not covered["unobscured"] and plain["unobscured"]


def test_an_open_modal_dialog_is_walked_alone(fresh_context):
    """With a modal dialog open, only its controls are expected in the Tab order."""
    page = fresh_context().new_page()
    page.set_content(
        "<!doctype html><a href='/a'>Behind</a><dialog id=d><button>Accept</button>"
        "<a href='/p'>Policy</a></dialog><script>d.showModal()</script>")
    page.add_script_tag(content=HELPERS)
    controls = page.evaluate(MARK_CONTROLS)
    assert [c["label"] for c in controls] == ['<button> "Accept"', '<a> "Policy"']
    assert len(walk(page, controls)) == 2
