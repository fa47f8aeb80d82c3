"""The documentation keeps up with the settings and commands."""

import re
from pathlib import Path

from newsdesk.audience import conf

DOCS = Path(__file__).resolve().parents[3] / "docs"
SETTINGS_PY = Path(__file__).resolve().parents[2] / "settings.py"


def test_every_setting_is_documented_with_its_environment_variable():
    audience = (DOCS / "audience.md").read_text()
    configuration = (DOCS / "configuration.md").read_text()
    settings_source = SETTINGS_PY.read_text()
    for name in conf.SETTINGS:
        assert f"`{name}`" in audience, f"{name} is not in docs/audience.md"
        variable = re.search(rf'{name} = env\.\w+\("(\w+)"', settings_source).group(1)
        assert f"`{variable}`" in audience and f"`{variable}`" in configuration, variable


def test_the_stats_command_and_its_options_are_documented():
    for page in ("audience.md", "operations.md"):
        assert "newsdesk stats [--days N] [--limit N]" in (DOCS / page).read_text()
