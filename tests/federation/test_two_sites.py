"""ActivityPub between two newsdesk sites on loopback: follow, Create, Update, a reply into
moderation, signatures checked both ways, a forged activity refused."""

import json
import textwrap
import urllib.error
import urllib.request

import pytest

from newsdesk.fediverse import signatures
from tests.live_site import LiveSite

LOOPBACK = {"NEWSDESK_OUTBOUND_ALLOWED_NETWORKS": "127.0.0.0/8"}


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory):
    sites = [LiveSite(data_dir=tmp_path_factory.mktemp(name), extra_env=dict(LOOPBACK))
             for name in ("site-a", "site-b")]
    for site in sites:
        site.prepare()
        site.start()
    yield sites
    for site in sites:
        site.stop()
        site.drop_database()


def shell(site, code):
    return site.newsdesk("shell", "-c", textwrap.dedent(code)).stdout.strip()


def send(site):
    """What the job queue's worker does: try every due delivery."""
    return site.newsdesk("send-activities").stdout


def test_a_second_site_follows_an_author_receives_stories_and_replies(two_sites):
    a, b = two_sites
    slug = a.sql("SELECT slug FROM publishing_author ORDER BY id LIMIT 1")[0][0]
    author_uri = f"{a.base_url}/fediverse/users/{slug}"
    b.newsdesk("follow", f"@{slug}@127.0.0.1:{a.port}")
    assert "done 1" in send(b)  # Follow: A checked B's signature by fetching B's key
    assert a.sql("SELECT local FROM fediverse_follower") != []
    assert "done 1" in send(a)  # Accept: B checked A's signature the same way
    assert b.sql("SELECT accepted FROM fediverse_following") == [(True,)] or \
        b.sql("SELECT accepted FROM fediverse_following") == [(1,)]
    assert b.sql("SELECT uri FROM fediverse_remoteactor") == [(author_uri,)]

    story_id = shell(a, f"""
        from newsdesk.publishing.models import Article, Author
        story = Article.objects.create(title="Ferry strike ends", body="Crews return.")
        story.authors.add(Author.objects.get(slug="{slug}"))
        story.status = "published"
        story.save()
        print(story.pk)
    """).splitlines()[-1]
    send(a)
    assert b.sql("SELECT title, updated_count FROM fediverse_post") == [("Ferry strike ends", 0)]

    shell(a, f"""
        from newsdesk.publishing.models import Article
        story = Article.objects.get(pk={story_id})
        story.title = "Ferry strike over"
        story.save()
    """)
    send(a)
    assert b.sql("SELECT title, updated_count FROM fediverse_post") == [("Ferry strike over", 1)]

    shell(b, """
        from newsdesk.fediverse import services
        from newsdesk.fediverse.models import Post
        services.reply(Post.objects.get(), "Glad to hear it. Which lines run first?")
    """)
    assert "done 1" in send(b)
    comments = a.sql("SELECT status, text, spam_reason FROM comments_comment "
                     "WHERE article_id = %s", (int(story_id),))
    assert len(comments) == 1
    status, text, held = comments[0]
    assert status == "pending" and text == "Glad to hear it. Which lines run first?"
    assert "fediverse" in held and f"{b.base_url}/fediverse/users/news/notes/" in \
        a.sql("SELECT note_id FROM fediverse_reply")[0][0]


def test_a_forged_activity_is_refused_and_reaches_no_queue(two_sites):
    a, b = two_sites
    slug = a.sql("SELECT slug FROM publishing_author ORDER BY id LIMIT 1")[0][0]
    story = a.sql("SELECT id FROM publishing_article WHERE status = 'published' "
                  "ORDER BY id LIMIT 1")[0][0]
    before = a.sql("SELECT COUNT(*) FROM comments_comment")[0][0]
    b_actor = f"{b.base_url}/fediverse/users/news"
    activity = {"id": b_actor + "/forged", "type": "Create", "actor": b_actor, "object": {
        "id": b_actor + "/forged-note", "type": "Note", "attributedTo": b_actor,
        "inReplyTo": f"{a.base_url}/fediverse/stories/{story}", "content": "<p>Spam</p>"}}
    body = json.dumps(activity).encode()
    inbox = f"{a.base_url}/fediverse/users/{slug}/inbox"
    forger_key = signatures.new_key_pair()[0]
    headers = signatures.sign("POST", inbox, b_actor + "#main-key", forger_key, body=body)
    request = urllib.request.Request(inbox, data=body, method="POST", headers={
        **headers, "Content-Type": "application/activity+json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
    assert a.sql("SELECT COUNT(*) FROM comments_comment")[0][0] == before
