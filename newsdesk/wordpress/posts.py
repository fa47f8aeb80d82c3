"""Step 5: posts become articles (with their featured image, terms, old links).

Status: publish → published; future → published with its future time
(scheduled); draft, pending and private → draft (private ones are counted
for the report). Dates come from the GMT fields; a draft's zero GMT date falls
back to its local date in the newsroom's time zone.
"""

import html
import re

from django.conf import settings
from django.utils import timezone

from newsdesk.publishing.models import Article
from newsdesk.wordpress import content, mapping
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.slugs import choose_slug

KIND = ImportedObject.Kind.POST
PUBLISHED_STATUSES = {"publish", "future"}
DRAFT_STATUSES = {"draft", "pending", "private"}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
WORD_CHARACTER = re.compile(r"\w")
SUMMARY_LENGTH = 600  # Article.summary's form limit


def site_language(code, fallback=None):
    """A newsdesk language for a WordPress one: zh-CN → zh-hans, en-US → en."""
    code = (code or "").lower()
    available = [language for language, _name in settings.LANGUAGES]
    if code.startswith("zh"):
        return "zh-hans" if "zh-hans" in available else fallback
    base = code.split("-")[0]
    return base if base in available else fallback


def detect_language(item, default):
    """Polylang's or WPML's language term if any; else Chinese when Han characters dominate."""
    for taxonomy, slug, _name in item.terms:
        if taxonomy in ("language", "wpml_language"):
            found = site_language(slug)
            if found:
                return found
    sample = item.title + " " + content.plain_text(item.content[:2000])
    letters = len(WORD_CHARACTER.findall(sample))
    if letters and len(HAN.findall(sample)) / letters > 0.3:
        return "zh-hans"
    return default


def publication_time(item):
    if item.date_gmt is not None:
        return item.date_gmt
    if item.date_local is not None:
        return timezone.make_aware(item.date_local, timezone.get_default_timezone())
    return None


def primary_category(item, state):
    """Yoast's primary category if set, else the first one that is not "uncategorized".

    Returns (category, number of categories the post had).
    """
    terms = [(slug, name) for taxonomy, slug, name in item.terms if taxonomy == "category"]
    primary_id = item.meta_value("_yoast_wpseo_primary_category").strip()
    ordered = sorted(terms, key=lambda term: (state.term_ids.get(term[0]) != primary_id,
                                              term[0] == "uncategorized"))
    for slug, name in ordered:
        category = state.category_for(slug, name)
        if category is not None:
            return category, len(terms)
    return None, len(terms)


def import_post(item, state):
    """Create, update or skip the article for one WordPress post; returns it or None."""
    report, counts = state.report, state.report["posts"]
    record = mapping.find(KIND, item.wp_id, item.guid)
    article = mapping.target_of(record, Article)
    digest = mapping.checksum(item, state.fingerprint)
    if record is not None and article is None:
        report.warn(f"Post {item.wp_id} ({item.title!r}) was deleted in newsdesk after an "
                    "earlier import: not created again.")
        counts.skipped += 1
        return None
    if record is not None and record.checksum == digest:
        counts.skipped += 1
        return None
    created = article is None
    article = article or Article()
    fill_article(article, item, state)
    article.save()
    moments = {"updated_at": item.modified_gmt or article.published_at or timezone.now()}
    if created:
        moments["created_at"] = publication_time(item) or timezone.now()
    Article.objects.filter(pk=article.pk).update(**moments)
    article.authors.set([author for author in [state.author_for(item.creator)] if author])
    article.tags.set([tag for tag in (state.tag_for(slug, name) for taxonomy, slug, name
                                      in item.terms if taxonomy == "post_tag") if tag])
    image = state.featured_image(item, article)
    if created:
        counts.created += 1
    else:
        counts.updated += 1
    previous = record.data if record else {}
    views = state.import_views(item, article, previous.get("views", 0))
    data = {"wp_slug": item.slug, "status": item.status, "sticky": item.sticky,
            "views": views, "featured_image_url": image}
    mapping.remember(KIND, item.wp_id, article, record=record, checksum=digest, guid=item.guid,
                     slug=item.slug, old_url=item.link[:1000], data=data)
    if item.sticky:
        report.sticky_posts += 1
    if item.status == "private":
        report.private_posts += 1
    state.links.for_post(item, article)
    state.import_comments(item, article)
    return article


def fill_article(article, item, state):
    title = html.unescape(item.title).strip() or f"WordPress post {item.wp_id}"
    article.title = title[:300]
    if not article.slug:
        article.slug = choose_slug(Article, item.slug, title, instance=article, max_length=200)
    article.summary = content.plain_text(item.excerpt)[:SUMMARY_LENGTH]
    body = content.convert(item.content, state.shortcode_context(item), state.report.notes)
    article.body = state.uploads.rewrite(body)
    article.language = detect_language(item, state.language)
    article.pinned = item.sticky  # WordPress's sticky posts lead its home page; so here
    if item.status in PUBLISHED_STATUSES:
        article.status = Article.Status.PUBLISHED
        article.published_at = publication_time(item) or timezone.now()
    else:
        article.status = Article.Status.DRAFT
        keep_date = item.status == "private"
        article.published_at = publication_time(item) if keep_date else None
    category, how_many = primary_category(item, state)
    article.category = category
    if how_many > 1:
        state.report.several_categories += 1


def set_featured_image(state, item, article):
    """Point the article's featured image at the copied file.

    Returns the attachment's original URL when the file was not copied (no
    --uploads-dir, or the file is missing there), "" otherwise.
    """
    thumbnail = item.meta_value("_thumbnail_id").strip()
    attachment = state.attachments.get(int(thumbnail)) if thumbnail.isdecimal() else None
    if attachment is None:
        if thumbnail.isdecimal():
            state.report.warn(
                f"Post {item.wp_id}: featured image {thumbnail} is not in the export.")
        return ""
    name = state.uploads.stored_name(attachment.file) if state.uploads.directory else None
    if name is None:
        if state.uploads.directory:
            state.report.warn(f"Post {item.wp_id}: featured image file {attachment.file!r} "
                              "is not in the uploads directory.")
        else:
            state.report.images_not_copied += 1
        return attachment.url
    if state.report.dry_run:
        return ""
    field = Article._meta.get_field("featured_image")
    article.featured_image.name = name
    field.update_dimension_fields(article, force=True)
    article.featured_image_alt = (attachment.alt or attachment.caption or attachment.title)[:300]
    article.save(update_fields=["featured_image", "featured_image_width",
                                "featured_image_height", "featured_image_alt"])
    return ""
