"""Antispam rules and hostile requests, each through HTTP as a bot or a browser sends them."""

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings

from newsdesk.comments import antispam, tokens
from newsdesk.comments.models import BlocklistEntry, Comment
from newsdesk.comments.tests.conftest import author_link, form_data, make_comment, post

pytestmark = pytest.mark.django_db


def test_a_filled_honeypot_is_filed_as_spam_and_the_bot_is_told_nothing(client, article):
    response = post(client, article, subject="Buy now")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM and comment.spam_reason == "honeypot"
    assert "awaiting moderation" in client.get(author_link(response)).content.decode()


@pytest.mark.parametrize("token, message", [
    (lambda article: tokens.form_token(article.pk), "That was very quick"),
    (lambda article: tokens.form_token(article.pk, now=time.time() - 25 * 3600),
     "open for a long time"),
    (lambda article: "forged:token", "could not be checked"),
    (lambda article: tokens.form_token(article.pk + 1, now=time.time() - 60),
     "could not be checked"),
    (lambda article: "", "could not be checked"),
])
def test_the_time_trap_refuses_fast_stale_forged_or_foreign_forms_and_keeps_the_text(
    client, article, token, message
):
    response = post(client, article, token=token(article), comment="My careful words")
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert "My careful words" in html
    assert not Comment.objects.exists()
    # The re-rendered form carries a new token, so sending it again works.
    fresh = html.split('name="token" value="')[1].split('"')[0]
    tokens.check_form_token(fresh, article.pk, now=time.time() + 10)


@override_settings(COMMENTS_MODERATION="approve-all")
def test_more_than_two_links_wait_for_a_moderator(client, article):
    post(client, article, comment="https://a.example https://b.example")
    post(client, article, comment="https://a.example https://b.example www.c.example",
         email="other@example.org")
    statuses = dict(Comment.objects.values_list("email", "status"))
    assert statuses == {"ann@example.org": "approved", "other@example.org": "pending"}
    assert Comment.objects.get(email="other@example.org").spam_reason == "links"


@pytest.mark.parametrize("kind, value, fields", [
    ("word", "casino", {"comment": "Best CASINO bonus"}),
    ("word", "casino", {"name": "Casino King"}),
    ("word", "casino", {"website": "https://casino.example"}),
    ("email", "ann@example.org", {}),
    ("email", "@example.org", {"email": "x@mail.example.org"}),
    ("email", "*@spam.example", {"email": "x@spam.example"}),
    ("ip", "127.0.0.0/8", {}),
    ("ip", "127.0.0.1", {}),
])
def test_blocklist_matches_go_to_spam(client, article, kind, value, fields):
    BlocklistEntry.objects.create(kind=kind, value=value)
    assert post(client, article, **fields).status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM and comment.spam_reason.startswith("blocklist")


def test_blocklist_leaves_other_commenters_alone(client, article):
    BlocklistEntry.objects.create(kind="email", value="@spam.example")
    BlocklistEntry.objects.create(kind="ip", value="203.0.113.0/24")
    post(client, article, email="ann@notspam.example")
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_posting_the_same_words_twice_is_refused_as_a_duplicate(client, article):
    post(client, article, comment="Same  words")
    response = post(client, article, comment="same words")
    assert response.status_code == 400
    assert "already said that" in response.content.decode()
    assert Comment.objects.count() == 1


@override_settings(COMMENTS_RATE_LIMIT=3)
def test_too_many_comments_from_one_address_get_429_with_a_readable_message(client, article):
    for number in range(3):
        assert post(client, article, comment=f"Comment {number}").status_code == 302
    response = post(client, article, comment="One too many")
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "too quickly" in html and "One too many" in html
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert post(other, article, comment="From elsewhere").status_code == 302


@override_settings(COMMENTS_RATE_LIMIT=2, NEWSDESK_TRUSTED_PROXIES=("127.0.0.1/32",))
def test_a_forged_forwarding_header_does_not_escape_the_comment_rate_limit(article):
    """Sent directly or prefixed before a trusted proxy's entry, the client's own
    X-Forwarded-For names nobody: both count against the address the proxy saw."""
    direct = [post(Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.{n}.1"),
                   article, comment=f"Direct {n}").status_code for n in range(3)]
    proxied = [post(Client(REMOTE_ADDR="127.0.0.1",
                           HTTP_X_FORWARDED_FOR=f"192.0.{n}.1, 203.0.113.4"),
                    article, comment=f"Proxied {n}").status_code for n in range(3)]
    assert direct == [302, 302, 429] and proxied == [302, 302, 429]
    assert Comment.objects.filter(ip_address="203.0.113.4").count() == 2


@override_settings(COMMENTS_RATE_LIMIT=0)
def test_the_rate_limit_can_be_switched_off(client, article):
    for number in range(8):
        assert post(client, article, comment=f"Comment {number}").status_code == 302


def test_the_rate_limit_window_moves_on(article):
    with override_settings(COMMENTS_RATE_LIMIT=1):
        assert not antispam.rate_limited("192.0.2.1", now=1000 * 60)
        assert antispam.rate_limited("192.0.2.1", now=1000 * 60 + 30)
        assert not antispam.rate_limited("192.0.2.1", now=1001 * 60)


@override_settings(COMMENTS_MAX_LENGTH=100)
def test_comments_over_the_length_limit_are_refused_with_the_limit_named(client, article):
    response = post(client, article, comment="x" * 101)
    assert response.status_code == 400
    assert "101 characters long; the limit is 100" in response.content.decode()


@pytest.mark.parametrize("size", [100_000, 3_000_000])
def test_an_oversized_body_gets_400_with_a_message(client, article, size):
    response = client.post(f"/en/comments/{article.pk}/post/",
                           form_data(article, comment="x" * size))
    assert response.status_code == 400
    assert "too long to send" in response.content.decode()


def test_an_undecodable_body_gets_400_with_a_message(client, article):
    response = client.post(f"/en/comments/{article.pk}/post/", data=b"comment=%ff%fe&name=x",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_body_that_is_not_a_form_gets_400(client, article):
    response = client.post(f"/en/comments/{article.pk}/post/", data={"comment": "hi"},
                           content_type="application/json")
    assert response.status_code == 400


def test_null_characters_are_refused_without_a_server_error(client, article):
    response = post(client, article, name="A\x00B")
    assert response.status_code == 400


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "https://evil.example"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_REFERER": "https://evil.example/page"},
])
def test_forms_sent_from_other_sites_get_the_friendly_csrf_page(article, headers):
    client = Client(**headers)
    response = post(client, article)
    html = response.content.decode()
    assert response.status_code == 403 and "could not be accepted" in html
    assert 'href="/en/"' in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "http://testserver"},
    {"HTTP_ORIGIN": "http://127.0.0.1:8000"},
    {"HTTP_SEC_FETCH_SITE": "same-origin"},
    {"HTTP_REFERER": "http://testserver/en/"},
])
def test_forms_from_this_site_are_accepted(article, headers):
    assert post(Client(**headers), article).status_code == 302


def test_csrf_failures_elsewhere_show_the_friendly_page_with_a_way_back():
    client = Client(enforce_csrf_checks=True, HTTP_REFERER="http://testserver/admin/login/")
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403 and "could not be accepted" in html
    assert 'href="http://testserver/admin/login/"' in html


def test_a_foreign_referer_is_never_offered_as_the_way_back():
    client = Client(enforce_csrf_checks=True, HTTP_REFERER="https://evil.example/")
    html = client.post("/admin/login/", {}).content.decode()
    assert "evil.example" not in html


def test_ip_addresses_are_truncated_to_their_network():
    assert antispam.truncate_ip("203.0.113.57") == "203.0.113.0"
    assert antispam.truncate_ip("2001:db8:1234:5678::1") == "2001:db8:1234::"
    assert antispam.truncate_ip("garbage") is None


def test_blocklist_ip_entries_must_be_addresses_or_ranges():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        BlocklistEntry(kind="ip", value="300.1.1.1").full_clean()
    BlocklistEntry(kind="ip", value=" 203.0.113.0/24 ").full_clean()


def test_spam_comments_are_counted_for_duplicates_but_trash_is_not(client, article):
    make_comment(article, status=Comment.Status.TRASH, text="Second chance",
                 email="ann@example.org")
    assert post(client, article, comment="Second chance").status_code == 302


def test_rate_limit_counters_never_store_the_address_and_expired_ones_are_purged(article):
    from newsdesk.comments.models import AntispamCacheEntry
    from newsdesk.comments.personal_data import purge

    # The database table is the store without Redis (with REDIS_URL, Redis expires keys itself).
    database_cache = {**settings.CACHES, "comments": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "comments_antispam_cache",
    }}
    with override_settings(COMMENTS_RATE_LIMIT=5, CACHES=database_cache):
        antispam.rate_limited("203.0.113.77")
    keys = list(AntispamCacheEntry.objects.values_list("cache_key", flat=True))
    assert keys and not any("203.0.113" in key for key in keys)
    AntispamCacheEntry.objects.update(expires="2000-01-01T00:00:00Z")
    purge()
    assert not AntispamCacheEntry.objects.exists()


def test_a_url_encoded_form_as_browsers_send_it_is_taken(client, article):
    from urllib.parse import urlencode

    body = urlencode(form_data(article, comment="Grüße aus 青川", name="Jörg"))
    response = client.post(f"/en/comments/{article.pk}/post/", body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert Comment.objects.get().text == "Grüße aus 青川"
