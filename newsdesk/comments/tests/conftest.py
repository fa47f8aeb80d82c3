import re
import time

import pytest
from django.core.cache import caches
from django.test import TestCase

from newsdesk.comments import tokens
from newsdesk.comments.models import Comment
from newsdesk.publishing.tests.factories import make_article


@pytest.fixture(autouse=True)
def _fresh_antispam_cache(request):
    """Rate-limit counters live in a database table: empty it for every database test."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    caches["comments"].clear()


@pytest.fixture
def article(db):
    return make_article("Ferry returns to the bay")


def old_token(article, seconds=60):
    """A form token issued `seconds` ago: past the time trap's minimum."""
    return tokens.form_token(article.pk, now=time.time() - seconds)


def form_data(article, **fields):
    data = {
        "comment": "The ferry was on time today.",
        "name": "Ann Reader",
        "email": "ann@example.org",
        "website": "",
        "token": old_token(article),
        # Past the pre-posting nudge (asked once): test_nudge.py posts without this.
        "reconsidered": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, article, lang="en", **fields):
    """Post the comment form as a browser would, running after-commit work."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/{lang}/comments/{article.pk}/post/", form_data(article, **fields))


def make_comment(article, status=Comment.Status.APPROVED, **fields):
    fields.setdefault("name", "Ben Writer")
    fields.setdefault("email", "ben@example.org")
    fields.setdefault("text", f"A thought {time.monotonic_ns()}")
    return Comment.objects.create(article=article, status=status, **fields)


def author_link(response):
    """The address the author is sent to after posting."""
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def own_comment_id(response):
    return int(re.search(r"#comment-(\d+)$", author_link(response)).group(1))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Accounts are made in many tests; the real hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
