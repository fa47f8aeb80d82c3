"""Slugs for imported rows: WordPress's own when it fits newsdesk's addresses."""

import re

from newsdesk.publishing.slugs import unique_slug

ASCII_SLUG = re.compile(r"^[-a-z0-9_]+$")


def choose_slug(model, wp_slug, text, instance=None, max_length=100):
    """Keep an ASCII WordPress slug if free; else a fresh one (pinyin for Chinese).

    WordPress keeps Chinese slugs percent-encoded; newsdesk addresses are ASCII,
    so those are made again from the title.
    """
    wanted = (wp_slug or "").lower()[:max_length].strip("-")
    source = wanted if wanted and ASCII_SLUG.match(wanted) else (text or wanted)
    if wanted and ASCII_SLUG.match(wanted):
        others = model._default_manager.filter(slug=wanted)
        if instance is not None and instance.pk:
            others = others.exclude(pk=instance.pk)
        if not others.exists():
            return wanted
    return unique_slug(model, source, instance=instance)
