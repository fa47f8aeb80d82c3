"""The view beacon, the like endpoint and the noscript pixel under hostile requests.

Any body, any article id, any header: never a 500; a refusal is a 4xx with a
reason; and a request that is not a valid count of a published article leaves
every count exactly as it was.
"""

import datetime
import json

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st

from newsdesk.audience.models import DailyStat, LikeMark, ReferrerStat, VisitorMark
from newsdesk.audience.tests.conftest import BROWSER_UA
from newsdesk.core.testing import (
    RAW_JSON_ATTACKS,
    assert_no_server_error,
    client,
    header_values,
    hostile_ids,
    hostile_json_bodies,
    hostile_text,
    http_settings,
)
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

VIEW, LIKE = "/api/audience/view/", "/api/audience/like/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.AUDIENCE_RATE_LIMIT = 0


@pytest.fixture
def articles():
    """A published article, a draft and a scheduled one: only the first may be counted."""
    return {
        "live": make_article("Ferry returns", view_count=41, like_count=2),
        "draft": make_article("Draft", status=Article.Status.DRAFT),
        "scheduled": make_article("Tomorrow", published_at=timezone.now()
                                  + datetime.timedelta(days=1)),
    }


def counts():
    """Every number a view or a like can change."""
    return (
        sorted(Article.objects.values_list("pk", "view_count", "like_count")),
        DailyStat.objects.aggregate(views=Sum("views"), visitors=Sum("visitors"),
                                    likes=Sum("likes")),
        VisitorMark.objects.count(), LikeMark.objects.count(),
        sorted(ReferrerStat.objects.values_list("domain", "views")),
    )


def article_ids(articles):
    return st.one_of(st.sampled_from(["live", "draft", "scheduled"]).map(
        lambda name: articles[name].pk), hostile_ids())


def headers():
    return st.fixed_dictionaries({
        "HTTP_USER_AGENT": st.one_of(st.just(BROWSER_UA), header_values()),
    }, optional={
        "HTTP_SEC_FETCH_SITE": st.sampled_from(["same-origin", "cross-site", "none", ""]),
        "HTTP_SEC_PURPOSE": st.sampled_from(["prefetch", "prefetch;prerender", "x"]),
        "HTTP_X_FORWARDED_FOR": header_values(max_size=60),
        "HTTP_REFERER": header_values(max_size=200),
    })


def bodies(articles):
    shaped = st.fixed_dictionaries({"article": article_ids(articles)}, optional={
        "referrer": st.one_of(hostile_text(max_size=300), hostile_ids(),
                              st.sampled_from(["https://www.example.org/a", "javascript:x",
                                               "http://exa\u0000mple.org/", "https://[::1/"])),
        "liked": st.one_of(st.booleans(), hostile_ids()),
    }).map(lambda body: json.dumps(body).encode())
    return st.one_of(shaped, shaped, hostile_json_bodies())  # mostly well-formed


def send(method, url, body, content_type, extra):
    browser = client()
    if method == "get":
        return browser.get(url, **extra)
    return getattr(browser, method)(url, body, content_type=content_type, **extra)


def totals(article):
    return Article.objects.values_list("view_count", "like_count").get(pk=article.pk)


@http_settings
@given(data=st.data(), url=st.sampled_from([VIEW, LIKE]),
       method=st.sampled_from(["post", "post", "post", "get", "put"]),
       content_type=st.sampled_from(["application/json", "text/plain", ""]))
def test_beacons_count_valid_requests_and_change_nothing_for_anything_else(
        articles, data, url, method, content_type):
    """No 500; an answer other than 200 is a 4xx with a reason and leaves every count alone."""
    body, extra = data.draw(bodies(articles)), data.draw(headers())
    before, live_before = counts(), totals(articles["live"])
    response = send(method, url, body, content_type, extra)
    assert_no_server_error(response)
    event(f"{url} answered {response.status_code}")
    answer = response.json()
    if response.status_code != 200:
        assert 400 <= response.status_code < 500
        assert isinstance(answer["error"], str) and answer["error"]
        assert counts() == before
        return
    assert answer["article"] == articles["live"].pk, "only the live article is ever counted"
    views, likes = totals(articles["live"])
    assert (answer["views"], answer["likes"]) == (views, likes)
    if url == VIEW:
        assert (views, likes) == (live_before[0] + answer["counted"], live_before[1])
    else:
        step = (1 if answer["liked"] else -1) if answer["changed"] else 0
        assert (views, likes) == (live_before[0], live_before[1] + step)


@pytest.mark.parametrize("url", [VIEW, LIKE])
@pytest.mark.parametrize("body", RAW_JSON_ATTACKS, ids=range(len(RAW_JSON_ATTACKS)))
def test_each_known_json_attack_is_refused_with_a_reason(articles, url, body):
    before = counts()
    response = client().post(url, body, content_type="application/json",
                             HTTP_USER_AGENT=BROWSER_UA)
    assert 400 <= response.status_code < 500
    assert response.json()["error"] and counts() == before


@http_settings
@given(article_id=st.one_of(st.integers(min_value=0, max_value=10**40),
                            st.sampled_from(["live", "draft", "scheduled"])),
       method=st.sampled_from(["get", "head", "post"]), extra=headers())
def test_the_noscript_pixel_is_always_an_image_and_counts_only_live_articles(
        articles, article_id, method, extra):
    """Any number in the address: a GIF, and a count only for a published article."""
    if isinstance(article_id, str):
        article_id = articles[article_id].pk
    before = counts()
    response = getattr(client(), method)(f"/api/audience/pixel/{article_id}.gif", **extra)
    assert_no_server_error(response)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    if article_id != articles["live"].pk or method != "get":
        assert counts() == before


@http_settings
@given(path=hostile_text(max_size=60))
def test_odd_pixel_addresses_are_not_found_rather_than_failing(path):
    from urllib.parse import quote

    response = client().get(f"/api/audience/pixel/{quote(path, safe='')}.gif")
    assert_no_server_error(response)
