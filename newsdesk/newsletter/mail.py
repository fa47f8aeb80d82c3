"""The emails of signing up: confirmation link, welcome, "you are already subscribed".

They are jobs, queued when the sign-up commits, so the reader's request never
waits for the mail server and a server that is down is retried with backoff
(jobs.job). Each has an HTML and a plain-text part in the subscriber's language.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsdesk.core import jobs
from newsdesk.core.languages import bcp47
from newsdesk.newsletter import conf, tokens
from newsdesk.newsletter.models import NewsletterList, Subscriber


def absolute(path):
    return f"{settings.NEWSDESK_BASE_URL}{path}"


def preferences_url(subscriber, language=None):
    with translation.override(language or subscriber.language):
        return absolute(reverse("newsletter:preferences",
                                kwargs={"token": tokens.preferences_token(subscriber)}))


def compose(template, subscriber, context, language=None, headers=None):
    """An EmailMultiAlternatives from newsletter/email/<template>.{txt,html} and _subject.txt."""
    language = language or subscriber.language
    with translation.override(language):
        context = {"site_name": settings.NEWSDESK_SITE_NAME, "site_url": absolute("/"),
                   "language": language, "language_tag": bcp47(language),
                   "subscriber": subscriber, **context}
        subject = render_to_string(f"newsletter/email/{template}_subject.txt", context)
        text = render_to_string(f"newsletter/email/{template}.txt", context)
        html = render_to_string(f"newsletter/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, from_email=conf.sender(),
        to=[subscriber.email], headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


@jobs.job(retries=8, retry_delay=30)
def send_confirmation(subscriber_id, list_ids, language):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    lists = list(NewsletterList.objects.filter(pk__in=list_ids))
    with translation.override(language):
        url = absolute(reverse("newsletter:confirm",
                               kwargs={"token": tokens.confirm_token(subscriber, list_ids)}))
    days = max(1, conf.get("CONFIRM_SECONDS") // 86400)
    compose("confirm", subscriber, {"confirm_url": url, "lists": lists, "days": days},
            language).send()
    return True


@jobs.job(retries=8, retry_delay=30)
def send_welcome(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.ACTIVE:
        return False
    lists = list(NewsletterList.objects.filter(subscriptions__subscriber=subscriber,
                                               subscriptions__confirmed_at__isnull=False))
    compose("welcome", subscriber, {"lists": lists,
                                    "preferences_url": preferences_url(subscriber)}).send()
    return True


@jobs.job(retries=8, retry_delay=30)
def send_already_subscribed(subscriber_id, language):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    compose("already", subscriber, {"preferences_url": preferences_url(subscriber, language)},
            language).send()
    return True
