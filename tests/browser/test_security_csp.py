"""The Content-Security-Policy in Chromium: injected script is blocked, the site's own runs."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
INJECTED = (
    '<script>window.__inlineRan = true;</script>'
    '<img src="/missing.png" alt="" onerror="window.__handlerRan = true">'
    '<script src="/static/admin/js/core.js"></script>'
)


def first_article_url(page, live_site):
    page.goto(f"{live_site.base_url}/en/")
    return page.locator("article.teaser a.read-more").first.get_attribute("href")


def open_with_injection(page, url, keep_policy=True):
    """Load the real page from the server, with attacker markup added to its HTML."""
    def inject(route):
        response = route.fetch()
        headers = dict(response.headers)
        if not keep_policy:
            headers.pop("content-security-policy", None)
        body = response.text().replace("</body>", f"{INJECTED}</body>")
        route.fulfill(response=response, body=body, headers=headers)

    page.route(url, inject)
    page.goto(url)
    page.wait_for_load_state("load")
    page.unroute(url)


def test_article_page_runs_clean_under_the_policy(page, live_site):
    """The site's own page, scripts and styles cause no violation at all."""
    page.add_init_script(WATCH_VIOLATIONS)
    url = live_site.base_url + first_article_url(page, live_site)
    page.goto(url)
    page.wait_for_load_state("load")
    page.mouse.wheel(0, 3000)  # lazy images and anything loaded on scroll
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == []
    policy = page.request.get(url).headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_policy_blocks_injected_inline_script_and_handlers_but_runs_own_files(page,
                                                                                   live_site):
    """Markup injected into an article page cannot run; the site's own script files still do."""
    page.add_init_script(WATCH_VIOLATIONS)
    url = live_site.base_url + first_article_url(page, live_site)

    open_with_injection(page, url)

    assert page.evaluate("window.__inlineRan") is None
    assert page.evaluate("window.__handlerRan") is None
    violations = " ".join(page.evaluate("window.__violations"))
    assert "script-src" in violations
    # A script file from the site itself ('self') is allowed and runs.
    assert page.evaluate("typeof window.quickElement") == "function"
    # Script added later by other script is blocked too.
    page.evaluate("""() => { const s = document.createElement("script");
                           s.textContent = "window.__lateRan = true"; document.body.append(s); }""")
    assert page.evaluate("window.__lateRan") is None


def test_without_the_policy_the_same_injection_would_run(page, live_site):
    """The control: proves the test above measures the policy, not a broken injection."""
    url = live_site.base_url + first_article_url(page, live_site)
    open_with_injection(page, url, keep_policy=False)
    assert page.evaluate("window.__inlineRan") is True
    expect(page.locator("body")).to_be_visible()
    page.wait_for_function("window.__handlerRan === true")


def test_the_back_office_works_under_the_policy(admin_page, live_site):
    """The admin's own scripts (author picker, date shortcuts) run with no violation."""
    admin_page.add_init_script(WATCH_VIOLATIONS)
    admin_page.goto(f"{live_site.base_url}/admin/publishing/article/add/")
    expect(admin_page.locator("#id_authors_from")).to_be_visible()  # built by SelectFilter2.js
    expect(admin_page.locator(".datetimeshortcuts").first).to_be_visible()
    admin_page.locator(".datetimeshortcuts a").first.click()  # "Today" fills the date field
    expect(admin_page.locator("#id_published_at_0")).not_to_have_value("")
    assert admin_page.evaluate("window.__violations") == []
    for path in ("/admin/security/auditentry/", "/admin/", "/accounts/password-reset/"):
        admin_page.goto(live_site.base_url + path)
        assert admin_page.evaluate("window.__violations") == [], path
    admin_page.goto(f"{live_site.base_url}/accounts/two-factor/")
    expect(admin_page.get_by_role("img", name="QR code")).to_be_visible()
    assert admin_page.evaluate("window.__violations") == []
