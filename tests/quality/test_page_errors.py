"""Every page kind loads without a console error, a script error or a failed request.

Lighthouse's best-practices score drops for any of these (a missing favicon
is enough), and a reader's browser shows them to nobody: CI catches them.
"""

import pytest

from tests.quality.pages import LANGUAGES, PAGE_KINDS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.id)
def test_page_kind_loads_without_errors(shared_pages, visit, kind, language):
    """No console error, uncaught exception, or subresource answering 4xx/5xx; an icon."""
    page = shared_pages("desktop", "light")
    problems = []

    def on_console(message):
        if message.type == "error":
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    listeners = {
        "console": on_console,
        "pageerror": lambda error: problems.append(f"script error: {error}"),
        "requestfailed": lambda request: problems.append(
            f"request failed: {request.url} ({request.failure})"),
        "response": on_response,
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        url = visit(page, kind, language)
        page.wait_for_load_state("networkidle")
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    # Headless Chromium never asks for the icon, but browsers and Lighthouse do.
    icons = page.eval_on_selector_all("link[rel~=icon]", "links => links.map(l => l.href)")
    problems += [f"{status} for the icon {href}" for href in icons
                 if not href.startswith("data:image/")
                 and (status := page.request.get(href).status) != 200]
    if not icons:
        problems.append("no <link rel=icon>: browsers then ask for /favicon.ico, which 404s")
    # The 404 page's own status is expected and logged by Chromium as a console error.
    problems = [p for p in problems if not (kind.status == 404 and "status of 404" in p)]
    assert not problems, f"errors loading {url}:\n- " + "\n- ".join(problems)
