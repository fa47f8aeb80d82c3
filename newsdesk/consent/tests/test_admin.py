"""The back office: texts, declarations from the knowledge base, snippets, records."""

import pytest

from newsdesk.consent.models import (
    ConsentPolicy,
    ConsentRecord,
    CookieCategory,
    CookieDeclaration,
    Snippet,
)
from newsdesk.consent.tests.helpers import record

pytestmark = pytest.mark.django_db

DECLARATIONS = "/admin/consent/cookiedeclaration/"


def declaration_form(**changes):
    return {"name": "", "storage": "cookie", "domain": "", "category": "", "provider": "",
            "lifetime": "", "description": "", "description_zh_hans": ""} | changes


def test_a_known_cookie_declared_by_name_alone_is_filled_from_the_knowledge_base(admin_client):
    response = admin_client.post(f"{DECLARATIONS}add/", declaration_form(name="_ga"))

    assert response.status_code == 302
    declaration = CookieDeclaration.objects.get(name="_ga")
    assert declaration.category.key == "analytics" and declaration.provider == "Google Analytics"
    assert declaration.lifetime == 2 * 365 * 86400
    assert declaration.description and declaration.translation("zh-hans", "description")


def test_the_knowledge_base_page_offers_prefilled_declarations(admin_client):
    listing = admin_client.get(f"{DECLARATIONS}knowledge-base/").content.decode()
    assert "<code>Hm_lvt_*</code>" in listing and "Baidu Tongji" in listing
    assert f'href="{DECLARATIONS}add/?kb=_fbp"' in listing

    form = admin_client.get(f"{DECLARATIONS}add/?kb=_fbp").content.decode()
    meta = CookieCategory.objects.get(key="advertisement")
    assert 'value="_fbp"' in form and 'value="Meta Pixel"' in form
    assert f'<option value="{meta.pk}" selected>' in form and 'value="3 months"' in form
    assert 'value="1 year"' in admin_client.get(f"{DECLARATIONS}add/?kb=Hm_lvt_*").content.decode()


@pytest.mark.parametrize("lifetime, stored", [("13 months", 13 * 30 * 86400), ("session", None),
                                              ("90 分钟", 5400)])
def test_durations_are_written_in_words(admin_client, lifetime, stored):
    analytics = CookieCategory.objects.get(key="analytics")
    admin_client.post(f"{DECLARATIONS}add/", declaration_form(
        name="site_stats", category=analytics.pk, lifetime=lifetime, description="Ours."))
    assert CookieDeclaration.objects.get(name="site_stats").lifetime == stored


def test_an_unreadable_duration_is_explained(admin_client):
    response = admin_client.post(f"{DECLARATIONS}add/", declaration_form(
        name="x", lifetime="forever", description="x"))
    assert response.status_code == 200
    assert "Write a duration such as" in response.content.decode()


def test_a_tracker_cannot_be_filed_as_a_necessary_snippet(admin_client):
    necessary = CookieCategory.objects.get(key="necessary")
    response = admin_client.post("/admin/consent/snippet/add/", {
        "name": "GA", "category": necessary.pk, "placement": "body", "enabled": "on",
        "position": 0, "code": '<script src="https://www.google-analytics.com/analytics.js">'
                               "</script>"})
    assert response.status_code == 200
    assert "This code loads Google Analytics, which belongs to Analytics" in \
        response.content.decode()
    assert not Snippet.objects.exists()


def test_a_snippet_shows_how_it_is_served(admin_client):
    snippet = Snippet.objects.create(name="Stats", code="<script>go()</script>",
                                     category=CookieCategory.objects.get(key="analytics"))
    html = admin_client.get(f"/admin/consent/snippet/{snippet.pk}/change/").content.decode()
    assert "&lt;script type=&quot;text/plain&quot; data-category=&quot;analytics&quot;&gt;" in html


def test_the_policy_texts_are_one_row_whose_revision_only_goes_up(admin_client):
    assert admin_client.get("/admin/consent/consentpolicy/").url.endswith("/1/change/")
    policy = ConsentPolicy.objects.get(pk=1)
    data = {field.name: getattr(policy, field.name) for field in ConsentPolicy._meta.fields
            if field.editable and field.name != "id"}
    data |= {f"{name}_zh_hans": policy.translation("zh-hans", name)
             for name in ConsentPolicy.translated_fields}
    response = admin_client.post("/admin/consent/consentpolicy/1/change/", data | {"revision": 0})
    assert "The revision can only go up" in response.content.decode()
    admin_client.post("/admin/consent/consentpolicy/1/change/", data | {"revision": 2})
    assert ConsentPolicy.objects.get(pk=1).revision == 2
    assert admin_client.get("/admin/consent/cookiecategory/add/").status_code == 403


def test_records_can_be_read_exported_and_verified_but_not_changed(admin_client):
    saved = record()
    listing = admin_client.get("/admin/consent/consentrecord/").content.decode()
    assert str(saved.consent_id) in listing and "Verify the log" in listing
    assert admin_client.get("/admin/consent/consentrecord/add/").status_code == 403
    change = admin_client.get(f"/admin/consent/consentrecord/{saved.pk}/change/")
    assert "Save" not in change.content.decode().split("submit-row")[-1][:200]

    export = admin_client.post("/admin/consent/consentrecord/", {
        "action": "export_csv", "_selected_action": [saved.pk]})
    assert export["Content-Type"].startswith("text/csv")
    assert saved.hash in export.content.decode()

    verified = admin_client.get("/admin/consent/consentrecord/verify/", follow=True)
    assert "The log is intact: 1 records verified" in verified.content.decode()
    assert ConsentRecord.objects.count() == 1
