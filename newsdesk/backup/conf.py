"""Settings of the backup app (docs/operations.md): BACKUP_<NAME> from NEWSDESK_BACKUP_<NAME>.

Read with `conf.get("NAME")` inside functions, except the schedule, which the job queue
needs when the worker imports backup/jobs.py.
"""

from newsdesk.core.config import INTEGER, TEXT, Setting, Table


def _schedule(raw):
    from newsdesk.core.jobs import parse_crontab

    if raw.strip():
        parse_crontab(raw, "NEWSDESK_BACKUP_SCHEDULE")
    return raw.strip()


SETTINGS = Table(
    "BACKUP",
    Setting("SCHEDULE", TEXT, "", "when the worker writes and verifies a backup by itself: "
            "five crontab fields in the site's time zone, e.g. 30 2 * * * for 02:30 every "
            "night; empty: never", clean=_schedule),
    Setting("DIR", TEXT, "", "where scheduled backups go; empty: backups/ in the data "
            "directory"),
    Setting("KEEP", INTEGER, 7, "scheduled backups kept; older ones are removed", minimum=1),
)
get = SETTINGS.get
