import uuid

from newsdesk.consent import choices


def record(**changes):
    """Append a consent record with plausible defaults."""
    fields = {
        "consent_id": uuid.uuid4(), "action": "custom", "source": "centre",
        "granted": ["analytics"], "revision": 1, "language": "en", "page": "/en/",
        "regime": "opt-in", "gpc": False, "ip": "203.0.113.77",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0",
    }
    return choices.record_consent(**fields | changes)
