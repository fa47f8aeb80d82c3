"""What the Content API answers, as pydantic schemas: the OpenAPI document is made from them."""

from datetime import date, datetime

from ninja import Field, Schema


class Error(Schema):
    error: str = Field(description="A short code: bad_request, unauthorized, forbidden, "
                                   "not_found, conflict, too_large.")
    detail: str = Field(description="What was wrong, in a sentence.")


class Image(Schema):
    url: str = Field(description="Absolute address of the image file.")
    width: int | None
    height: int | None
    alt: str = Field(description="Alternative text; empty for a decorative image.")


class SectionRef(Schema):
    slug: str
    name: str
    names: dict[str, str] = Field(description="The name in each language that has one, by "
                                              "BCP 47 tag: {\"en\": ..., \"zh-Hans\": ...}.")
    url: str


class TagRef(Schema):
    slug: str
    name: str
    url: str


class AuthorRef(Schema):
    slug: str
    name: str
    url: str


class Reference(Schema):
    title: str
    publisher: str
    date: date | None
    url: str


class Story(Schema):
    id: int
    slug: str
    url: str = Field(description="The story's page, in its own language.")
    title: str
    summary: str
    language: str = Field(description="BCP 47 language tag of the story: en or zh-Hans.")
    published_at: datetime
    updated_at: datetime
    section: SectionRef | None
    tags: list[TagRef]
    authors: list[AuthorRef]
    body_html: str = Field(description="The body as sanitised HTML, as the site shows it.")
    body_markdown: str = Field(description="The body as the newsroom wrote it, in Markdown.")
    image: Image | None = Field(description="The featured image.")
    references: list[Reference] = Field(description="Sources the story cites, in order.")
    correction: str = Field(description="Correction or update note shown above the body; "
                                        "empty when there is none.")


class StoryList(Schema):
    items: list[Story]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; "
                                                "null on the last page.")
    next: str | None = Field(description="Address of the next page; null on the last page.")


class Author(Schema):
    id: int
    slug: str
    name: str
    bio: str
    url: str
    photo: Image | None


class AuthorList(Schema):
    items: list[Author]
    next_cursor: str | None
    next: str | None


class Section(Schema):
    id: int
    slug: str
    name: str
    names: dict[str, str] = Field(description="The name in each language that has one.")
    description: str
    descriptions: dict[str, str] = Field(description="The description in each language "
                                                     "that has one.")
    parent: str | None = Field(description="Slug of the parent section.")
    url: str


class SectionList(Schema):
    items: list[Section]
    next_cursor: str | None
    next: str | None


class Tag(Schema):
    id: int
    slug: str
    name: str
    url: str


class TagList(Schema):
    items: list[Tag]
    next_cursor: str | None
    next: str | None
