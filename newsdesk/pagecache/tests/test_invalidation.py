import datetime

import pytest
from django.utils import timezone

from newsdesk.core.signals import site_changed
from newsdesk.publishing import signals
from newsdesk.publishing.models import Category, Reference, Tag
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    city = Category.objects.create(name="City")
    first = make_article("Ferry returns to the bay", category=city, days_ago=1)
    second = make_article("Library reopens", category=city, days_ago=2)
    return first, second


def warm(get, *urls):
    for url in urls:
        get(url)
    return {url: get(url).headers["x-cache"] for url in urls}


def cache_states(get, *urls):
    return {url: get(url).headers.get("x-cache") for url in urls}


def test_editing_an_article_refreshes_its_page_and_listings_but_not_other_articles(
    get, articles, django_capture_on_commit_callbacks
):
    """Article A's page and every listing show the new title; article B stays cached."""
    first, second = articles
    a, b = first.get_absolute_url(), second.get_absolute_url()
    listings = ["/en/", "/en/category/city/", "/zh-hans/", a[:12]]  # a[:12]: /en/YYYY/MM/
    assert set(warm(get, a, b, *listings).values()) == {"HIT"}

    with django_capture_on_commit_callbacks(execute=True):
        first.title = "Ferry returns, timetable changed"
        first.save()

    states = cache_states(get, a, b, *listings)
    assert states[a] == "MISS" and states[b] == "HIT"
    assert all(states[url] == "MISS" for url in listings)
    assert "timetable changed" in get(a).text and "timetable changed" in get("/en/").text


def test_nothing_is_refreshed_before_the_transaction_commits(get, articles,
                                                             django_capture_on_commit_callbacks):
    """A page rendered between save and commit would be stale: invalidation waits for it."""
    first, _ = articles
    url = first.get_absolute_url()
    warm(get, url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first.title = "Changed"
        first.save()
    assert get(url).headers["x-cache"] == "HIT"
    for callback in callbacks:
        callback()
    assert get(url).headers["x-cache"] == "MISS"


def test_an_approved_comment_refreshes_the_article_through_article_changed(
    get, articles, django_capture_on_commit_callbacks
):
    """Other apps send article_changed when what they add to a page changes."""
    first, second = articles
    a, b = first.get_absolute_url(), second.get_absolute_url()
    warm(get, a, b)
    with django_capture_on_commit_callbacks(execute=True):
        signals.article_changed.send(sender=type(first), article=first)
    assert cache_states(get, a, b) == {a: "MISS", b: "HIT"}


def test_site_changed_refreshes_every_page(get, articles, django_capture_on_commit_callbacks):
    first, second = articles
    urls = [first.get_absolute_url(), second.get_absolute_url(), "/en/"]
    warm(get, *urls)
    with django_capture_on_commit_callbacks(execute=True):
        site_changed.send(sender=None)
    assert set(cache_states(get, *urls).values()) == {"MISS"}


def test_renaming_a_category_refreshes_every_page_since_it_is_in_the_navigation(
    get, articles, django_capture_on_commit_callbacks
):
    first, second = articles
    urls = [first.get_absolute_url(), second.get_absolute_url(), "/en/"]
    warm(get, *urls)
    with django_capture_on_commit_callbacks(execute=True):
        Category.objects.filter(name="City").get().save()
    assert set(cache_states(get, *urls).values()) == {"MISS"}


def test_references_and_tags_refresh_their_article(get, articles,
                                                   django_capture_on_commit_callbacks):
    first, second = articles
    a, b = first.get_absolute_url(), second.get_absolute_url()
    warm(get, a, b)
    with django_capture_on_commit_callbacks(execute=True):
        Reference.objects.create(article=first, title="Port timetable")
    assert cache_states(get, a, b) == {a: "MISS", b: "HIT"}
    assert "Port timetable" in get(a).text

    tag = Tag.objects.create(name="ferries")  # a new tag is in no page yet
    warm(get, a, b)
    with django_capture_on_commit_callbacks(execute=True):
        first.tags.add(tag)
    assert cache_states(get, a, b) == {a: "MISS", b: "HIT"}


def test_deleting_an_article_removes_its_page_and_its_teasers(
    get, articles, django_capture_on_commit_callbacks
):
    first, _ = articles
    url = first.get_absolute_url()
    warm(get, url, "/en/")
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert get(url).status == 404
    assert "Ferry returns to the bay" not in get("/en/").text


def test_a_listing_expires_when_a_scheduled_article_goes_live(get, store, monkeypatch):
    """The home page, cached before the publication time, shows the article right after it."""
    make_article("Already out", days_ago=1)
    goes_live = timezone.now() + datetime.timedelta(minutes=5)
    scheduled = make_article("Scheduled story", published_at=goes_live)
    first = get("/en/")
    assert "Scheduled story" not in first.text
    assert get("/en/").headers["x-cache"] == "HIT"
    article_page = get(make_article("Another", days_ago=2).get_absolute_url())
    assert article_page.status == 200

    later = goes_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(store, "clock", later.timestamp)

    after = get("/en/")
    assert after.headers["x-cache"] == "MISS" and "Scheduled story" in after.text
    assert get(scheduled.get_absolute_url()).status == 200


def test_s_maxage_never_outlives_the_next_scheduled_publication(get):
    make_article("Already out", days_ago=1)
    make_article("Soon", published_at=timezone.now() + datetime.timedelta(seconds=20))
    get("/en/")
    cache_control = get("/en/").headers["cache-control"]
    seconds = int(cache_control.split("s-maxage=")[1].split(",")[0])
    assert 0 <= seconds <= 20


def test_a_page_invalidated_while_it_renders_is_not_served_afterwards(get, articles, store,
                                                                      monkeypatch):
    """The versions are pinned before rendering: an edit committed meanwhile wins."""
    first, _ = articles
    url = first.get_absolute_url()
    from newsdesk.pagecache import middleware

    original = middleware.PageTagsMiddleware.__call__

    def edit_during_render(self, request):
        response = original(self, request)
        store.invalidate([f"article:{first.pk}"])  # another worker handles an edit
        return response

    monkeypatch.setattr(middleware.PageTagsMiddleware, "__call__", edit_during_render)
    assert get(url).headers["x-cache"] == "MISS"
    monkeypatch.undo()
    assert get(url).headers["x-cache"] == "MISS"
    assert get(url).headers["x-cache"] == "HIT"
