"""What the newsletter app stores: lists, subscribers and their log, issues and deliveries."""

from newsdesk.newsletter.models.issues import Delivery, Issue, SendRun
from newsdesk.newsletter.models.lists import NewsletterList
from newsdesk.newsletter.models.subscribers import (
    RecordHead,
    SignupAttempt,
    Subscriber,
    Subscription,
    SubscriptionRecord,
    new_secret,
    normalize_email,
)

__all__ = [
    "Delivery", "Issue", "NewsletterList", "RecordHead", "SendRun", "SignupAttempt",
    "Subscriber", "Subscription", "SubscriptionRecord", "new_secret", "normalize_email",
]
