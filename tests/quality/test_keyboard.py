"""The article page works with a keyboard alone.

Every control a mouse can use is reached with Tab, shows a visible focus
indicator that nothing covers, and does its job with Enter (or Space).
"""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.quality.keyboard import HELPERS, MARK_CONTROLS, focus_indicator_problem, tab_to, walk
from tests.quality.pages import COLOR_SCHEMES, KEYBOARD_PAGE, LANGUAGES, VIEWPORTS, page_kind

pytestmark = pytest.mark.browser

# Kinds of link on the article page, each followed once with Enter. A kind
# that matches nothing yet (a footer link before the consent app) is skipped.
LINKS = [
    ("language switcher", "nav.languages a:not([aria-current])"),
    ("main navigation", "nav.site-nav a:not([aria-current])"),
    ("category kicker", ".kicker a"),
    ("byline", "a[rel=author]"),
    ("tag", "a[rel=tag]"),
    ("footer", ".site-footer a[href]:not([href^='#'])"),
]


@pytest.fixture
def article(fresh_context, visit):
    def open_article(language, viewport="desktop", color_scheme="light"):
        page = fresh_context(viewport, color_scheme).new_page()
        page.add_init_script(HELPERS)
        visit(page, page_kind(KEYBOARD_PAGE), language)
        return page

    return open_article


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_is_reached_with_tab_and_shows_focus(article, language, viewport,
                                                           color_scheme):
    """Tab stops at every visible control; each shows a contrasting outline nothing covers."""
    page = article(language, viewport, color_scheme)
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, "the article page has no focusable control"
    stops = walk(page, controls)

    reached = {stop["id"] for stop in stops}
    reached_groups = {c["group"] for c in controls if c["id"] in reached}
    unreached = [c["label"] for c in controls if c["group"] not in reached_groups]
    unfocused = {c["id"]: c["style"] for c in controls}
    problems = [f"{label}: never reached with Tab" for label in unreached]
    for stop in stops:
        problem = focus_indicator_problem(stop, unfocused.get(stop["id"]))
        if problem:
            problems.append(f"{stop['label']}: {problem}")
        if not stop["unobscured"]:
            problems.append(f"{stop['label']}: hidden behind other content when focused")
    assert not problems, (
        f"keyboard problems on {page.url} ({viewport}, {color_scheme}, "
        f"{len(stops)} Tab stops of {len(controls)} controls):\n- " + "\n- ".join(problems))


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
