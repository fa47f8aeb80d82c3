"""WebFinger, NodeInfo, actors and the meta tags Mastodon reads."""

import pytest

pytestmark = pytest.mark.django_db


def test_webfinger_finds_an_author_and_the_site(client, story):
    found = client.get("/.well-known/webfinger", {"resource": "acct:mara@127.0.0.1"}).json()
    assert found["subject"] == "acct:mara@127.0.0.1"
    self_link = next(link for link in found["links"] if link["rel"] == "self")
    assert self_link["href"] == "http://127.0.0.1:8000/fediverse/users/mara"
    assert client.get("/.well-known/webfinger",
                      {"resource": "acct:news@127.0.0.1"}).status_code == 200


def test_webfinger_says_nothing_about_others(client, story):
    assert client.get("/.well-known/webfinger",
                      {"resource": "acct:nobody@127.0.0.1"}).status_code == 404
    assert client.get("/.well-known/webfinger",
                      {"resource": "acct:mara@elsewhere.example"}).status_code == 404
    assert client.get("/.well-known/webfinger").status_code == 400


def test_an_actor_document_has_its_key_inboxes_and_profile(client, story):
    actor = client.get("/fediverse/users/mara").json()
    assert actor["type"] == "Person" and actor["preferredUsername"] == "mara"
    assert actor["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert actor["publicKey"]["owner"] == actor["id"]
    assert actor["inbox"] == actor["id"] + "/inbox"
    assert actor["endpoints"]["sharedInbox"] == "http://127.0.0.1:8000/fediverse/inbox"
    assert client.get("/fediverse/users/news").json()["type"] == "Organization"
    assert client.get("/fediverse/users/nobody").status_code == 404


def test_nodeinfo_is_discoverable(client, story):
    link = client.get("/.well-known/nodeinfo").json()["links"][0]["href"]
    info = client.get(link.removeprefix("http://127.0.0.1:8000")).json()
    assert info["software"]["name"] == "newsdesk" and info["protocols"] == ["activitypub"]
    assert info["usage"]["localPosts"] == 1


def test_a_story_is_an_article_with_title_summary_link_language_and_hashtags(client, story):
    obj = client.get(f"/fediverse/stories/{story.pk}").json()
    assert obj["type"] == "Article" and obj["name"] == "Ferry strike ends"
    assert obj["summary"] == "Crews return." and obj["url"].endswith("/ferry-strike-ends/")
    assert obj["attributedTo"].endswith("/fediverse/users/mara")
    assert obj["contentMap"] == {"en": story.body_html}
    assert obj["tag"][0]["name"] == "#FerryWorkers"


def test_story_pages_name_their_authors_fediverse_accounts(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<meta name="fediverse:creator" content="@mara@127.0.0.1">' in page
    assert f'type="application/activity+json" href="http://127.0.0.1:8000/fediverse/stories/' \
           f'{story.pk}"' in page


def test_drafts_are_not_objects(client, db):
    from newsdesk.publishing.models import Article

    draft = Article.objects.create(title="Secret", body="x")
    assert client.get(f"/fediverse/stories/{draft.pk}").status_code == 404
