"""Every setting and command of the page cache is documented."""

from pathlib import Path

from newsdesk.pagecache.conf import SETTINGS

DOCS = Path(__file__).resolve().parents[3] / "docs"
# Settings read from the environment, and the variable that sets each.
ENVIRONMENT = {
    "PAGECACHE_ENABLED": "NEWSDESK_PAGECACHE",
    "PAGECACHE_TIMEOUT": "NEWSDESK_PAGECACHE_TIMEOUT",
    "PAGECACHE_SHARED_MAX_AGE": "NEWSDESK_PAGECACHE_SHARED_MAX_AGE",
    "PAGECACHE_STALE_WHILE_REVALIDATE": "NEWSDESK_PAGECACHE_STALE_WHILE_REVALIDATE",
    "PAGECACHE_MEMORY_BYTES": "NEWSDESK_PAGECACHE_MEMORY_MB",
    "PAGECACHE_REDIS_MAX_BYTES": "NEWSDESK_PAGECACHE_REDIS_MAX_KB",
    "PAGECACHE_FILES_DIR": "NEWSDESK_PAGECACHE_FILES_DIR",
    "PAGECACHE_FILES_HEADERS": "NEWSDESK_PAGECACHE_FILES_HEADERS",
}


def test_every_environment_variable_is_documented_and_mapped_in_settings():
    configuration = (DOCS / "configuration.md").read_text()
    settings_py = (DOCS.parent / "newsdesk" / "settings.py").read_text()
    for name, variable in ENVIRONMENT.items():
        assert name in SETTINGS
        assert f"`{variable}`" in configuration, f"{variable} is not in docs/configuration.md"
        assert f'"{variable}"' in settings_py


def test_every_setting_is_in_the_architecture_docs():
    architecture = (DOCS / "architecture.md").read_text()
    for name in SETTINGS:
        assert f"`{name}`" in architecture, f"{name} is not in docs/architecture.md"


def test_the_command_is_documented():
    operations = (DOCS / "operations.md").read_text()
    assert "newsdesk clearpagecache" in operations
    assert "newsdesk nginx-page-headers" in operations
