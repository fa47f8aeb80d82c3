"""Headless Chromium for `newsdesk audit` and `newsdesk scan-cookies`.

Playwright drives Debian's Chromium (never a downloaded browser). Everything
here only observes; attributing what was seen to categories happens afterwards
(the ORM must not run while Playwright's event loop does).
"""

import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

from newsdesk.consent import conf

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PAGE_TIMEOUT = 30_000  # ms for a page to load
IDLE_TIMEOUT = 5_000  # ms to wait for scripts' requests to settle


class BrowserUnavailable(Exception):
    """Playwright or Chromium is missing; the message says how to install it."""


@contextmanager
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable(
            "Playwright is not installed: pip install playwright (no browser download needed)."
        ) from None
    executable = conf.get("CHROMIUM")
    if not os.path.exists(executable):
        raise BrowserUnavailable(
            f"{executable} is missing: install Debian's chromium (apt-get install chromium) "
            "or set NEWSDESK_CHROMIUM to a Chromium executable."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Visit:
    """What one page did in the browser."""

    kind: str
    url: str
    status: int = 0
    banner: bool = False
    regime: str = ""
    cookies: list = field(default_factory=list)  # {"name", "domain", "expires"}
    local: list = field(default_factory=list)
    session: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # URLs on other origins
    links: list = field(default_factory=list)
    config: dict | None = None


class Session:
    """One browser context: a reader with a fresh profile."""

    def __init__(self, browser, base_url, extra_headers=None):
        self.base = origin(base_url)
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="en-GB", extra_http_headers=extra_headers)
        self.pending = []
        self.context.on("request", self._request)
        self.page = self.context.new_page()

    def _request(self, request):
        if request.url.startswith(("http:", "https:")) and origin(request.url) != self.base:
            self.pending.append(request.url)

    def settle(self):
        try:
            self.page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT)
        except Exception:  # a page that keeps polling: observe what is there
            pass

    def visit(self, kind, url):
        self.pending = []
        visit = Visit(kind=kind, url=url)
        response = self.page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT)
        visit.status = response.status if response else 0
        try:  # consent.js marks the page once it has decided
            self.page.wait_for_selector("html[data-consent-regime]", timeout=IDLE_TIMEOUT)
        except Exception:
            pass
        self.settle()
        visit.regime = self.page.get_attribute("html", "data-consent-regime") or ""
        visit.banner = self.page.locator("[data-consent-banner]").is_visible()
        visit.cookies = [
            {"name": c["name"], "domain": c["domain"], "expires": c["expires"]}
            for c in self.context.cookies()
        ]
        storage = self.page.evaluate(
            "() => [Object.keys(localStorage), Object.keys(sessionStorage)]"
        )
        visit.local, visit.session = storage
        visit.requests = list(dict.fromkeys(self.pending))
        visit.links = self.page.eval_on_selector_all("a[href]", "nodes => nodes.map(n => n.href)")
        raw = self.page.locator("#consent-config").all_text_contents()
        visit.config = json.loads(raw[0]) if raw else None
        return visit

    def choose(self, action):
        """Press Accept all or Reject all in the banner; wait for the consent cookie."""
        self.page.locator(f"[data-consent-banner] [data-consent-action={action}]").click()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if any(c["name"] == conf.COOKIE_NAME for c in self.context.cookies()):
                break
            self.page.wait_for_timeout(100)
        self.settle()

    def granted(self):
        """Categories the consent cookie grants (None without the cookie)."""
        for cookie in self.context.cookies():
            if cookie["name"] == conf.COOKIE_NAME:
                parts = dict(item.split(":", 1) for item in cookie["value"].split("|")
                             if ":" in item)
                return [c for c in parts.get("granted", "").split("+") if c]
        return None

    def close(self):
        self.context.close()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def fetch(url, timeout=20):
    """(status, text) of a GET without a browser (no cookies are kept)."""
    try:
        with urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except OSError as problem:
        return getattr(problem, "code", 0) or 0, ""


def links_of(url, html):
    parser = _Links()
    parser.feed(html)
    return [urljoin(url, href) for href in parser.hrefs]


ARTICLE = re.compile(r"/\d{4}/\d{2}/[^/]+/$")
MONTH = re.compile(r"/\d{4}/\d{2}/$")
