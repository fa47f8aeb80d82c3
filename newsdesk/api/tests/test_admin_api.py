"""The Admin API through HTTP: a token acts as its staff member, no more; every use audited."""

import datetime
import io
import os

import pytest
from django.utils import timezone
from PIL import Image

from newsdesk.api import tokens
from newsdesk.security.models import AuditEntry


@pytest.fixture
def token_of(db):
    def make(user, **kwargs):
        return tokens.issue(user, "test", **kwargs)[1]

    return make


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def draft(api, raw, **fields):
    response = api.post("/api/v1/admin/stories", {"title": "Harbour dredging", "body": "Text.",
                                                  **fields}, **bearer(raw))
    assert response.status_code == 201, response.content
    return response.json()


def png(size=(40, 30), noise=False):
    buffer = io.BytesIO()
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise \
        else Image.new("RGB", size, "navy")
    image.save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = "photo.png"
    return buffer


def test_an_author_creates_a_draft_under_their_own_name(api, people, newsroom, token_of):
    story = draft(api, token_of(people["author"]), section="harbour", tags=["Ferries", "Dredging"],
                  references=[{"title": "Survey", "url": "https://survey.example"}])
    assert story["status"] == "draft" and story["authors"] == ["ana-author"]
    assert story["section"] == "harbour" and story["tags"] == ["Dredging", "Ferries"]
    assert story["references"][0]["title"] == "Survey"
    entry = AuditEntry.objects.filter(action="api.story.create").get()
    assert entry.user == people["author"] and entry.object_id == str(story["id"])
    assert entry.details["token"].startswith("nd_")


def test_every_use_of_a_token_is_in_the_audit_trail_refused_ones_too(api, people, newsroom,
                                                                      token_of):
    raw = token_of(people["author"])
    api.get("/api/v1/admin/me", **bearer(raw))
    api.get(f"/api/v1/admin/stories/{newsroom['draft'].pk}", **bearer(raw))
    actions = list(AuditEntry.objects.filter(action__startswith="api.").order_by("pk")
                   .values_list("action", "details__status"))
    assert actions == [("api.me", 200), ("api.story.read", 404)]


def test_a_token_acting_beyond_its_role_is_refused(api, people, newsroom, token_of):
    author, other = token_of(people["author"]), token_of(people["other_author"])
    story = draft(api, author)
    # Another Author cannot see it, let alone change it.
    assert api.get(f"/api/v1/admin/stories/{story['id']}", **bearer(other)).status_code == 404
    assert api.patch(f"/api/v1/admin/stories/{story['id']}",
                     {"version": story["version"], "title": "Mine now"},
                     **bearer(other)).status_code == 404
    # An Author cannot take their own name off, nor write as someone else.
    refused = api.patch(f"/api/v1/admin/stories/{story['id']}",
                        {"version": story["version"], "authors": ["mara-lindqvist"]},
                        **bearer(author))
    assert refused.status_code == 403
    # Nor send a field the API does not take (no status: nobody publishes through it).
    assert api.patch(f"/api/v1/admin/stories/{story['id']}",
                     {"version": story["version"], "status": "published"},
                     **bearer(author)).status_code == 400
    # A published story is not changed through the Admin API.
    published = newsroom["stories"]["Summit opens"]
    editor = token_of(people["editor"])
    answer = api.patch(f"/api/v1/admin/stories/{published.pk}",
                       {"version": "x", "title": "Changed"}, **bearer(editor))
    assert answer.status_code == 409
    published.refresh_from_db()
    assert published.title == "Summit opens"


def test_a_role_taken_away_is_taken_from_the_token_at_once(api, people, token_of):
    from django.contrib.auth.models import Group

    raw = token_of(people["author"])
    people["author"].groups.remove(Group.objects.get(name="Author"))
    response = api.post("/api/v1/admin/stories", {"title": "x"}, **bearer(raw))
    assert response.status_code == 403


def test_an_editor_sets_any_authors(api, people, newsroom, token_of):
    story = draft(api, token_of(people["editor"]), authors=["mara-lindqvist", "li-wei"])
    assert sorted(story["authors"]) == ["li-wei", "mara-lindqvist"]


@pytest.mark.parametrize("case", ["revoked", "expired", "unknown", "malformed", "not staff",
                                  "inactive"])
def test_revoked_expired_or_unknown_tokens_get_the_same_401_with_no_hint(api, people, token_of,
                                                                         case):
    from newsdesk.api.models import Token

    raw = token_of(people["author"])
    token = Token.objects.get(digest=tokens.digest(raw))
    if case == "revoked":
        tokens.revoke(token)
    elif case == "expired":
        Token.objects.filter(pk=token.pk).update(expires_at=timezone.now()
                                                 - datetime.timedelta(seconds=1))
    elif case == "unknown":
        raw = tokens.PREFIX + "A" * 43
    elif case == "malformed":
        raw = "\u0000" * 10
    elif case == "not staff":
        people["author"].is_staff = False
        people["author"].save()
    elif case == "inactive":
        people["author"].is_active = False
        people["author"].save()
    response = api.get("/api/v1/admin/me", **bearer(raw))
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized",
                               "detail": "A valid API token is required."}
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_is_stored_hashed(people):
    raw = tokens.issue(people["author"], "laptop")[1]
    from newsdesk.api.models import Token

    stored = Token.objects.get()
    assert raw not in {stored.digest, stored.prefix} and stored.digest == tokens.digest(raw)
    assert raw.startswith(stored.prefix)


def test_a_stale_update_is_refused_and_nothing_is_overwritten(api, people, token_of):
    raw = token_of(people["author"])
    story = draft(api, raw)
    first = api.patch(f"/api/v1/admin/stories/{story['id']}",
                      {"version": story["version"], "body": "First editor's text."}, **bearer(raw))
    assert first.status_code == 200 and first.json()["version"] != story["version"]
    stale = api.patch(f"/api/v1/admin/stories/{story['id']}",
                      {"version": story["version"], "body": "Second, from the old copy."},
                      **bearer(raw))
    assert stale.status_code == 409 and "read it again" in stale.json()["detail"]
    again = api.get(f"/api/v1/admin/stories/{story['id']}", **bearer(raw)).json()
    assert again["body"] == "First editor's text."


def test_bad_drafts_are_400_with_the_reason(api, people, newsroom, token_of):
    raw = token_of(people["editor"])
    for body, reason in [
        ({"title": ""}, "title"),
        ({"title": "x", "body": "y", "section": "nowhere"}, "section"),
        ({"title": "x", "body": "y", "language": "fr"}, "language"),
        ({"title": "x", "body": "y", "authors": ["ghost"]}, "authors"),
        ({"title": "x" * 301, "body": "y"}, "title"),
        ({"title": "x", "body": "y", "colour": "red"}, "colour"),
        ({"title": "x"}, "body: This field cannot be blank"),
    ]:
        response = api.post("/api/v1/admin/stories", body, **bearer(raw))
        assert response.status_code == 400, body
        assert reason in response.json()["detail"]
    broken = api.client.post("/api/v1/admin/stories", "{not json", content_type="application/json",
                             **bearer(raw))
    assert broken.status_code == 400


def test_images_upload_checked_and_stripped_and_a_featured_image_is_set(api, people, token_of,
                                                                         settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    raw = token_of(people["author"])
    uploaded = api.post("/api/v1/admin/images", {"file": png(), "alt": "A dredger"},
                        content_type=None, **bearer(raw))
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["width"] == 40 and uploaded.json()["markdown"].startswith(
        "![A dredger](")
    fake = io.BytesIO(b"<svg onload=alert(1)>")
    fake.name = "x.png"
    assert api.post("/api/v1/admin/images", {"file": fake}, content_type=None,
                    **bearer(raw)).status_code == 400
    story = draft(api, raw)
    featured = api.post(f"/api/v1/admin/stories/{story['id']}/image",
                        {"file": png((80, 60)), "alt": "Dredger at dawn",
                         "version": story["version"]}, content_type=None, **bearer(raw))
    assert featured.status_code == 200, featured.content
    assert featured.json()["image"]["width"] == 80
    assert featured.json()["image"]["alt"] == "Dredger at dawn"


def test_an_image_over_the_upload_limit_is_413(api, people, token_of, settings):
    settings.SECURITY_UPLOAD_MAX_BYTES = 10_000
    response = api.post("/api/v1/admin/images", {"file": png((100, 100), noise=True)},
                        content_type=None,
                        **bearer(token_of(people["author"])))
    assert response.status_code == 413


def test_submit_without_a_review_step_says_so(api, people, token_of):
    raw = token_of(people["author"])
    story = draft(api, raw)
    response = api.post(f"/api/v1/admin/stories/{story['id']}/submit", {"note": "Ready"},
                        **bearer(raw))
    assert response.status_code in (200, 409)


def test_the_back_office_shows_a_new_token_once_and_lists_it_by_state(client, people):
    from newsdesk.api.models import Token

    client.force_login(people["author"])
    page = client.post("/admin/api/token/add/", {"name": "Desk app", "expires_at_0": "",
                                                 "expires_at_1": ""})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    token = Token.objects.get()
    raw = page.content.decode().split('id="new-token"')[1].split('value="')[1].split('"')[0]
    assert raw.startswith(token.prefix) and tokens.digest(raw) == token.digest
    assert token.user == people["author"]
    listing = client.get("/admin/api/token/?state=active").content.decode()
    assert "Desk app" in listing and raw not in listing
    tokens.revoke(token)
    assert "Desk app" not in client.get("/admin/api/token/?state=active").content.decode()
    # Another staff member's tokens are not theirs to see.
    client.force_login(people["other_author"])
    assert "Desk app" not in client.get("/admin/api/token/").content.decode()
