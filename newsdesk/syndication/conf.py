"""Settings of the syndication app (SYNDICATION_<NAME> from NEWSDESK_SYNDICATION_<NAME>).

docs/discovery.md explains them; docs/configuration.md lists them.
"""

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, TEXT, Setting, Table

SETTINGS = Table(
    "SYNDICATION",
    Setting("FEED_FULL_CONTENT", BOOLEAN, True,
            "feeds carry whole articles with their references; false: summaries only",
            aliases={"NEWSDESK_FEED_FULL_CONTENT": 1}),
    Setting("FEED_ITEMS", INTEGER, 20, "how many of the newest articles each feed lists",
            minimum=1),
    Setting("PUBLISHER_LOGO", TEXT, "syndication/publisher-logo.png",
            "the publisher logo in structured data and social previews: a static file path or "
            "an absolute URL (PNG or JPEG, at least 112×112 pixels)",
            aliases={"NEWSDESK_PUBLISHER_LOGO": 1}),
    Setting("SHARE_IMAGE", TEXT, "syndication/share-image.png",
            "the picture social previews show for pages without a featured image (static path "
            "or URL)"),
    Setting("TWITTER_SITE", TEXT, "", "the site's @handle for X/Twitter cards; empty: none",
            aliases={"NEWSDESK_TWITTER_SITE": 1}),
    # 48 hours: Google News only takes articles published in the last two days.
    Setting("NEWS_SITEMAP_SECONDS", DURATION, 48 * 3600,
            "age limit of the articles in the news sitemap", minimum=1),
    Setting("SEARCH_PAGE_SIZE", INTEGER, 10, "search results per page", minimum=1),
    Setting("RELATED_ARTICLES", INTEGER, 4, "how many related articles follow an article",
            minimum=0),
)
get = SETTINGS.get
