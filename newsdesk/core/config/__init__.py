"""How an app declares its settings: one table of `Setting`s, read from the environment once.

Each app has a `conf.py` with one `Table`:

    SETTINGS = Table(
        "COMMENTS",
        Setting("RATE_LIMIT", INTEGER, 5, "comments per minute from one address (0: no limit)",
                minimum=0),
        Setting("EDIT", DURATION, 15 * 60, "how long an author may edit their comment",
                aliases={"NEWSDESK_COMMENTS_EDIT_MINUTES": 60}),
    )

The Django setting is `<APP>_<NAME>` (COMMENTS_RATE_LIMIT), the environment
variable `NEWSDESK_<APP>_<NAME>`; the project's own table (core/conf.py) uses
the prefix NEWSDESK, so its settings and variables are `NEWSDESK_<NAME>`.
Durations are seconds and sizes bytes, in Django settings; a variable may say
`15m` or `32MB`. `default` is the effective default: a `Derived` computes one
from settings read before it (an https base URL turns on the HTTPS redirect).
Today's variable names are accepted as `aliases` (with the factor that turns
their unit into this one) and reported as deprecated by `newsdesk check`.

`newsdesk/settings.py` assembles every table (`assemble`), so no default is
written twice; code reads a value with `SETTINGS.get("RATE_LIMIT")` inside
functions, never at import time, so `override_settings` works in tests; the
system checks (`check_tables`) validate the values whatever set them, and
`docs/configuration.md` is generated from the tables (`newsdesk settings-docs`).
"""

from newsdesk.core.config.kinds import (
    BOOLEAN,
    DURATION,
    INTEGER,
    LIST,
    NETWORKS,
    OBJECT,
    SIZE,
    TEXT,
    Kind,
)
from newsdesk.core.config.table import Derived, Setting, Table, assemble, tables

__all__ = [
    "BOOLEAN", "DURATION", "INTEGER", "LIST", "NETWORKS", "OBJECT", "SIZE", "TEXT", "Derived",
    "Kind", "Setting", "Table", "assemble", "tables",
]
