from io import StringIO

import pytest
from django.core.management import call_command

from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_clearpagecache_drops_every_page_and_says_how_many(get, store):
    """With REDIS_URL (the second CI pass) the copies in Redis go too, and are counted."""
    url = make_article().get_absolute_url()
    get(url), get("/en/")
    where = " here and 2 in Redis" if store.shared else ""
    dry = StringIO()
    call_command("clearpagecache", "--dry-run", stdout=dry)
    assert dry.getvalue().strip() == f"Would remove 2 cached pages{where}."
    assert get(url).headers["x-cache"] == "HIT"

    out = StringIO()
    call_command("clearpagecache", stdout=out)

    assert out.getvalue().strip() == f"Removed 2 cached pages{where}."
    assert get(url).headers["x-cache"] == "MISS"
    if store.shared:
        assert store.count() == (1, 1)  # only the page just rendered again
