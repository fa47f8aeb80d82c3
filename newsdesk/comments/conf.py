"""Settings of the comments app: one table, read lazily.

Each entry is the Django setting COMMENTS_<NAME>; newsdesk/settings.py maps the
environment variable NEWSDESK_COMMENTS_<NAME> onto it (docs/configuration.md).
Read them with `conf.get("NAME")` inside functions, never at import time, so
`override_settings` works in tests.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

HOLD_ALL, FIRST_TIME, APPROVE_ALL = "hold-all", "first-time", "approve-all"
OLDEST, NEWEST = "oldest", "newest"


@dataclass(frozen=True)
class Setting:
    default: object
    help: str
    choices: tuple = ()


SETTINGS = {
    "MODERATION": Setting(
        FIRST_TIME,
        "hold-all: every comment waits for a moderator; first-time: hold commenters whose "
        "email has no approved comment yet; approve-all: publish at once",
        (HOLD_ALL, FIRST_TIME, APPROVE_ALL),
    ),
    "THREAD_DEPTH": Setting(5, "levels of replies shown nested (1: no replies)"),
    "ORDER": Setting(
        OLDEST, "order of top-level comments: oldest or newest first", (OLDEST, NEWEST)
    ),
    "CLOSE_AFTER_DAYS": Setting(0, "close comments this many days after publication (0: never)"),
    "EDIT_MINUTES": Setting(15, "how long an author may edit or delete their comment"),
    "AUTHOR_LINK_MINUTES": Setting(
        120, "how long the link given after posting shows the author their pending comment"
    ),
    "RATE_LIMIT": Setting(5, "comments per minute from one IP address (0: no limit)"),
    "MAX_LENGTH": Setting(5000, "longest comment, in characters"),
    "MAX_LINKS": Setting(2, "comments with more links than this wait for a moderator"),
    "MIN_SECONDS": Setting(3, "a form sent sooner than this after it was shown is refused"),
    "FORM_MAX_AGE_HOURS": Setting(24, "a form older than this must be sent again"),
    "IP_RETENTION_DAYS": Setting(30, "full IP addresses are kept this long, then truncated"),
    "SPAM_RETENTION_DAYS": Setting(30, "spam and trash are deleted after this many days"),
    "NOTIFY_MODERATORS": Setting(True, "email moderators about each comment awaiting moderation"),
    "MODERATOR_EMAILS": Setting(
        (), "who gets those emails; empty: active staff with the moderation permission"
    ),
    "CACHE": Setting("comments", "cache alias holding rate-limit counters (shared by processes)"),
    "REPORT_HIDE_AFTER": Setting(
        3, "a comment reported by this many readers is hidden until a moderator decides "
           "(0: never hidden by reports)"
    ),
    "REPORT_RATE_LIMIT": Setting(10, "reports per hour from one address (0: no limit)"),
    "TRUSTED_AFTER": Setting(
        5, "commenters with this many approved comments and a low rejection rate are "
           "published at once (0: nobody is trusted by history)"
    ),
    "HOLD_REJECTION_RATE": Setting(
        50, "percentage of rejected comments from which a commenter is held for a moderator"
    ),
    "HOLD_MIN_DECISIONS": Setting(
        2, "decisions about a commenter needed before their rejection rate counts"
    ),
    "NUDGE": Setting(
        True, "ask a reader once to reconsider a comment with suspect words, shouting or "
              "mostly links"
    ),
    "NUDGE_CAPITALS": Setting(70, "percentage of capital letters that counts as shouting"),
    "NUDGE_LINKS": Setting(50, "percentage of the text in links that counts as mostly links"),
    "LIVE_POLL_SECONDS": Setting(
        20, "how often an open article asks for new comments (0: no live updates)"
    ),
}


def get(name):
    """The current value of COMMENTS_<name>, or its default."""
    return getattr(settings, f"COMMENTS_{name}", SETTINGS[name].default)


def validate():
    """Stop start-up with a sentence naming the variable when a choice is invalid."""
    for name, setting in SETTINGS.items():
        value = get(name)
        if setting.choices and value not in setting.choices:
            raise ImproperlyConfigured(
                f"NEWSDESK_COMMENTS_{name}={value!r} is not valid: use one of "
                f"{', '.join(setting.choices)}."
            )
    for name in ("HOLD_REJECTION_RATE", "NUDGE_CAPITALS", "NUDGE_LINKS"):
        if not 0 <= get(name) <= 100:
            raise ImproperlyConfigured(f"NEWSDESK_COMMENTS_{name} is a percentage: 0 to 100.")
    if get("THREAD_DEPTH") < 1:
        raise ImproperlyConfigured("NEWSDESK_COMMENTS_THREAD_DEPTH must be at least 1.")
