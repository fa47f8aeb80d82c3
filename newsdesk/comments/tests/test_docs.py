"""Every comments command is documented (settings: core/tests/test_settings.py)."""

from pathlib import Path

from newsdesk.comments.management.commands.comments import Command

DOCS = Path(__file__).resolve().parents[3] / "docs"


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
