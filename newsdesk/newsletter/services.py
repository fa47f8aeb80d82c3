"""Subscribing, confirming, changing preferences and leaving: the rules every view,
command and back-office action shares. Each change is appended to the subscription
log (records.py); emails go out through the job queue once the change commits."""

import datetime
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from newsdesk.core import jobs
from newsdesk.newsletter import conf, records
from newsdesk.newsletter.models import (
    NewsletterList,
    SignupAttempt,
    Subscriber,
    Subscription,
    SubscriptionRecord,
    normalize_email,
)

Action = SubscriptionRecord.Action


class Refused(Exception):
    """A sign-up that is not taken: code 'rate-limited' or 'no-lists'."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def default_lists(language):
    return list(NewsletterList.objects.filter(is_default=True)
                .filter(Q(language=language) | Q(language="")))


def public_lists():
    return list(NewsletterList.objects.filter(Q(is_public=True) | Q(is_default=True)))


def consent_text(lists, language):
    """The sentence the sign-up form shows, in `language`: what the reader agrees to."""
    with translation.override(language):
        names = ", ".join(f"“{item.local_name}”" for item in lists)
        return _("Send me %(lists)s from %(site)s by email. I confirm with the link in the "
                 "first email and can leave at any time with the link in every email.") % {
            "lists": names, "site": settings.NEWSDESK_SITE_NAME,
        }


def _key(kind, value):
    return hmac.new(settings.SECRET_KEY.encode(), f"newsletter-{kind}:{value}".encode(),
                    "blake2s").hexdigest()[:32]


def rate_limited(ip):
    """Count a sign-up from this network; True when it is over the hourly limit."""
    limit = conf.get("RATE_LIMIT")
    network = records.truncated_network(ip)
    if not limit or not network:
        return False
    key = _key("network", network)
    since = timezone.now() - datetime.timedelta(hours=1)
    return SignupAttempt.objects.filter(network_key=key, created_at__gte=since).count() >= limit


def _may_email(email):
    """At most EMAILS_PER_ADDRESS emails a day to an address nobody has confirmed yet."""
    since = timezone.now() - datetime.timedelta(days=1)
    sent = SignupAttempt.objects.filter(address_key=_key("address", email), sent_email=True,
                                        created_at__gte=since).count()
    return sent < conf.get("EMAILS_PER_ADDRESS")


def _subscriber(email, language, source, name=""):
    try:
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(
                email=email, defaults={"language": language, "source": source, "name": name},
            )
    except IntegrityError:  # another request created it a moment ago
        subscriber = Subscriber.objects.get(email=email)
    return subscriber


def request_subscription(email, lists, language, ip="", source=Subscriber.Source.FORM):
    """A reader asks for `lists`: log it and email them a confirmation link.

    Returns the subscriber. Raises Refused when rate-limited. What the reader sees is
    the same whether the address was new, pending or already subscribed.
    """
    from newsdesk.newsletter import mail

    email = normalize_email(email)
    if not lists:
        raise Refused("no-lists", _("There is no newsletter to subscribe to yet."))
    if rate_limited(ip):
        raise Refused("rate-limited", _("Too many sign-ups from your network. Please try "
                                        "again in an hour."))
    with transaction.atomic():
        subscriber = _subscriber(email, language, source)
        confirmed = set(subscriber.subscriptions.filter(confirmed_at__isnull=False)
                        .values_list("newsletter_list_id", flat=True))
        for item in lists:
            Subscription.objects.get_or_create(subscriber=subscriber, newsletter_list=item)
        records.append(Action.REQUESTED, email, lists=[item.slug for item in lists],
                       language=language, text=consent_text(lists, language), source=source,
                       ip=ip)
        may_email = _may_email(email)
        SignupAttempt.objects.create(network_key=_key("network", records.truncated_network(ip)),
                                     address_key=_key("address", email), sent_email=may_email)
        if may_email:
            wanted = [item.pk for item in lists]
            if subscriber.status == Subscriber.Status.ACTIVE and set(wanted) <= confirmed:
                jobs.on_commit(mail.send_already_subscribed, subscriber.pk, language)
            else:
                jobs.on_commit(mail.send_confirmation, subscriber.pk, wanted, language)
    return subscriber


def confirm(subscriber, list_ids):
    """The reader clicked the confirmation link: subscribe them to the lists they asked for."""
    from newsdesk.newsletter import mail

    now = timezone.now()
    lists = list(NewsletterList.objects.filter(pk__in=list_ids))
    with transaction.atomic():
        first_time = subscriber.confirmed_at is None
        for item in lists:
            Subscription.objects.update_or_create(
                subscriber=subscriber, newsletter_list=item, defaults={"confirmed_at": now},
            )
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.ACTIVE, confirmed_at=subscriber.confirmed_at or now,
            status_changed_at=now, soft_failures=0,
        )
        records.append(Action.CONFIRMED, subscriber.email, lists=[item.slug for item in lists],
                       language=subscriber.language, source="confirmation link")
        if first_time:
            jobs.on_commit(mail.send_welcome, subscriber.pk)
    subscriber.refresh_from_db()
    return lists


def update_preferences(subscriber, lists, language, paused):
    """Save the preferences page: lists (the address is proven by the link), language, pause."""
    now = timezone.now()
    with transaction.atomic():
        wanted = {item.pk for item in lists}
        subscriber.subscriptions.exclude(newsletter_list_id__in=wanted).delete()
        confirmed = set(subscriber.subscriptions.filter(confirmed_at__isnull=False)
                        .values_list("newsletter_list_id", flat=True))
        for item in lists:
            if item.pk not in confirmed:
                Subscription.objects.update_or_create(
                    subscriber=subscriber, newsletter_list=item, defaults={"confirmed_at": now},
                )
        status = subscriber.status
        if paused and status == Subscriber.Status.ACTIVE:
            status, action = Subscriber.Status.PAUSED, Action.PAUSED
        elif not paused and status in (Subscriber.Status.PAUSED, Subscriber.Status.PENDING,
                                       Subscriber.Status.UNSUBSCRIBED) and lists:
            status, action = Subscriber.Status.ACTIVE, Action.RESUMED
        else:
            action = Action.CHANGED
        if not lists and status == Subscriber.Status.ACTIVE:
            status, action = Subscriber.Status.UNSUBSCRIBED, Action.UNSUBSCRIBED
        changed = status != subscriber.status
        Subscriber.objects.filter(pk=subscriber.pk).update(
            language=language, status=status,
            status_changed_at=now if changed else subscriber.status_changed_at,
        )
        records.append(action, subscriber.email, lists=[item.slug for item in lists],
                       language=language, source="preferences page")
    subscriber.refresh_from_db()
    return subscriber


def leave(subscriber, newsletter_list=None, source="preferences page"):
    """Unsubscribe from one list, or from everything; the address stays known as having left,
    so an import cannot add it back."""
    with transaction.atomic():
        subscriptions = subscriber.subscriptions.all()
        if newsletter_list is not None:
            subscriptions = subscriptions.filter(newsletter_list=newsletter_list)
        slugs = list(subscriptions.values_list("newsletter_list__slug", flat=True))
        subscriptions.delete()
        remaining = subscriber.subscriptions.filter(confirmed_at__isnull=False).exists()
        if not remaining:
            Subscriber.objects.filter(pk=subscriber.pk).update(
                status=Subscriber.Status.UNSUBSCRIBED, status_changed_at=timezone.now(),
            )
        records.append(Action.UNSUBSCRIBED, subscriber.email, lists=slugs,
                       language=subscriber.language, source=source)
    subscriber.refresh_from_db()
    return slugs


def mark_undeliverable(subscriber_id, reason):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status == Subscriber.Status.UNDELIVERABLE:
        return
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNDELIVERABLE, status_changed_at=timezone.now(),
            last_failure=reason[:300],
        )
        records.append(Action.UNDELIVERABLE, subscriber.email, source=reason[:20])


def purge_signup_attempts(now=None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    return SignupAttempt.objects.filter(created_at__lt=cutoff).delete()[0]
