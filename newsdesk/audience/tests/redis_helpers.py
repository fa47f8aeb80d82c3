"""Helpers of the Redis counter store's tests (the `counters` fixture is in conftest.py)."""

import os

import pytest
from django.utils import timezone

from newsdesk.audience import services

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(
    not REDIS_URL,
    reason="needs a Redis server: set REDIS_URL (the second CI pass, make test-scale)",
)


def view(article, visitor="reader", referrer=""):
    """A view of the article by this reader (one browser on one address)."""
    return services.record_view(article.pk, address="10.1.2.3",
                                user_agent=f"Firefox {visitor}", referrer=referrer)


def like(article, visitor="reader", liked=True):
    return services.record_like(article.pk, address="10.1.2.3",
                                user_agent=f"Firefox {visitor}", liked=liked)


def today():
    return timezone.localdate()
