"""The documentation keeps up with the settings and commands."""

from pathlib import Path

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_stats_command_and_its_options_are_documented():
    for page in ("audience.md", "operations.md"):
        assert "newsdesk stats [--days N] [--limit N]" in (DOCS / page).read_text()
