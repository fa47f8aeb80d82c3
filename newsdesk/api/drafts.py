"""Drafts through the Admin API, under the back office's rules (publishing/admin.py).

Every change is version-checked: the client sends the `version` it read, and a
story that changed since is not overwritten (Conflict, 409). Until the desk's
version counter exists the version is the story's `updated_at`, claimed with one
conditional UPDATE, so two writers from one version cannot both succeed on
SQLite or PostgreSQL.
"""

import datetime

import reversion
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from newsdesk.api import serialize
from newsdesk.api.errors import BadRequest, Conflict
from newsdesk.publishing import models as publishing_models
from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

EDITABLE = {Article.Status.DRAFT, *([Article.Status.REVIEW] if hasattr(Article.Status, "REVIEW")
                                    else [])}


def can_publish(user):
    return user.has_perm("publishing.publish_article")


def owns(user, article):
    return article.authors.filter(user=user).exists()


def visible(request, pk):
    """The story if this person may see it in the back office; 404 otherwise (as there)."""
    user = request.auth.user
    article = Article.objects.filter(pk=pk).first()
    if article is None or not user.has_perm("publishing.view_article"):
        raise Http404
    if not can_publish(user) and not owns(user, article):
        raise Http404
    request.audit_object = article
    return article


def changeable(request, pk):
    article = visible(request, pk)
    user = request.auth.user
    if not user.has_perm("publishing.change_article"):
        raise HttpError(403, _("This account may not change stories."))
    if article.status not in EDITABLE:
        raise Conflict(_("This story is %(status)s: change it in the back office.")
                       % {"status": article.get_status_display().lower()})
    if not can_publish(user) and article.status != Article.Status.DRAFT:
        raise HttpError(403, _("Only an Editor can change a story in review."))
    return article


def version_of(article):
    if hasattr(article, "version"):
        return str(article.version)
    return article.updated_at.isoformat()


def _claim(article, version):
    """Take the story from `version` to the next, or raise Conflict (nothing written)."""
    if hasattr(article, "version"):
        try:
            article.version = int(version)
        except ValueError:
            raise BadRequest(_("version: send the version you read, unchanged")) from None
        return
    try:
        expected = datetime.datetime.fromisoformat(version)
    except ValueError:
        raise BadRequest(_("version: send the version you read, unchanged")) from None
    claimed = Article.objects.filter(pk=article.pk, updated_at=expected).update(
        updated_at=timezone.now())
    if not claimed:
        raise _conflict(article)


def _conflict(article):
    current = Article.objects.filter(pk=article.pk).first()
    return Conflict(_("Someone saved this story since you read it (now version %(version)s): "
                      "read it again and re-apply your change.")
                    % {"version": version_of(current) if current else "?"})


def _section(slug):
    if not slug:
        return None
    found = Category.objects.filter(slug=slug).first()
    if found is None:
        raise BadRequest(_("section: there is no section with the slug %(slug)r")
                         % {"slug": slug})
    return found


def _tags(user, names):
    tags = []
    for name in dict.fromkeys(name.strip() for name in names if name.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            if not user.has_perm("publishing.add_tag"):
                raise HttpError(403, _("This account may not create tags."))
            tag = Tag.objects.create(name=name[:100])
        tags.append(tag)
    return tags


def _authors(user, slugs, article):
    own = getattr(user, "author_profile", None)
    if slugs is None:
        return None
    found = list(Author.objects.filter(slug__in=slugs))
    missing = set(slugs) - {author.slug for author in found}
    if missing:
        raise BadRequest(_("authors: no author with the slug %(slug)r")
                         % {"slug": sorted(missing)[0]})
    if not can_publish(user):
        if own is None or own not in found:
            raise HttpError(403, _("An Author's drafts keep their own name among the authors."))
    return found


def _apply(user, article, data):
    for name in ("title", "summary", "body", "language", "correction"):
        if name in data and data[name] is not None:
            setattr(article, name, data[name])
    if "section" in data:
        article.category = _section(data["section"])
    try:
        article.full_clean(exclude=["slug", "featured_image", "authors", "tags"])
    except ValidationError as error:
        raise BadRequest("; ".join(f"{field}: {' '.join(messages)}" for field, messages
                                   in error.message_dict.items())) from None


def _relations(user, article, data):
    if data.get("tags") is not None:
        article.tags.set(_tags(user, data["tags"]))
    authors = _authors(user, data.get("authors"), article)
    if authors is not None:
        article.authors.set(authors)
    elif not article.authors.exists() and getattr(user, "author_profile", None):
        article.authors.add(user.author_profile)
    if data.get("references") is not None:
        article.references.all().delete()
        for position, item in enumerate(data["references"]):
            Reference.objects.create(article=article, position=position, **{
                key: value if value is not None else ("" if key != "date" else None)
                for key, value in item.items()})


def create(user, data):
    with transaction.atomic(), reversion.create_revision():
        article = Article(status=Article.Status.DRAFT)
        _apply(user, article, data)
        article.save()
        _relations(user, article, data)
        reversion.set_user(user)
        reversion.set_comment(_("Created through the Admin API"))
    return article


def update(user, article, version, data):
    with transaction.atomic(), reversion.create_revision():
        _claim(article, version)
        _apply(user, article, data)
        _save(article)
        _relations(user, article, data)
        reversion.set_user(user)
        reversion.set_comment(_("Changed through the Admin API"))
    return article


def _save(article):
    # The desk's version check raises VersionConflict from Article.save(); before it
    # exists, `except ()` catches nothing and _claim() has done the check.
    try:
        article.save()
    except getattr(publishing_models, "VersionConflict", ()):
        raise _conflict(article) from None


def submit(user, article, note):
    if not apps.is_installed("newsdesk.desk"):
        raise Conflict(_("This site has no review step: an Editor publishes drafts."))
    from newsdesk.desk import workflow

    try:
        with transaction.atomic():
            workflow.transition(article, "submit", user, note)
    except workflow.WorkflowError as error:
        raise Conflict(str(error)) from None
    article.refresh_from_db()
    return article


def _clean_upload(file):
    from newsdesk.security import conf as security_conf
    from newsdesk.security.uploads import clean_image

    limit = security_conf.get("UPLOAD_MAX_BYTES")
    if file.size > limit:
        raise HttpError(413, _("This file is %(size)s MB; images may be at most %(limit)s MB.")
                        % {"size": round(file.size / 1048576, 1),
                           "limit": round(limit / 1048576, 1)})
    try:
        return clean_image(file.read(), file.name or "image")
    except ValidationError as error:
        raise BadRequest("file: " + " ".join(error.messages)) from None


def store_image(user, file, alt):
    from PIL import Image

    content = _clean_upload(file)
    with Image.open(content) as image:
        width, height = image.size
    content.seek(0)
    name = default_storage.save(timezone.now().strftime("api/%Y/%m/") + content.name, content)
    url = serialize.absolute(default_storage.url(name))
    alt = (alt or "").strip()[:300]
    return {"url": url, "width": width, "height": height, "alt": alt,
            "markdown": f"![{alt.replace(']', '')}]({url})"}


def set_featured_image(user, article, version, file, alt):
    content = _clean_upload(file)
    with transaction.atomic(), reversion.create_revision():
        _claim(article, version)
        article.featured_image.save(content.name, content, save=False)
        article.featured_image_alt = (alt or "").strip()[:300]
        _save(article)
        reversion.set_user(user)
        reversion.set_comment(_("Featured image set through the Admin API"))
    return article


def as_admin(article):
    story = serialize.story(article)
    return {
        "id": article.pk, "slug": article.slug, "title": article.title,
        "summary": article.summary, "body": article.body, "body_html": article.body_html,
        "language": article.language, "status": article.status,
        "version": version_of(article),
        "section": article.category.slug if article.category_id else None,
        "tags": [tag.name for tag in article.tags.all()],
        "authors": [author.slug for author in article.authors.all()],
        "references": story["references"], "correction": article.correction,
        "image": story["image"], "created_at": article.created_at,
        "updated_at": article.updated_at,
        "preview_url": serialize.absolute(reverse("publishing:preview",
                                                  kwargs={"pk": article.pk})),
        "edit_url": serialize.absolute(reverse("admin:publishing_article_change",
                                               args=[article.pk])),
    }
