"""Settings of the comments app (docs/comments.md): one table, read lazily.

Each is the Django setting COMMENTS_<NAME>, set from NEWSDESK_COMMENTS_<NAME>.
Read them with `conf.get("NAME")` inside functions, never at import time, so
`override_settings` works in tests.
"""

from django.core.exceptions import ImproperlyConfigured

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, LIST, TEXT, Setting, Table

HOLD_ALL, FIRST_TIME, APPROVE_ALL = "hold-all", "first-time", "approve-all"
OLDEST, NEWEST = "oldest", "newest"
MINUTE, HOUR, DAY = 60, 3600, 86400


def percentage(name):
    def clean(value):
        if not 0 <= value <= 100:
            raise ImproperlyConfigured(
                f"NEWSDESK_COMMENTS_{name}={value!r} is a percentage: use 0 to 100.")
        return value
    return clean


SETTINGS = Table(
    "COMMENTS",
    Setting("MODERATION", TEXT, FIRST_TIME,
            "hold-all: every comment waits for a moderator; first-time: hold commenters whose "
            "email has no approved comment yet; approve-all: publish at once",
            choices=(HOLD_ALL, FIRST_TIME, APPROVE_ALL)),
    Setting("THREAD_DEPTH", INTEGER, 5, "levels of replies shown nested (1: no replies)",
            minimum=1),
    Setting("ORDER", TEXT, OLDEST, "order of top-level comments: oldest or newest first",
            choices=(OLDEST, NEWEST)),
    Setting("CLOSE_AFTER_SECONDS", DURATION, 0,
            "close comments this long after publication (0: never)", minimum=0,
            aliases={"NEWSDESK_COMMENTS_CLOSE_AFTER_DAYS": DAY}),
    Setting("EDIT_SECONDS", DURATION, 15 * MINUTE,
            "how long an author may edit or delete their comment", minimum=0,
            aliases={"NEWSDESK_COMMENTS_EDIT_MINUTES": MINUTE}),
    Setting("AUTHOR_LINK_SECONDS", DURATION, 2 * HOUR,
            "how long the link given after posting shows the author their pending comment",
            minimum=1, aliases={"NEWSDESK_COMMENTS_AUTHOR_LINK_MINUTES": MINUTE}),
    Setting("RATE_LIMIT", INTEGER, 5, "comments per minute from one IP address (0: no limit)",
            minimum=0),
    Setting("MAX_LENGTH", INTEGER, 5000, "longest comment, in characters", minimum=1),
    Setting("MAX_LINKS", INTEGER, 2, "comments with more links than this wait for a moderator",
            minimum=0),
    Setting("MIN_SECONDS", DURATION, 3,
            "a form sent sooner than this after it was shown is refused", minimum=0),
    Setting("FORM_MAX_AGE_SECONDS", DURATION, 24 * HOUR, "a form older than this must be sent "
            "again", minimum=1, aliases={"NEWSDESK_COMMENTS_FORM_MAX_AGE_HOURS": HOUR}),
    Setting("IP_RETENTION_SECONDS", DURATION, 30 * DAY,
            "full IP addresses are kept this long, then truncated", minimum=1,
            aliases={"NEWSDESK_COMMENTS_IP_RETENTION_DAYS": DAY}),
    Setting("SPAM_RETENTION_SECONDS", DURATION, 30 * DAY,
            "spam and trash are deleted after this long", minimum=1,
            aliases={"NEWSDESK_COMMENTS_SPAM_RETENTION_DAYS": DAY}),
    Setting("NOTIFY_MODERATORS", BOOLEAN, True,
            "email moderators about each comment awaiting moderation"),
    Setting("MODERATOR_EMAILS", LIST, [],
            "who gets those emails; empty: active staff with the moderation permission"),
    Setting("CACHE", TEXT, "comments",
            "cache alias holding rate-limit counters (shared by processes)"),
    Setting("REPORT_HIDE_AFTER", INTEGER, 3,
            "a comment reported by this many readers is hidden until a moderator decides "
            "(0: never hidden by reports)", minimum=0),
    Setting("REPORT_RATE_LIMIT", INTEGER, 10, "reports per hour from one address (0: no limit)",
            minimum=0),
    Setting("TRUSTED_AFTER", INTEGER, 5,
            "commenters with this many approved comments, not held by their rejection rate, "
            "are published at once (0: nobody is trusted by history)", minimum=0),
    Setting("HOLD_REJECTION_RATE", INTEGER, 50,
            "percentage of rejected comments from which a commenter is held for a moderator",
            minimum=0, clean=percentage("HOLD_REJECTION_RATE")),
    Setting("HOLD_MIN_DECISIONS", INTEGER, 2,
            "decisions about a commenter needed before their rejection rate counts", minimum=1),
    Setting("NUDGE", BOOLEAN, True,
            "ask a reader once to reconsider a comment with suspect words, shouting or mostly "
            "links"),
    Setting("NUDGE_CAPITALS", INTEGER, 70, "percentage of capital letters that counts as "
            "shouting", minimum=0, clean=percentage("NUDGE_CAPITALS")),
    Setting("NUDGE_LINKS", INTEGER, 50, "percentage of the text in links that counts as mostly "
            "links", minimum=0, clean=percentage("NUDGE_LINKS")),
    Setting("LIVE_POLL_SECONDS", DURATION, 20,
            "how often an open article asks for new comments (0: no live updates)", minimum=0),
)
get = SETTINGS.get
validate = SETTINGS.validate
