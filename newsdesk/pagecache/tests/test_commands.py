from io import StringIO

import pytest
from django.core.management import call_command

from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_clearpagecache_drops_every_page_and_says_how_many(get):
    url = make_article().get_absolute_url()
    get(url), get("/en/")
    dry = StringIO()
    call_command("clearpagecache", "--dry-run", stdout=dry)
    assert dry.getvalue().strip() == "Would remove 2 cached pages."
    assert get(url).headers["x-cache"] == "HIT"

    out = StringIO()
    call_command("clearpagecache", stdout=out)

    assert out.getvalue().strip() == "Removed 2 cached pages."
    assert get(url).headers["x-cache"] == "MISS"
