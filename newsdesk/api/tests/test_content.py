"""The Content API through HTTP; every answer is checked against /api/openapi.json."""

import datetime

import pytest
from django.utils import timezone


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_stories_list_shows_published_stories_newest_first(api, newsroom):
    assert titles(api.get("/api/v1/stories")) == [
        "Summit opens", "渡轮罢工结束", "Ferry strike ends"]


def test_a_story_carries_body_as_html_and_markdown_references_and_links(api, newsroom):
    story = api.get("/api/v1/stories/ferry-strike-ends").json()
    assert story["body_markdown"].startswith("# Ferry strike ends")
    assert "<strong>body</strong>" in story["body_html"]
    assert story["references"] == [{"title": "Port authority notice", "publisher": "Port",
                                    "date": None, "url": "https://port.example/notice"}]
    assert story["section"]["slug"] == "harbour"
    assert story["tags"][0]["slug"] == "ferries"
    assert story["authors"][0]["name"] == "Mara Lindqvist"
    assert story["url"].endswith("/en/" + story["published_at"][:4] + "/"
                                 + story["published_at"][5:7] + "/ferry-strike-ends/")


def test_a_chinese_story_links_to_its_chinese_page_and_says_zh_hans(api, newsroom):
    story = api.get("/api/v1/stories?language=zh-hans").json()["items"][0]
    assert story["language"] == "zh-Hans"
    assert "/zh-hans/" in story["url"]


@pytest.mark.parametrize("query, expected", [
    ("language=en", ["Summit opens", "Ferry strike ends"]),
    ("section=city", ["渡轮罢工结束", "Ferry strike ends"]),  # its subsection included
    ("section=world", ["Summit opens"]),
    ("tag=ferries", ["Ferry strike ends"]),
    ("author=li-wei", ["Summit opens", "渡轮罢工结束"]),
    ("author=li-wei&section=harbour", ["渡轮罢工结束"]),
])
def test_filters_narrow_the_list_and_combine(api, newsroom, query, expected):
    assert titles(api.get(f"/api/v1/stories?{query}")) == expected


def test_updated_since_and_order_updated_sync_changes_oldest_first(api, newsroom):
    moment = timezone.now()
    newsroom["stories"]["Ferry strike ends"].save()
    response = api.get("/api/v1/stories", data={"updated_since": moment.isoformat(),
                                                "order": "updated"})
    assert titles(response) == ["Ferry strike ends"]


def test_drafts_and_scheduled_stories_are_not_in_the_api(api, newsroom):
    from newsdesk.publishing.models import Article

    Article.objects.create(title="Tomorrow", body="x", status="published",
                           published_at=timezone.now() + datetime.timedelta(days=1))
    assert "Unfinished" not in titles(api.get("/api/v1/stories"))
    assert "Tomorrow" not in titles(api.get("/api/v1/stories"))
    assert api.get("/api/v1/stories/unfinished").status_code == 404
    assert api.get("/api/v1/stories/tomorrow").status_code == 404


def test_cursor_pages_walk_the_whole_list_once_even_while_a_story_is_published(api, newsroom):
    from newsdesk.publishing.models import Article

    seen, url = [], "/api/v1/stories?limit=1"
    while url:
        page = api.get(url).json()
        seen += [item["title"] for item in page["items"]]
        if len(seen) == 1:
            Article.objects.create(title="Breaking", body="x", status="published")
        url = page["next"] and page["next"].removeprefix("http://127.0.0.1:8000")
    assert seen == ["Summit opens", "渡轮罢工结束", "Ferry strike ends"]


@pytest.mark.parametrize("query, reason", [
    ("sectoin=city", "sectoin: unknown parameter"),
    ("cursor=not-a-cursor", "the cursor is malformed"),
    ("cursor=WyJ1cGRhdGVkIiwiMjAyNi0wMS0wMVQwMDowMDowMCswMDowMCIsMV0", "made for order="),
    ("cursor=" + "A" * 300, "too long"),
    ("limit=0", "limit"),
    ("limit=1000", "limit may be at most 100"),
    ("limit=ten", "limit"),
    ("language=fr", "language"),
    ("section=nowhere", "no category with the slug 'nowhere'"),
    ("updated_since=yesterday", "updated_since"),
    ("updated_since=2026-01-01T00:00:00", "needs a time zone"),
    ("order=random", "order"),
])
def test_unknown_filters_and_malformed_cursors_are_400_with_the_reason(api, newsroom, query,
                                                                        reason):
    response = api.get(f"/api/v1/stories?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert reason in response.json()["detail"]


def test_authors_sections_and_tags_are_listed_and_found_by_slug(api, newsroom):
    assert [a["slug"] for a in api.get("/api/v1/authors").json()["items"]] == [
        "li-wei", "mara-lindqvist"]
    section = api.get("/api/v1/sections/harbour").json()
    assert section["parent"] == "city"
    assert api.get("/api/v1/sections/city").json()["names"] == {"en": "City", "zh-Hans": "城市"}
    assert api.get("/api/v1/tags/ferries").json()["name"] == "Ferries"
    assert api.get("/api/v1/authors/mara-lindqvist").json()["bio"] == "Harbour reporter."
    assert api.get("/api/v1/tags/nothing").status_code == 404
    assert api.get("/api/v1/tags?colour=red").status_code == 400


def test_answers_set_no_cookie_carry_an_etag_and_answer_304_when_unchanged(api, newsroom):
    first = api.get("/api/v1/stories")
    assert not first.cookies
    assert first["Cache-Control"] == "public, max-age=0"
    again = api.get("/api/v1/stories", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    newsroom["stories"]["Summit opens"].save()
    changed = api.get("/api/v1/stories", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_openapi_document_and_reference_page_are_served_from_the_site(api):
    document = api.client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/stories", "/api/v1/stories/{slug}", "/api/v1/authors",
            "/api/v1/sections", "/api/v1/tags", "/api/v1/admin/stories"} <= set(document["paths"])
    page = api.client.get("/api/reference/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "https://" not in page.split("<body")[0]


def test_the_openapi_check_refuses_an_answer_the_document_does_not_declare(api):
    from openapi_core.validation.response.exceptions import DataValidationError

    from newsdesk.api.tests.openapi import check

    with pytest.raises(DataValidationError):
        check(api.spec, "get", "/api/v1/tags/x", 200, "application/json", b'{"id": "one"}')
