"""The comments app's scheduled work on the job queue: the hourly personal-data purge."""

import logging

from newsdesk.comments import personal_data
from newsdesk.core import jobs

logger = logging.getLogger(__name__)


@jobs.periodic(jobs.crontab(minute="17"))
def purge():
    """Truncate IP addresses past retention and delete old spam and trash, every hour."""
    summary = personal_data.purge()
    logger.info("Comments purge: %s", summary)
    return summary
