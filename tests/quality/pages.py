"""What the quality gates check: page kinds, UI states, viewports, languages.

Adding a page kind or a UI state is one line in PAGE_KINDS or UI_STATES; every
gate (axe, vnu, and the layout-shift and keyboard checks where they apply)
picks it up. Paths are relative to the language prefix and may name a demo
page found at run time: {article}, {chinese_article}, {category}, {tag},
{author}, {month} (see `discover`).

Entries for pages and states that other branches are still building are not
skipped by hand: a page kind with `until` is skipped, with that reason, only
while its URL answers 404; a UI state is skipped only while its selectors are
absent from the page. Both are checked on every run, so the gates cover them
the moment they are merged.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    name: str
    path: str
    status: int = 200
    until: str = ""  # why a 404 means "not built yet" rather than a failure

    @property
    def id(self):
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


@dataclass(frozen=True)
class UIState:
    """A state of a page reached by interaction, such as an open dialog.

    `shown` is the CSS selector of what must be visible in that state. If
    `open` is set it is clicked first (a control that opens the state); if it
    is empty the state is the page as first shown (a banner on first visit).
    """

    name: str
    page: str  # a PageKind name
    shown: str
    open: str = ""

    @property
    def id(self):
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


PAGE_KINDS = [
    PageKind("home", "/"),
    PageKind("home page 2", "/?page=2"),
    PageKind("article", "{article}"),
    PageKind("article in Chinese", "{chinese_article}"),
    PageKind("category archive", "{category}"),
    PageKind("tag archive", "{tag}"),
    PageKind("author archive", "{author}"),
    PageKind("month archive", "{month}"),
    PageKind("not found", "/no-such-page/", status=404),
    PageKind("search results", "/search/?q=ferry", until="the search page is not merged yet"),
    PageKind("search, no results", "/search/?q=zzzzqx", until="the search page is not merged yet"),
    PageKind("cookie policy", "/cookie-policy/", until="the consent app is not merged yet"),
]

# The consent app's markup, as its branch has it: the banner shows on a first
# visit; "Customize" in the banner, or "Cookie settings" in the footer, opens
# the preferences centre (a <dialog>).
CONSENT_BANNER = "[data-consent-banner]"
PREFERENCES_CENTRE = "[data-consent-centre]"
PREFERENCES_OPENER = "[data-consent-action=customize], [data-consent-open]"

UI_STATES = [
    UIState("consent banner open", "article", shown=CONSENT_BANNER),
    UIState("preferences centre open", "article", shown=PREFERENCES_CENTRE,
            open=PREFERENCES_OPENER),
]

LANGUAGES = ["en", "zh-hans"]

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 3},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

COLOR_SCHEMES = ["light", "dark"]

# The layout-shift gate measures these page kinds on the phone viewport.
LAYOUT_SHIFT_PAGES = ["article", "article in Chinese", "home"]

# The keyboard gate walks this page kind.
KEYBOARD_PAGE = "article"


def page_kind(name):
    return next(kind for kind in PAGE_KINDS if kind.name == name)


def discover(page, base_url):
    """Paths (without the language prefix) of demo pages to stand for each kind.

    The article is the one with the most comments on the home page, so the
    comments section is checked once the comments app is merged.
    """
    page.goto(f"{base_url}/en/")
    teasers = page.eval_on_selector_all(
        "article.teaser",
        """teasers => teasers.map(t => ({
            href: t.querySelector('h2 a').getAttribute('href'),
            lang: t.getAttribute('lang'),
            comments: parseInt((t.querySelector('.counts') || {}).textContent
                               ?.match(/(\\d+) comment/)?.[1] || '0', 10),
        }))""",
    )
    assert teasers, "the demo home page lists no articles"
    english = [t for t in teasers if not t["lang"].startswith("zh")]
    chinese = [t for t in teasers if t["lang"].startswith("zh")]
    article = max(english or teasers, key=lambda t: t["comments"])["href"]
    chinese_article = (chinese or teasers)[0]["href"]

    page.goto(f"{base_url}{article}")

    def first_href(selector):
        return page.locator(selector).first.get_attribute("href")

    paths = {
        "article": article,
        "chinese_article": chinese_article,
        "category": first_href(".kicker a"),
        "tag": first_href("a[rel=tag]"),
        "author": first_href("a[rel=author]"),
        "month": re.match(r"^(/en/\d{4}/\d{2}/)", article).group(1),
    }
    return {name: re.sub(r"^/en", "", path) for name, path in paths.items()}


def server_error_html(language):
    """The 500 page, rendered as the server would (it cannot be provoked on the live site)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(language):
        return render_to_string("500.html")


def url_for(kind, language, base_url, demo_paths):
    return f"{base_url}/{language}{kind.path.format(**demo_paths)}"
