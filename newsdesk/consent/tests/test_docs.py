"""Every command of the consent manager is documented (settings: core/tests/test_settings.py)."""

from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

DOCS = Path(__file__).resolve().parents[3] / "docs"
COMMANDS = ["consent", "audit", "scan-cookies"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_option_is_documented(command):
    text = (DOCS / "consent.md").read_text()
    assert f"`newsdesk {command}" in text
    parser = load_command_class(get_commands()[command], command).create_parser("newsdesk", command)
    actions = [parser]
    for action in parser._actions:  # subcommands of `newsdesk consent`
        if getattr(action, "choices", None) and isinstance(action.choices, dict):
            for sub, subparser in action.choices.items():
                assert f"`newsdesk {command} {sub}" in text
                actions.append(subparser)
    for each in actions:
        for action in each._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in DJANGO_OPTIONS:
                    assert option in text, f"{command} {option}"


DJANGO_OPTIONS = {"--help", "--version", "--verbosity", "--settings", "--pythonpath",
                  "--traceback", "--no-color", "--force-color", "--skip-checks"}
