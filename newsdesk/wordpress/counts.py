"""View counts kept by WordPress plugins in post meta, added to Article.view_count.

Keys read, and who writes them:
  views                  WP-PostViews (the most common)
  post_views_count       theme snippets ("setPostViews"), many news themes
  _post_views_count      the same snippet, hidden key
  wpb_post_views_count   WPBeginner's snippet
  pvc_views              Page Views Count
  tie_views              TieLabs themes (Jannah, Sahifa)
  penci_post_views_count Soledad and other PenciDesign themes
When several are present the largest is taken: they count the same readers.
Post Views Counter and Jetpack keep their numbers outside post meta, so a WXR
export does not carry them.
"""

from django.db.models import F, Value
from django.db.models.functions import Greatest

from newsdesk.publishing.models import Article

VIEW_KEYS = ("views", "post_views_count", "_post_views_count", "wpb_post_views_count",
             "pvc_views", "tie_views", "penci_post_views_count")
# More than any article was ever read; Article.view_count holds up to 2**31 - 1.
MAX_VIEWS = 10**9


def view_count(item):
    """The post's view count from its meta, or None when no plugin left one."""
    found = []
    for key in VIEW_KEYS:
        for value in item.meta.get(key, []):
            value = value.strip()
            if value.isascii() and value.isdigit():  # not "²" or "٣", which isdigit() allows
                found.append(min(int(value), MAX_VIEWS))
    return max(found) if found else None


def apply_views(article, views, previously_imported, counts):
    """Add what WordPress counted since the last import; keep what newsdesk counted.

    Returns the number now imported, for the import record.
    """
    delta = views - previously_imported
    if delta:
        Article.objects.filter(pk=article.pk).update(
            view_count=Greatest(F("view_count") + delta, Value(0))
        )
        counts.updated += 1
    else:
        counts.skipped += 1
    return views
