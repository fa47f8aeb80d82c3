"""Settings of the comments app (docs/comments.md): one table, read lazily.

Each is the Django setting COMMENTS_<NAME>, set from NEWSDESK_COMMENTS_<NAME>.
Read them with `conf.get("NAME")` inside functions, never at import time, so
`override_settings` works in tests.
"""

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, LIST, TEXT, Setting, Table

HOLD_ALL, FIRST_TIME, APPROVE_ALL = "hold-all", "first-time", "approve-all"
OLDEST, NEWEST = "oldest", "newest"
MINUTE, HOUR, DAY = 60, 3600, 86400

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
)
get = SETTINGS.get
validate = SETTINGS.validate
