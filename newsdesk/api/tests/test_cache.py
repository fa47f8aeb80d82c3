"""Content API answers through the real WSGI stack: kept by the page cache, refreshed exactly."""

import pytest

from newsdesk.pagecache.tests.conftest import app, get  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def state(get, url, **kwargs):  # noqa: F811
    return get(url, **kwargs).headers.get("x-cache")


def test_api_answers_are_cached_with_their_query_and_carry_the_page_cache_headers(
        get, newsroom):  # noqa: F811
    first = get("/api/v1/stories?language=en")
    assert first.headers["x-cache"] == "MISS" and first.headers["set-cookie"] == []
    again = get("/api/v1/stories?language=en")
    assert again.headers["x-cache"] == "HIT" and again.body == first.body
    assert "s-maxage=" in again.headers["cache-control"]
    assert get("/api/v1/stories?language=zh-hans").headers["x-cache"] == "MISS"
    not_modified = get("/api/v1/stories?language=en",
                       headers={"If-None-Match": again.headers["etag"]})
    assert not_modified.status == 304


def test_editing_a_story_refreshes_the_lists_and_its_own_answer_but_not_others(
        get, newsroom, django_capture_on_commit_callbacks):  # noqa: F811
    urls = ["/api/v1/stories", "/api/v1/stories/ferry-strike-ends",
            "/api/v1/stories/summit-opens", "/api/v1/tags"]
    for url in urls:
        get(url)
    assert {state(get, url) for url in urls} == {"HIT"}
    with django_capture_on_commit_callbacks(execute=True):
        story = newsroom["stories"]["Ferry strike ends"]
        story.title = "Ferry strike over"
        story.save()
    assert state(get, "/api/v1/stories/ferry-strike-ends") == "MISS"
    assert state(get, "/api/v1/stories") == "MISS"
    assert state(get, "/api/v1/stories/summit-opens") == "HIT"
    assert b"Ferry strike over" in get("/api/v1/stories").body


def test_a_new_reference_refreshes_lists_that_show_the_story(
        get, newsroom, django_capture_on_commit_callbacks):  # noqa: F811
    from newsdesk.publishing.models import Reference

    get("/api/v1/stories?tag=ferries")
    assert state(get, "/api/v1/stories?tag=ferries") == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        Reference.objects.create(article=newsroom["stories"]["Ferry strike ends"],
                                 title="Union statement")
    assert b"Union statement" in get("/api/v1/stories?tag=ferries").body


def test_bad_requests_admin_calls_and_requests_with_a_token_are_never_cached(
        get, newsroom):  # noqa: F811
    for _ in range(2):
        assert get("/api/v1/stories?bogus=1").status == 400
        assert get("/api/v1/admin/me").status == 401
        assert get("/api/v1/stories", headers={"Authorization": "Bearer x"}).headers.get(
            "x-cache") is None
    assert state(get, "/api/v1/stories?bogus=1") is None
