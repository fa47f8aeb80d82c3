import re
import time

import pytest
from django.core import mail
from django.test import TestCase

from newsdesk.newsletter import tokens
from newsdesk.newsletter.models import NewsletterList, Subscriber, Subscription
from newsdesk.publishing.tests.factories import make_article


@pytest.fixture
def lists(db):
    """The two lists every site starts with (made by the first migrate; made again after a
    transactional test emptied the tables)."""
    from newsdesk.newsletter.defaults import ensure_default_lists

    ensure_default_lists()
    return {item.language: item for item in NewsletterList.objects.filter(is_default=True)}


@pytest.fixture
def article(db):
    return make_article("Ferry returns to the bay", summary="After ten years, boats again.",
                        body="The **ferry** is back.\n\n![Pier](/media/pier.jpg)")


def form_token(seconds=60):
    return tokens.form_token(time.time() - seconds)


def subscribe(client, email="ann@example.org", lang="en", **fields):
    """Send the sign-up form as a browser on this site would, running after-commit jobs."""
    headers = {"HTTP_ORIGIN": "http://testserver"}
    headers.update({key: fields.pop(key) for key in list(fields) if key.isupper()})
    data = {"email": email, "token": form_token(), "website": "", **fields}
    data = {key: value for key, value in data.items() if value is not None}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/{lang}/newsletter/subscribe/", data, **headers)


def link_in(message, name):
    """The first link to /<lang>/newsletter/<name>/ in an email's text part."""
    found = re.search(rf"https?://\S+/newsletter/{name}/\S+/", message.body)
    assert found, message.body
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def confirm(client, message):
    path = link_in(message, "confirm")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path)


def make_subscriber(email, lists, language="en", status=Subscriber.Status.ACTIVE, **fields):
    from django.utils import timezone

    subscriber = Subscriber.objects.create(email=email, language=language, status=status,
                                           confirmed_at=timezone.now(), **fields)
    for item in lists:
        Subscription.objects.create(subscriber=subscriber, newsletter_list=item,
                                    confirmed_at=timezone.now())
    return subscriber


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.NEWSDESK_BASE_URL = "http://testserver"
    settings.ALLOWED_HOSTS = ["testserver"]
    mail.outbox = []
