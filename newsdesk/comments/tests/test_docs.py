"""Every comments setting and command is documented."""

from pathlib import Path

import pytest

from newsdesk.comments.conf import SETTINGS
from newsdesk.comments.management.commands.comments import Command

DOCS = Path(__file__).resolve().parents[3] / "docs"
ENVIRONMENT_ONLY = {"CACHE"}  # a cache alias, set in CACHES, not from the environment


@pytest.mark.parametrize("name", sorted(set(SETTINGS) - ENVIRONMENT_ONLY))
def test_every_setting_is_documented_with_its_environment_variable(name):
    variable = f"`NEWSDESK_COMMENTS_{name}`"
    assert variable in (DOCS / "configuration.md").read_text()
    assert variable in (DOCS / "comments.md").read_text()


def test_every_setting_is_read_from_the_environment_in_settings_py():
    settings_py = (DOCS.parent / "newsdesk" / "settings.py").read_text()
    for name in set(SETTINGS) - ENVIRONMENT_ONLY:
        assert f'COMMENTS_{name} = env.' in settings_py
        assert f'"NEWSDESK_COMMENTS_{name}"' in settings_py


def test_every_subcommand_is_documented():
    from django.core.management.base import CommandParser

    parser = CommandParser()
    Command().add_arguments(parser)
    subcommands = parser._subparsers._group_actions[0].choices
    for name in subcommands:
        assert f"newsdesk comments {name}" in (DOCS / "comments.md").read_text()
        assert f"newsdesk comments {name}" in (DOCS / "operations.md").read_text()


def test_the_smtp_url_is_documented():
    assert "`NEWSDESK_SMTP_URL`" in (DOCS / "configuration.md").read_text()
