"""Shared fixtures: the demo newsroom loaded once per test class, and sitemap schemas."""

from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.db import transaction
from xmlschema.locations import FALLBACK_LOCATIONS

SCHEMAS = Path(__file__).resolve().parent / "schemas"
XHTML = "http://www.w3.org/1999/xhtml"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo newsroom, loaded once for a test class and rolled back after it.

    Tests still run in their own transaction (savepoint) inside this one, as with
    Django's setUpTestData.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def sitemap_schema():
    """The Sitemap 0.9 schema, with the News extension and XHTML (hreflang links)."""
    return xmlschema.XMLSchema(
        str(SCHEMAS / "sitemap.xsd"),
        locations=[(NEWS, str(SCHEMAS / "sitemap-news.xsd")), (XHTML, FALLBACK_LOCATIONS[XHTML])],
    )


@pytest.fixture(scope="session")
def sitemap_index_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "siteindex.xsd"))
