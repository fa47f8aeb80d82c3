"""An editor adds a redirect in the back office; a reader's old link lands on the article."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_editor_adds_a_redirect_and_the_old_link_reaches_the_article(admin_page, page, live_site):
    admin_page.goto(f"{live_site.base_url}/admin/redirects/redirect/add/")
    admin_page.get_by_label("Old address").fill("/2019/05/03/ferry-is-back/")
    admin_page.get_by_label("New address").fill("/en/")
    admin_page.get_by_role("button", name="Save", exact=True).click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was added successfully")
    listed = admin_page.get_by_role("link", name="/2019/05/03/ferry-is-back/", exact=True)
    expect(listed).to_be_visible()

    page.goto(f"{live_site.base_url}/2019/05/03/ferry-is-back/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")


def test_a_bad_redirect_is_refused_with_a_message_in_the_form(admin_page, live_site):
    admin_page.goto(f"{live_site.base_url}/admin/redirects/redirect/add/")
    admin_page.get_by_label("Old address").fill("no-leading-slash")
    admin_page.get_by_role("button", name="Save", exact=True).click()
    expect(admin_page.locator(".errorlist")).to_contain_text("Start the old address with a slash")
