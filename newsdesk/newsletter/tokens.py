"""Signed links: nothing about a subscriber is kept in a cookie or a session.

- confirm: the double opt-in link, with the lists asked for; valid CONFIRM_SECONDS (a week);
- preferences: in every email; no expiry (emails are kept for years);
- unsubscribe: the one-click link of the List-Unsubscribe header, for one list.
Each kind has its own salt, and each carries the subscriber's secret, which
erasure and a reset change, so old links stop working.
"""

from django.core import signing

from newsdesk.newsletter import conf

CONFIRM_SALT = "newsdesk.newsletter.confirm"
PREFERENCES_SALT = "newsdesk.newsletter.preferences"
UNSUBSCRIBE_SALT = "newsdesk.newsletter.unsubscribe"
FORM_SALT = "newsdesk.newsletter.form"


class Expired(Exception):
    """A genuine link past its time."""


def confirm_token(subscriber, list_ids):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.secret, "l": sorted(list_ids)},
                         salt=CONFIRM_SALT, compress=True)


def preferences_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.secret}, salt=PREFERENCES_SALT)


def unsubscribe_token(subscriber, newsletter_list=None):
    data = {"s": subscriber.pk, "k": subscriber.secret}
    if newsletter_list is not None:
        data["l"] = newsletter_list.pk
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT)


def read(token, salt, max_age=None):
    """The token's data, None when forged; Expired when genuine but too old."""
    try:
        data = signing.loads(token or "", salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise Expired() from None
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("s"), int) else None


def read_confirm(token):
    return read(token, CONFIRM_SALT, max_age=conf.get("CONFIRM_SECONDS"))


def subscriber_for(data):
    """The subscriber a token's data names, if its secret still matches."""
    from newsdesk.newsletter.models import Subscriber

    if not data:
        return None
    subscriber = Subscriber.objects.filter(pk=data["s"]).first()
    if subscriber is None or subscriber.secret != data.get("k"):
        return None
    return subscriber


def form_token(now):
    return signing.dumps({"t": int(now)}, salt=FORM_SALT)


def form_age(token, now):
    """Seconds since the form token was issued, or None when it is not one of ours."""
    try:
        issued = int(signing.loads(token or "", salt=FORM_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return now - issued
