"""One list per language, made at the first migrate so the sign-up form works at once."""

DEFAULT_LISTS = [
    {"slug": "news-en", "language": "en", "name": "News", "name_zh_hans": "英文新闻",
     "description": "Our stories in English, as they are published.",
     "description_zh_hans": "英文报道，随发随送。", "position": 0},
    {"slug": "news-zh-hans", "language": "zh-hans", "name": "News in Chinese",
     "name_zh_hans": "新闻简报", "description": "Our stories in Simplified Chinese.",
     "description_zh_hans": "中文报道，随发随送。", "position": 1},
]


def ensure_default_lists(using="default", **kwargs):
    from django.db import connections

    from newsdesk.newsletter.models import NewsletterList

    # A migrate that took the app back (to an older release's schema) leaves no table to fill.
    if NewsletterList._meta.db_table not in connections[using].introspection.table_names():
        return
    if NewsletterList.objects.using(using).exists():
        return
    from newsdesk.core.translation import model_values

    for values in DEFAULT_LISTS:
        NewsletterList.objects.using(using).create(
            is_default=True, is_public=True, **model_values(NewsletterList, values))
