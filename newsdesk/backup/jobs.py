"""An optional scheduled, verified backup on the job queue.

With NEWSDESK_BACKUP_SCHEDULE set (crontab fields in the site's time zone, e.g.
"30 2 * * *" for 02:30 every night) the worker writes `newsdesk backup`'s archive
into NEWSDESK_BACKUP_DIR, checks it by unpacking it and comparing every file with
the manifest's checksums, and only then gives it its final name; the oldest
archives beyond NEWSDESK_BACKUP_KEEP are removed. A failure is retried with
backoff and, when the retries are spent, emailed to the administrators.
"""

import logging
import tempfile
import time
from pathlib import Path

from django.conf import settings

from newsdesk.backup import archive
from newsdesk.backup.services import backup
from newsdesk.core import jobs, mail

logger = logging.getLogger(__name__)
PREFIX = "newsdesk-backup-"


def backup_dir():
    return Path(settings.BACKUP_DIR or Path(settings.DATA_DIR) / "backups")


def verified_backup(directory=None, keep=None):
    """Write, verify and rotate one archive; return its path."""
    directory = Path(directory or backup_dir())
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{PREFIX}{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    partial = final.with_name(final.name + ".partial")
    try:
        backup(partial)
        with tempfile.TemporaryDirectory(prefix="newsdesk-verify-") as scratch:
            archive.unpack(partial, scratch)  # raises ArchiveError on any checksum mismatch
        partial.rename(final)
    finally:
        partial.unlink(missing_ok=True)
    kept = sorted(directory.glob(f"{PREFIX}*.tar.gz"))
    for old in kept[:-(keep or settings.BACKUP_KEEP)]:
        old.unlink()
    logger.info("Scheduled backup written and verified: %s", final)
    return final


@jobs.job(retries=3, retry_delay=300)
def run_backup():
    try:
        return str(verified_backup())
    except Exception as problem:
        mail.mail_administrators(
            f"{settings.NEWSDESK_SITE_NAME}: the scheduled backup failed",
            f"The scheduled backup failed: {problem}\nIt is tried again up to three times, "
            "5, 10 and 20 minutes later; `newsdesk backup FILE` makes one by hand.")
        raise


@jobs.periodic(jobs.parse_crontab(settings.BACKUP_SCHEDULE or "0 3 * * *",
                                  "NEWSDESK_BACKUP_SCHEDULE"))
def scheduled_backup():
    if settings.BACKUP_SCHEDULE:
        run_backup()
