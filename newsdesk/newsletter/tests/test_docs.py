"""Every newsletter setting and command is documented."""

from pathlib import Path

import pytest
from django.core.management.base import CommandParser

from newsdesk.newsletter.conf import SETTINGS
from newsdesk.newsletter.management.commands.newsletter import Command

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.mark.parametrize("name", [setting.name for setting in SETTINGS])
def test_every_setting_is_documented_on_the_newsletter_page_too(name):
    variable = f"`NEWSDESK_NEWSLETTER_{name}`"
    assert variable in (DOCS / "configuration.md").read_text()
    assert variable in (DOCS / "newsletter.md").read_text()


def test_every_subcommand_is_documented():
    parser = CommandParser()
    Command().add_arguments(parser)
    for name in parser._subparsers._group_actions[0].choices:
        assert f"newsdesk newsletter {name}" in (DOCS / "newsletter.md").read_text()
        assert f"newsdesk newsletter {name}" in (DOCS / "operations.md").read_text()


def test_the_worker_and_the_personal_data_command_are_documented():
    operations = (DOCS / "operations.md").read_text()
    for text in ("newsdesk worker", "newsdesk personal-data export", "--with-worker",
                 "@jobs.job(", "@jobs.periodic(", "jobs.on_commit("):
        assert text in operations
    assert "newsdesk-worker.service" in (DOCS / "deploy.md").read_text()
