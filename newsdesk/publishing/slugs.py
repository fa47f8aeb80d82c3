"""Slugs that work for Chinese titles too.

Django's slugify drops Han characters, which would leave Chinese titles with an
empty slug; pypinyin turns them into pinyin syllables first.
"""

from slugify import slugify

MAX_SLUG_LENGTH = 80


def slug_from_text(text):
    # Imported here: pypinyin's dictionaries take ~55 MB and ~0.4 s to load, which
    # every server worker would pay at start-up for slugs that only writes need.
    from pypinyin import lazy_pinyin

    words = lazy_pinyin(text or "", errors="default")
    slug = slugify(" ".join(words), max_length=MAX_SLUG_LENGTH, word_boundary=True)
    return slug or "item"


def unique_slug(model, text, instance=None, field="slug"):
    """A slug for `text` not yet used by another row of `model` (suffixes -2, -3, ...)."""
    base = slug_from_text(text)
    candidate, number = base, 2
    others = model._default_manager.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    while others.filter(**{field: candidate}).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate
