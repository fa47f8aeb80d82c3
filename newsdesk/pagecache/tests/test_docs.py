"""Every setting and command of the page cache is documented."""

from pathlib import Path

from newsdesk.pagecache.conf import SETTINGS

DOCS = Path(__file__).resolve().parents[3] / "docs"
def test_every_setting_is_in_the_architecture_docs():
    architecture = (DOCS / "architecture.md").read_text()
    for setting in SETTINGS:
        name = SETTINGS.django_name(setting)
        assert f"`{name}`" in architecture, f"{name} is not in docs/architecture.md"


def test_the_command_is_documented():
    operations = (DOCS / "operations.md").read_text()
    assert "newsdesk clearpagecache" in operations
    assert "newsdesk nginx-page-headers" in operations
