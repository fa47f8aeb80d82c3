"""Load the demo newsroom from the TOML files in publishing/demo/."""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from newsdesk.core.translation import model_values
from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

DEMO_DIR = Path(__file__).resolve().parent / "demo"


@dataclass
class DemoSummary:
    created: int = 0
    updated: int = 0

    def __str__(self):
        return f"Created {self.created}, updated {self.updated} demo articles."


def _read(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _days_ago(now, days):
    return now - datetime.timedelta(days=float(days))


@transaction.atomic
def load_demo(directory=DEMO_DIR, now=None):
    """Create or update the demo authors, categories and articles.

    Idempotent: rows are keyed on slugs, so a second run updates them and creates
    nothing new. Publication times are set on creation only, relative to `now`.
    """
    now = now or timezone.now()
    site = _read(directory / "site.toml")
    summary = DemoSummary()

    authors = {}
    for entry in site["authors"]:
        author, _ = Author.objects.update_or_create(
            slug=entry["slug"], defaults={"name": entry["name"], "bio": entry.get("bio", "")}
        )
        authors[author.slug] = author

    categories = {}
    for entry in site["categories"]:
        category, _ = Category.objects.update_or_create(
            slug=entry["slug"],
            # Texts per language as the TOML writes them (name, name_zh_hans, ...).
            defaults={"description": "", "translations": {}, **model_values(Category, {
                key: value for key, value in entry.items() if key not in ("slug", "parent")
            })},
        )
        categories[category.slug] = (category, entry.get("parent"))
    for category, parent_slug in categories.values():
        category.parent = categories[parent_slug][0] if parent_slug else None
        category.save(update_fields=["parent"])

    for path in sorted((directory / "articles").glob("*.toml")):
        entry = _read(path)
        article = Article.objects.filter(slug=entry["slug"]).first()
        created = article is None
        if created:
            article = Article(slug=entry["slug"])
            article.published_at = _days_ago(now, entry["published_days_ago"])
        article.title = entry["title"]
        article.summary = entry.get("summary", "")
        article.body = entry["body"].strip()
        article.language = entry.get("language", "en")
        article.status = Article.Status.PUBLISHED
        article.correction = entry.get("correction", "")
        article.category = categories[entry["category"]][0] if entry.get("category") else None
        article.save()
        updated_at = (
            _days_ago(now, entry["updated_days_ago"])
            if "updated_days_ago" in entry else article.published_at
        )
        if created:
            Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        article.authors.set([authors[slug] for slug in entry["authors"]])
        tags = []
        for name in entry.get("tags", []):
            tag = Tag.objects.filter(name=name).first()
            # save() picks a free slug: an imported site may already use this one.
            tags.append(tag or Tag.objects.create(name=name))
        article.tags.set(tags)
        article.references.all().delete()
        Reference.objects.bulk_create([
            Reference(
                article=article, position=position, title=ref["title"],
                publisher=ref.get("publisher", ""), url=ref.get("url", ""),
                date=datetime.date.fromisoformat(ref["date"]) if ref.get("date") else None,
            )
            for position, ref in enumerate(entry.get("references", []), start=1)
        ])
        if created:
            summary.created += 1
        else:
            summary.updated += 1
    return summary
