import datetime
import json

import pytest
from django.test import override_settings

from newsdesk.audience import services
from newsdesk.audience.committer import CommitFailed
from newsdesk.audience.models import DailyStat, ReferrerStat, VisitorMark
from newsdesk.audience.tests.conftest import BROWSER_UA, staff_user
from newsdesk.core.roles import EDITOR
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

VIEW, LIKE = "/api/audience/view/", "/api/audience/like/"


def post(client, url, data, **headers):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **headers)


def views_of(article):
    article.refresh_from_db()
    return article.view_count


@pytest.fixture
def article():
    return make_article("Ferry returns", view_count=41, like_count=2)


def test_a_view_is_counted_and_answered_with_the_live_totals(reader, article):
    response = post(reader, VIEW, {"article": article.pk, "referrer": ""})

    assert response.status_code == 200
    assert response.json() == {"article": article.pk, "counted": True, "views": 42, "likes": 2}
    assert response["Cache-Control"] == "no-store"
    stat = DailyStat.objects.get(article=article)
    assert (stat.views, stat.visitors) == (1, 1)


def test_the_same_visitor_is_counted_once_per_article_per_day(reader, article):
    other = make_article("Sea wall vote")
    post(reader, VIEW, {"article": article.pk})
    second = post(reader, VIEW, {"article": article.pk})
    post(reader, VIEW, {"article": other.pk})

    assert second.json() == {"article": article.pk, "counted": False, "reason": "repeat",
                             "views": 42, "likes": 2}
    assert views_of(article) == 42 and views_of(other) == 1
    stat = DailyStat.objects.get(article=article)
    assert (stat.views, stat.visitors) == (2, 1)


def test_another_address_or_browser_is_another_visitor(client, article):
    for address, agent in [("10.0.0.1", BROWSER_UA), ("10.0.0.2", BROWSER_UA),
                           ("10.0.0.1", BROWSER_UA + " Edg/126")]:
        post(client, VIEW, {"article": article.pk}, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert views_of(article) == 44


@override_settings(AUDIENCE_DEDUPE=False)
def test_every_view_is_counted_when_deduplication_is_off(reader, article):
    for _ in range(3):
        assert post(reader, VIEW, {"article": article.pk}).json()["counted"] is True
    assert views_of(article) == 44
    stat = DailyStat.objects.get(article=article)
    assert (stat.views, stat.visitors) == (3, 1)


@pytest.mark.parametrize("agent", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "",
])
def test_crawlers_link_previews_and_clients_without_user_agent_are_not_counted(
    client, article, agent
):
    response = post(client, VIEW, {"article": article.pk}, HTTP_USER_AGENT=agent)

    assert response.status_code == 200
    assert response.json()["counted"] is False and response.json()["reason"] == "crawler"
    assert views_of(article) == 41
    assert not DailyStat.objects.exists() and not VisitorMark.objects.exists()


@pytest.mark.parametrize("header, value", [
    ("HTTP_SEC_PURPOSE", "prefetch"),
    ("HTTP_SEC_PURPOSE", "prefetch;prerender"),
    ("HTTP_PURPOSE", "prefetch"),
    ("HTTP_X_MOZ", "prefetch"),
    ("HTTP_X_PURPOSE", "preview"),
])
def test_prefetch_and_prerender_requests_are_not_counted(reader, article, header, value):
    response = post(reader, VIEW, {"article": article.pk}, **{header: value})
    assert response.json()["reason"] == "prefetch"
    assert views_of(article) == 41


@pytest.mark.parametrize("method", ["get", "head", "put", "delete", "options"])
def test_methods_other_than_post_are_refused_and_count_nothing(reader, article, method):
    response = getattr(reader, method)(VIEW)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert views_of(article) == 41


def test_unknown_draft_and_scheduled_articles_give_404_and_touch_no_counter(reader):
    draft = make_article("Draft", status=Article.Status.DRAFT)
    scheduled = make_article(
        "Tomorrow", published_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    )
    for article_id in (draft.pk, scheduled.pk, 999_999):
        for url in (VIEW, LIKE):
            response = post(reader, url, {"article": article_id})
            assert response.status_code == 404
            assert response.json() == {"error": "There is no published article with this id."}
    assert not DailyStat.objects.exists() and not VisitorMark.objects.exists()
    assert set(Article.objects.values_list("view_count", "like_count")) == {(0, 0)}


@pytest.mark.parametrize("body", [
    "", "not json", "[1]", "null", '"1"', "{}", '{"article": "1"}', '{"article": true}',
    '{"article": 0}', '{"article": -3}', '{"article": 1.5}', '{"article": 99999999999999999999}',
    b"\xff\xfe{",
])
def test_malformed_bodies_give_400_with_a_reason(reader, article, body):
    response = post(reader, VIEW, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert views_of(article) == 41


def test_an_oversized_body_gives_413(reader, article):
    response = post(reader, VIEW, {"article": article.pk, "referrer": "x" * 5000})
    assert response.status_code == 413
    assert views_of(article) == 41


def test_requests_from_other_sites_are_refused(client, article):
    response = post(client, VIEW, {"article": article.pk}, HTTP_USER_AGENT=BROWSER_UA,
                    HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert views_of(article) == 41


@override_settings(AUDIENCE_RATE_LIMIT=3)
def test_an_absurd_rate_from_one_address_is_refused_with_429(reader, article):
    statuses = [post(reader, VIEW, {"article": article.pk}).status_code for _ in range(5)]
    other_address = post(reader, VIEW, {"article": article.pk}, REMOTE_ADDR="192.0.2.9")

    assert statuses == [200, 200, 200, 429, 429]
    assert other_address.status_code == 200
    limited = post(reader, VIEW, {"article": article.pk})
    assert limited["Retry-After"] == "60" and "Too many requests" in limited.json()["error"]


@override_settings(AUDIENCE_RATE_LIMIT=2, NEWSDESK_TRUSTED_PROXIES=("127.0.0.1/32",))
def test_a_forged_forwarding_header_does_not_escape_the_counting_rate_limit(reader, article):
    direct = [post(reader, VIEW, {"article": article.pk}, REMOTE_ADDR="198.51.100.7",
                   HTTP_X_FORWARDED_FOR=f"192.0.{n}.1").status_code for n in range(3)]
    proxied = [post(reader, VIEW, {"article": article.pk}, REMOTE_ADDR="127.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"192.0.{n}.1, 203.0.113.4").status_code
               for n in range(3)]
    assert direct == [200, 200, 429] and proxied == [200, 200, 429]


@override_settings(AUDIENCE_RATE_LIMIT=2)
def test_the_rate_limit_treats_an_ipv6_slash_64_as_one_address(reader, article):
    statuses = [
        post(reader, VIEW, {"article": article.pk}, REMOTE_ADDR=f"2001:db8:1:2::{n}").status_code
        for n in range(1, 4)
    ]
    assert statuses == [200, 200, 429]


def test_logged_in_editors_reading_an_article_are_not_counted(reader, article):
    reader.force_login(staff_user("editor", EDITOR))
    response = post(reader, VIEW, {"article": article.pk})
    assert response.json()["reason"] == "editor"
    assert views_of(article) == 41


def test_counting_never_sets_a_cookie(reader, article):
    responses = [
        post(reader, VIEW, {"article": article.pk}),
        post(reader, LIKE, {"article": article.pk}),
        reader.get(f"/api/audience/pixel/{article.pk}.gif"),
        post(reader, VIEW, "junk"),
    ]
    assert all(not response.cookies for response in responses)
    assert not reader.cookies


def test_only_the_referring_domain_is_kept(reader, article):
    post(reader, VIEW, {"article": article.pk,
                        "referrer": "https://www.Example.org/private/path?q=secret#frag"})
    post(reader, VIEW, {"article": article.pk, "referrer": "javascript:alert(1)"},
         REMOTE_ADDR="192.0.2.1")
    assert sorted(ReferrerStat.objects.values_list("domain", "views")) == [("", 1),
                                                                         ("example.org", 1)]


def test_a_like_a_repeated_like_and_an_unlike_give_the_right_count(reader, article):
    first = post(reader, LIKE, {"article": article.pk, "liked": True})
    again = post(reader, LIKE, {"article": article.pk})
    withdrawn = post(reader, LIKE, {"article": article.pk, "liked": False})

    assert first.json() == {"article": article.pk, "liked": True, "changed": True,
                            "views": 41, "likes": 3}
    assert again.json()["changed"] is False and again.json()["likes"] == 3
    assert withdrawn.json() == {"article": article.pk, "liked": False, "changed": True,
                                "views": 41, "likes": 2}
    stat = DailyStat.objects.get(article=article)
    assert (stat.likes, stat.unlikes) == (1, 1)


def test_a_like_from_an_earlier_day_can_be_withdrawn_once(reader, article, monkeypatch):
    post(reader, LIKE, {"article": article.pk})
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(services.timezone, "localdate", lambda: tomorrow)

    assert post(reader, LIKE, {"article": article.pk, "liked": False}).json()["likes"] == 2
    assert post(reader, LIKE, {"article": article.pk, "liked": False}).json()["changed"] is False
    assert post(reader, LIKE, {"article": article.pk, "liked": False}).json()["likes"] == 2


def test_like_totals_never_go_below_zero(reader):
    article = make_article(like_count=0)
    response = post(reader, LIKE, {"article": article.pk, "liked": False})
    assert response.status_code == 200 and response.json()["likes"] == 0


def test_crawlers_cannot_like_and_liked_must_be_a_boolean(client, reader, article):
    assert post(client, LIKE, {"article": article.pk}, HTTP_USER_AGENT="Googlebot/2.1"
                ).status_code == 403
    assert post(reader, LIKE, {"article": article.pk, "liked": "yes"}).status_code == 400
    article.refresh_from_db()
    assert article.like_count == 2


def test_the_noscript_pixel_counts_a_view_and_answers_a_gif(reader, article):
    response = reader.get(f"/api/audience/pixel/{article.pk}.gif")
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a") and response["Cache-Control"] == "no-store"
    assert views_of(article) == 42


def test_the_pixel_counts_nothing_for_head_crawlers_and_unknown_articles(client, reader, article):
    assert reader.head(f"/api/audience/pixel/{article.pk}.gif").status_code == 200
    client.get(f"/api/audience/pixel/{article.pk}.gif", HTTP_USER_AGENT="Googlebot/2.1")
    assert reader.get("/api/audience/pixel/999999.gif").status_code == 200
    assert views_of(article) == 41


def test_a_write_that_fails_is_answered_503_and_not_acknowledged(reader, article, monkeypatch):
    def fail(*args, **kwargs):
        raise CommitFailed("disk full")

    monkeypatch.setattr(services, "record_view", fail)
    response = post(reader, VIEW, {"article": article.pk})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "counted" not in response.json()


def test_ping_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/api/audience/ping/")
    assert response.json() == {"ok": True}
