"""The Content API: published stories, authors, sections and tags, read-only and public.

Every answer is cacheable as a reader page is: no cookie, an ETag, Cache-Control;
in front of Django the page cache keeps them and refreshes them exactly when
what they show changes (apps.py registers /api/v1/ with it).
"""

import datetime
from typing import Literal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.http import urlencode
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from newsdesk.api import cache, conf, cursors, schemas, serialize
from newsdesk.api.errors import BadRequest
from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

router = Router(tags=["Content"])
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


class Page(Schema):
    """Unknown parameters are refused (400), so a typo never silently widens a filter."""

    model_config = ConfigDict(extra="forbid")
    cursor: str | None = Field(None, description="`next_cursor` of the page before.")
    limit: int | None = Field(None, ge=1, description="Items per page (default 20, at most 100).")


class StoryFilters(Page):
    language: Literal["en", "zh-hans", "zh-Hans"] | None = Field(
        None, description="Only stories in this language.")
    section: str | None = Field(None, description="Section slug; its subsections included.")
    tag: str | None = Field(None, description="Tag slug.")
    author: str | None = Field(None, description="Author slug.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only stories changed at or after this time (ISO 8601 with a zone).")
    order: Literal["published", "updated"] = Field(
        "published", description="`published`: newest first (reading); `updated`: least "
                                 "recently changed first (syncing with updated_since).")


def limit_of(page):
    limit = page.limit or conf.get("PAGE_SIZE")
    if limit > conf.get("MAX_PAGE_SIZE"):
        raise BadRequest(f"limit may be at most {conf.get('MAX_PAGE_SIZE')}")
    return limit


def listing(request, rows, next_cursor, serializer):
    nxt = None
    if next_cursor:
        query = {key: value for key, value in request.GET.items() if key != "cursor"}
        nxt = serialize.absolute(f"{request.path}?{urlencode({**query, 'cursor': next_cursor})}")
    return {"items": [serializer(row) for row in rows], "next_cursor": nxt and next_cursor,
            "next": nxt}


def paged(request, queryset, page, field, descending, kind, order, serializer):
    try:
        rows, next_cursor = cursors.page(queryset, order=order, field=field,
                                         descending=descending, cursor=page.cursor,
                                         limit=limit_of(page), kind=kind)
    except cursors.CursorError as error:
        raise BadRequest(str(error)) from None
    return rows, listing(request, rows, next_cursor, serializer)


def stories():
    return Article.objects.published().select_related("category").prefetch_related(
        "tags", "authors", Prefetch("references", queryset=Reference.objects.order_by(
            "position", "pk")))


def one_of(model, slug, **filters):
    found = model.objects.filter(slug=slug, **filters).first()
    if found is None:
        raise BadRequest(f"there is no {model._meta.model_name} with the slug {slug!r}")
    return found


@router.get("/stories", response={200: schemas.StoryList, 400: schemas.Error},
            summary="List published stories")
@cache.public
@cache.only_parameters(StoryFilters)
def list_stories(request, filters: Query[StoryFilters]):
    """Published stories, newest first, with every filter combined (AND)."""
    queryset = stories()
    if filters.language:
        queryset = queryset.filter(language=filters.language.lower())
    if filters.section:
        queryset = queryset.filter(category__in=one_of(Category, filters.section).descendant_ids())
    if filters.tag:
        queryset = queryset.filter(tags=one_of(Tag, filters.tag))
    if filters.author:
        queryset = queryset.filter(authors=one_of(Author, filters.author))
    if filters.updated_since:
        if filters.updated_since.tzinfo is None:
            raise BadRequest("updated_since needs a time zone, e.g. 2026-12-01T08:00:00Z")
        queryset = queryset.filter(updated_at__gte=filters.updated_since)
    field, descending = ("published_at", True) if filters.order == "published" \
        else ("updated_at", False)
    rows, answer = paged(request, queryset, filters, field, descending, datetime.datetime,
                         filters.order, serialize.story)
    cache.shows_stories(request, [row.pk for row in rows])
    return answer


@router.get("/stories/{slug}", response={200: schemas.Story, 400: schemas.Error,
                                        404: schemas.Error},
            summary="One published story")
@cache.public
@cache.only_parameters()
def get_story(request, slug: str):
    """A published story by its slug (or its numeric id)."""
    lookup = {"pk": int(slug)} if slug.isdigit() else {"slug": slug}
    article = stories().filter(**lookup).first()
    if article is None:
        raise Http404
    cache.shows_stories(request, [article.pk], listing=False)
    return serialize.story(article)


def simple_list(rows, serializer, name):
    @cache.public
    @cache.only_parameters(Page)
    def view(request, page: Query[Page]):
        return paged(request, rows(), page, "slug", False, str, name, serializer)[1]

    return view


def simple_detail(rows, serializer):
    @cache.public
    @cache.only_parameters()
    def view(request, slug: str):
        found = rows().filter(slug=slug).first()
        if found is None:
            raise Http404
        return serializer(found)

    return view


for name, rows, serializer, item, many in [
    ("authors", Author.objects.all, serialize.author, schemas.Author, schemas.AuthorList),
    ("sections", Category.objects.select_related("parent").all, serialize.section,
     schemas.Section, schemas.SectionList),
    ("tags", Tag.objects.all, serialize.tag, schemas.Tag, schemas.TagList),
]:
    router.get(f"/{name}", response={200: many, 400: schemas.Error}, operation_id=f"list_{name}",
               summary=f"List {name}", description=f"Every one of the site's {name}, by slug.")(
        simple_list(rows, serializer, name))
    router.get(f"/{name}/{{slug}}", response={200: item, 400: schemas.Error, 404: schemas.Error},
               operation_id=f"get_{name[:-1]}", summary=f"One of the {name}")(
        simple_detail(rows, serializer))
