"""The settings tables: one declaration per setting, read, checked and documented from it."""

import re
import warnings
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from newsdesk.comments.conf import SETTINGS as COMMENTS
from newsdesk.core.conf import SETTINGS as CORE
from newsdesk.core.config import assemble, docs, tables
from newsdesk.core.config.checks import settings_match_their_declarations
from newsdesk.pagecache.conf import SETTINGS as PAGECACHE
from newsdesk.security.conf import SETTINGS as SECURITY

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
# Each table's settings are also explained on its concern's own page.
PAGES = {"core": "configuration.md", "security": "security.md", "comments": "comments.md",
         "consent": "consent.md", "audience": "audience.md", "syndication": "discovery.md",
         "pagecache": "configuration.md", "newsletter": "newsletter.md",
         "backup": "operations.md", "api": "api.md", "fediverse": "fediverse.md"}


def test_every_table_is_assembled_into_the_django_settings():
    labels = {table.label for table in tables()}
    assert labels == set(PAGES)
    for table in tables():
        for setting in table:
            assert hasattr(settings, table.django_name(setting)), table.django_name(setting)


def test_no_declared_default_is_written_again_in_settings_py():
    source = (ROOT / "newsdesk" / "settings.py").read_text()
    assigned = set(re.findall(r"^([A-Z][A-Z0-9_]*) =", source, re.M))
    declared = {table.django_name(setting) for table in tables() for setting in table}
    assert assigned & declared == set()
    assert "os.environ" not in source and "getenv" not in source


@pytest.mark.parametrize("label, page", sorted(PAGES.items()))
def test_every_variable_is_documented_on_the_configuration_page_and_its_own(label, page):
    table = docs.by_label()[label]
    for path in {DOCS / "configuration.md", DOCS / page}:
        text = path.read_text()
        assert label in docs.labels_in(text), f"{path.name} has no table of {label}"
        for setting in table:
            name = table.variable(setting) or table.django_name(setting)
            assert f"`{name}`" in text, f"{name} is not in {path.name}"


def test_the_documented_tables_are_the_declared_ones():
    """Out of date after a change to a conf.py: run `newsdesk settings-docs`."""
    for page in docs.pages(DOCS):
        text = page.read_text()
        assert docs.render(text) == text, f"{page.name}: run `newsdesk settings-docs`"
    call_command("settings-docs", "--check", stdout=StringIO())


def test_variables_are_named_after_their_app_and_durations_and_sizes_have_one_unit():
    for table in tables():
        for setting in table:
            variable = table.variable(setting)
            if variable and setting.env is not None and not setting.env:
                short = table.django_name(setting).removeprefix("NEWSDESK_")
                assert variable == f"NEWSDESK_{short}"
                if table.prefix != "NEWSDESK":
                    assert variable.startswith(f"NEWSDESK_{table.prefix}_")
            name = table.django_name(setting)
            assert not re.search(r"_(MINUTES|HOURS|DAYS|MS|KB|MB)$", name), name


def test_the_effective_default_follows_the_base_url():
    plain = assemble(CORE, SECURITY, environ={})
    https = assemble(CORE, SECURITY, environ={"NEWSDESK_BASE_URL": "https://news.example.org"})
    assert (plain["NEWSDESK_PROXY_COUNT"], https["NEWSDESK_PROXY_COUNT"]) == (0, 1)
    assert (plain["SECURITY_REQUIRE_2FA_FOR_ADMINS"], https["SECURITY_REQUIRE_2FA_FOR_ADMINS"]) == \
        (False, True)
    assert https["NEWSDESK_ALLOWED_HOSTS"][0] == "news.example.org"
    assert https["NEWSDESK_EMAIL_FROM"] == "newsdesk <noreply@news.example.org>"


def test_durations_and_sizes_accept_units_and_yesterdays_names_with_a_warning():
    environ = {"NEWSDESK_COMMENTS_EDIT_SECONDS": "20m", "NEWSDESK_COMMENTS_IP_RETENTION_DAYS": "7",
               "NEWSDESK_PAGECACHE_MEMORY_MB": "8", "NEWSDESK_PAGECACHE_SYNC_MS": "50",
               "NEWSDESK_PAGECACHE_REDIS_MAX_BYTES": "512KB"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = assemble(CORE, COMMENTS, PAGECACHE, environ=environ)
    assert values["COMMENTS_EDIT_SECONDS"] == 1200
    assert values["COMMENTS_IP_RETENTION_SECONDS"] == 7 * 86400
    assert values["PAGECACHE_MEMORY_BYTES"] == 8 * 1024 * 1024
    assert values["PAGECACHE_SYNC_INTERVAL"] == pytest.approx(0.05)
    assert values["PAGECACHE_REDIS_MAX_BYTES"] == 512 * 1024
    deprecated = sorted(str(warning.message) for warning in caught
                        if issubclass(warning.category, DeprecationWarning))
    assert deprecated == [
        "NEWSDESK_COMMENTS_IP_RETENTION_DAYS is deprecated: use "
        "NEWSDESK_COMMENTS_IP_RETENTION_SECONDS.",
        "NEWSDESK_PAGECACHE_MEMORY_MB is deprecated: use NEWSDESK_PAGECACHE_MEMORY_BYTES.",
        "NEWSDESK_PAGECACHE_SYNC_MS is deprecated: use NEWSDESK_PAGECACHE_SYNC_INTERVAL.",
    ]


@pytest.mark.parametrize("environ, message", [
    ({"NEWSDESK_COMMENTS_EDIT_SECONDS": "soon"}, "NEWSDESK_COMMENTS_EDIT_SECONDS='soon' is not a "
     "duration: use e.g. 900, 15m, 12h or 30d."),
    ({"NEWSDESK_COMMENTS_RATE_LIMIT": "-1"},
     "NEWSDESK_COMMENTS_RATE_LIMIT='-1' must be at least 0."),
    ({"NEWSDESK_COMMENTS_ORDER": "random"}, "NEWSDESK_COMMENTS_ORDER='random' is not valid: use "
     "one of oldest, newest."),
    ({"NEWSDESK_DEBUG": "perhaps"},
     "NEWSDESK_DEBUG='perhaps' is not a boolean: use true or false."),
])
def test_a_wrong_variable_stops_start_up_with_a_sentence_naming_it(environ, message):
    with pytest.raises(ImproperlyConfigured) as error:
        assemble(CORE, COMMENTS, environ=environ)
    assert str(error.value) == message


def test_the_system_checks_validate_values_from_anywhere_with_ids():
    assert settings_match_their_declarations(None) == []
    with override_settings(COMMENTS_ORDER="sideways", PAGECACHE_TIMEOUT="an hour",
                           COMMENTS_THREAD_DEPTH=0):
        found = {(error.id, error.msg) for error in settings_match_their_declarations(None)}
    assert found == {
        ("comments.E002", "NEWSDESK_COMMENTS_ORDER='sideways' is not valid: use one of oldest, "
                          "newest."),
        ("comments.E003", "NEWSDESK_COMMENTS_THREAD_DEPTH=0 must be at least 1."),
        ("pagecache.E001", "NEWSDESK_PAGECACHE_TIMEOUT='an hour' is not a duration."),
    }
