"""Settings of the newsletter app (docs/newsletter.md): NEWSLETTER_<NAME> from
NEWSDESK_NEWSLETTER_<NAME>. Read them with `conf.get("NAME")` inside functions, so
`override_settings` works in tests.
"""

from django.conf import settings

from newsdesk.core.config import DURATION, INTEGER, TEXT, Setting, Table

MINUTE, DAY = 60, 86400

SETTINGS = Table(
    "NEWSLETTER",
    Setting("FROM", TEXT, "", "sender of newsletters, e.g. 'The Daily <news@example.org>'; "
            "empty: NEWSDESK_EMAIL_FROM"),
    Setting("REPLY_TO", TEXT, "", "where replies to a newsletter go; empty: the sender"),
    Setting("SEND_RATE", INTEGER, 0, "messages a minute a send goes out at most (many "
            "providers limit it, e.g. 600); 0: as fast as the mail server takes them",
            minimum=0),
    Setting("MESSAGES_PER_CONNECTION", INTEGER, 500,
            "messages over one SMTP connection before a new one is opened", minimum=1),
    Setting("SOFT_FAILURE_LIMIT", INTEGER, 3, "messages in a row an address refused "
            "temporarily (three tries each) before it is marked undeliverable", minimum=1),
    Setting("RETRY_SECONDS", DURATION, 10 * MINUTE, "wait before trying a temporarily refused "
            "message again (then twice as long)", minimum=1),
    Setting("CONFIRM_SECONDS", DURATION, 7 * DAY, "how long a confirmation link works",
            minimum=MINUTE),
    Setting("RATE_LIMIT", INTEGER, 5, "sign-ups an hour from one network (/24 or /48); more "
            "get HTTP 429; 0: no limit", minimum=0),
    Setting("EMAILS_PER_ADDRESS", INTEGER, 3, "confirmation emails a day to one address, "
            "however often someone signs it up", minimum=1),
    Setting("MIN_SECONDS", DURATION, 2, "a sign-up form sent sooner after it was shown is "
            "returned to press again (time trap)", minimum=0),
    # Months, not seconds: retention is promised in calendar months, as for consent records.
    Setting("RECORD_RETENTION_MONTHS", INTEGER, 36, "calendar months subscription records "
            "(the proof of consent) are kept before the daily purge removes them", minimum=1),
    Setting("RUN_STALE_SECONDS", DURATION, 60, "a send whose worker (on another machine) has "
            "not been heard of for this long is taken over; on the same machine a dead worker "
            "is noticed at once", minimum=10),
)
get = SETTINGS.get


def sender():
    return get("FROM") or settings.DEFAULT_FROM_EMAIL
