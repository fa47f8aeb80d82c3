"""Settings of the newsletter app: one table, read lazily.

Each entry is the Django setting NEWSLETTER_<NAME>; newsdesk/settings.py maps
the environment variable NEWSDESK_NEWSLETTER_<NAME> onto it
(docs/configuration.md). Read them with `conf.get("NAME")` inside functions.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Setting:
    default: object
    help: str


SETTINGS = {
    "FROM": Setting("", "sender of newsletters, e.g. 'The Daily <news@example.org>'; empty: "
                        "NEWSDESK_EMAIL_FROM"),
    "REPLY_TO": Setting("", "Reply-To address of newsletters (empty: none)"),
    "SEND_RATE": Setting(0, "messages per minute a send may go out at (0: as fast as the mail "
                            "server takes them)"),
    "MESSAGES_PER_CONNECTION": Setting(500, "messages sent over one SMTP connection before a "
                                            "new one is opened"),
    "SOFT_FAILURE_LIMIT": Setting(3, "temporary failures in a row after which an address is "
                                     "marked undeliverable"),
    "RETRY_MINUTES": Setting(10, "wait before retrying a temporarily refused message (doubled "
                                 "each time, 3 tries)"),
    "CONFIRM_DAYS": Setting(7, "days a confirmation link stays valid"),
    "RATE_LIMIT": Setting(5, "sign-ups per hour from one network (/24 or /48; 0: no limit)"),
    "EMAILS_PER_ADDRESS": Setting(3, "confirmation emails per day to one address, so nobody "
                                     "can flood someone else's inbox"),
    "MIN_SECONDS": Setting(2, "a form sent sooner than this after it was shown is refused"),
    "RECORD_RETENTION_MONTHS": Setting(36, "months subscription records are kept before the "
                                           "daily purge removes them"),
    "RUN_STALE_SECONDS": Setting(60, "a send whose worker has not been heard of for this long "
                                     "is taken over by another worker"),
}


def get(name):
    """The current value of NEWSLETTER_<name>, or its default."""
    return getattr(settings, f"NEWSLETTER_{name}", SETTINGS[name].default)


def sender():
    return get("FROM") or settings.DEFAULT_FROM_EMAIL
