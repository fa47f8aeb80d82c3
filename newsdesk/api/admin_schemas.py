"""What the Admin API takes and answers."""

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from newsdesk.api.schemas import Image


class ReferenceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    publisher: str = Field("", max_length=200)
    date: datetime.date | None = None
    url: str = Field("", max_length=1000)


class DraftFields(Schema):
    model_config = ConfigDict(extra="forbid")
    summary: str = Field("", max_length=600)
    body: str = Field("", max_length=500_000, description="Markdown.")
    language: Literal["en", "zh-hans"] = "en"
    section: str | None = Field(None, description="Section slug.")
    tags: list[str] = Field([], max_length=30, description="Tag names; new ones are created.")
    authors: list[str] = Field([], max_length=20, description="Author slugs (Editors); an "
                                                              "Author's drafts keep their own.")
    references: list[ReferenceIn] = Field([], max_length=100)
    correction: str = Field("", max_length=5000)


class DraftIn(DraftFields):
    title: str = Field(min_length=1, max_length=300)


class DraftPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(description="The `version` of the story as you read it.")
    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, max_length=600)
    body: str | None = Field(None, max_length=500_000)
    language: Literal["en", "zh-hans"] | None = None
    section: str | None = None
    tags: list[str] | None = Field(None, max_length=30)
    authors: list[str] | None = Field(None, max_length=20)
    references: list[ReferenceIn] | None = Field(None, max_length=100)
    correction: str | None = Field(None, max_length=5000)


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    note: str = Field("", max_length=2000, description="A word for the editor.")


class AdminReference(Schema):
    title: str
    publisher: str
    date: datetime.date | None
    url: str


class AdminStory(Schema):
    id: int
    slug: str
    title: str
    summary: str
    body: str = Field(description="Markdown.")
    body_html: str
    language: str
    status: str = Field(description="draft, review (when the site has a review step), "
                                    "published, unpublished.")
    version: str = Field(description="Send it back when changing the story.")
    section: str | None
    tags: list[str]
    authors: list[str]
    references: list[AdminReference]
    correction: str
    image: Image | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    preview_url: str
    edit_url: str


class ImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str
    markdown: str = Field(description="Paste into a story's body.")


class Me(Schema):
    username: str
    roles: list[str]
    can_publish: bool
    token_expires_at: datetime.datetime | None
