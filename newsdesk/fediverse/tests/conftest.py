import json

import pytest
from django.test import Client

from newsdesk.fediverse import signatures
from newsdesk.fediverse.models import RemoteActor

REMOTE = "https://social.example/users/alice"


@pytest.fixture(scope="session")
def remote_keys():
    return signatures.new_key_pair()


@pytest.fixture
def alice(db, remote_keys):
    return RemoteActor.objects.create(
        uri=REMOTE, domain="social.example", username="alice", name="Alice",
        profile_url="https://social.example/@alice", inbox=REMOTE + "/inbox",
        shared_inbox="https://social.example/inbox", key_id=REMOTE + "#main-key",
        public_pem=remote_keys[1])


@pytest.fixture
def story(db):
    from newsdesk.publishing.models import Article, Author, Tag

    mara = Author.objects.create(name="Mara", slug="mara")
    article = Article.objects.create(title="Ferry strike ends", body="The **strike** is over.",
                                     summary="Crews return.", status="published")
    article.authors.add(mara)
    article.tags.add(Tag.objects.create(name="ferry workers"))
    return article


class Inbox:
    """POSTs to our inboxes signed with a remote actor's key."""

    def __init__(self, private_pem, key_id=REMOTE + "#main-key"):
        self.client, self.private_pem, self.key_id = Client(), private_pem, key_id

    def post(self, path, activity, headers=None, body=None, sign=True, key_id=None):
        body = body if body is not None else json.dumps(activity).encode()
        extra = {"HTTP_HOST": "testserver"}
        if sign:
            signed = signatures.sign("POST", f"http://testserver{path}", key_id or self.key_id,
                                     self.private_pem, body=body)
            for name, value in signed.items():
                extra[f"HTTP_{name.upper().replace('-', '_')}"] = value
        for name, value in (headers or {}).items():
            extra[f"HTTP_{name.upper().replace('-', '_')}"] = value
        return self.client.generic("POST", path, body,
                                   content_type="application/activity+json", **extra)


@pytest.fixture
def inbox(alice, remote_keys):
    return Inbox(remote_keys[0])
