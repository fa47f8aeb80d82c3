"""The newsletter's part of the personal-data tools (core/personal_data.py): export and erase."""

from dataclasses import dataclass

from django.db import transaction

from newsdesk.newsletter import records
from newsdesk.newsletter.models import Delivery, Subscriber, SubscriptionRecord, new_secret


def export(email):
    subscriber = Subscriber.objects.filter(email=email).first()
    data = {"subscriber": None, "deliveries": [], "records": [
        {"time": record.created_at.isoformat(), "action": record.action,
         "address": record.address, "lists": record.lists, "language": record.language,
         "text_agreed_to": record.text, "source": record.source, "ip_network": record.ip}
        for record in records.for_email(email)
    ]}
    if subscriber is None:
        return data
    data["subscriber"] = {
        "email": subscriber.email, "name": subscriber.name, "language": subscriber.language,
        "status": subscriber.status, "source": subscriber.source,
        "signed_up_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "lists": [{"list": item.newsletter_list.slug, "asked_at": item.created_at.isoformat(),
                   "confirmed_at": item.confirmed_at.isoformat() if item.confirmed_at else None}
                  for item in subscriber.subscriptions.select_related("newsletter_list")],
        "last_failure": subscriber.last_failure,
    }
    data["deliveries"] = [
        {"issue": delivery.issue.subject_line, "status": delivery.status,
         "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None}
        for delivery in subscriber.deliveries.select_related("issue__article").order_by("pk")
    ]
    return data


@dataclass
class Erased:
    subscribers: int = 0
    deliveries: int = 0

    def __str__(self):
        return (f"Erased {self.subscribers} newsletter subscriber and the address from "
                f"{self.deliveries} deliveries (the subscription log keeps its truncated "
                "entries).")


def erase(email, dry_run=False):
    """Delete the subscriber and their lists; deliveries keep only their outcome."""
    subscriber = Subscriber.objects.filter(email=email).first()
    summary = Erased()
    if subscriber is None:
        return summary
    deliveries = Delivery.objects.filter(subscriber=subscriber)
    summary.subscribers, summary.deliveries = 1, deliveries.count()
    if dry_run:
        return summary
    with transaction.atomic():
        deliveries.update(email="", subscriber=None)
        records.append(SubscriptionRecord.Action.ERASED, email, source="erasure")
        Subscriber.objects.filter(pk=subscriber.pk).update(secret=new_secret())
        subscriber.delete()
    return summary
