"""Settings of the syndication app, read lazily through `setting(name)`.

Each row: name, default, what it does. Environment variables map onto them in
newsdesk/settings.py; docs/configuration.md and docs/discovery.md list them.
"""

from django.conf import settings

SETTINGS = {
    "SYNDICATION_FEED_FULL_CONTENT": (
        True, "Feeds carry whole articles with their references; false: summaries only.",
    ),
    "SYNDICATION_FEED_ITEMS": (20, "How many of the newest articles each feed lists."),
    "SYNDICATION_PUBLISHER_LOGO": (
        "syndication/publisher-logo.png",
        "The publisher logo in structured data and social previews: a static file path or an "
        "absolute URL (PNG or JPEG, at least 112×112 pixels).",
    ),
    "SYNDICATION_SHARE_IMAGE": (
        "syndication/share-image.png",
        "The picture social previews show for pages without a featured image (static path or URL).",
    ),
    "SYNDICATION_TWITTER_SITE": ("", "The site's @handle for X/Twitter cards; empty: none."),
    # 48: Google News only takes articles published in the last two days.
    "SYNDICATION_NEWS_SITEMAP_HOURS": (48, "Age limit of the articles in the news sitemap."),
    "SYNDICATION_SEARCH_PAGE_SIZE": (10, "Search results per page."),
    "SYNDICATION_RELATED_ARTICLES": (4, "How many related articles follow an article."),
}


def setting(name):
    """The configured value of one of SETTINGS, or its default."""
    return getattr(settings, name, SETTINGS[name][0])
