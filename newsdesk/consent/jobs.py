"""The consent manager's scheduled work on the job queue (newsdesk/core/jobs.py).

- The cookie scan, weekly by default (CONSENT_SCAN_SCHEDULE): `scan-cookies` run by the
  worker; when it finds cookies or storage keys nobody declared, or a declared one whose
  lifetime changed, it emails the administrators, who review them in the back office.
- The retention purge of consent records, daily.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsdesk.consent import chain, conf
from newsdesk.core import jobs, mail

logger = logging.getLogger(__name__)


def scan_and_report(base_url=None, max_pages=None):
    """Crawl the site, declare what it sets, and email the administrators about news."""
    from newsdesk.consent import scanning
    from newsdesk.consent.browser import BrowserUnavailable, chromium, fetch

    base = (base_url or settings.NEWSDESK_BASE_URL).rstrip("/")
    if fetch(f"{base}/")[0] == 0:
        raise jobs.RetryJob(f"{base} does not answer")
    starts = [f"{base}/{code}/" for code, _name in settings.LANGUAGES]
    try:
        with chromium() as browser:
            seen, pages = scanning.crawl(browser, base, starts,
                                         max_pages or conf.get("SCAN_MAX_PAGES"))
    except BrowserUnavailable as problem:
        logger.error("Scheduled cookie scan: %s", problem)
        return None
    summary = scanning.declare(seen)
    logger.info("Scheduled cookie scan: %d pages; %s", pages, summary)
    if summary.new or summary.changed:
        report(summary, pages)
    return summary


def report(summary, pages):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "summary": summary, "pages": pages, "site_name": settings.NEWSDESK_SITE_NAME,
            "review_url": settings.NEWSDESK_BASE_URL + reverse(
                "admin:consent_cookiedeclaration_changelist"),
        }
        subject = render_to_string("consent/email/scan_subject.txt", context)
        text = render_to_string("consent/email/scan.txt", context)
    if not mail.mail_administrators(subject, text):
        logger.warning("The cookie scan found %d new and %d changed cookies, but no "
                       "administrator has an email address", len(summary.new),
                       len(summary.changed))
        return False
    return True


@jobs.periodic(jobs.parse_crontab(conf.get("SCAN_SCHEDULE") or "0 4 * * 1",
                                  "NEWSDESK_CONSENT_SCAN_SCHEDULE"), retries=3, retry_delay=600)
def scheduled_cookie_scan():
    if not conf.get("SCAN_SCHEDULE"):
        return None
    return scan_and_report()


@jobs.periodic(jobs.crontab(minute="25", hour="3"))
def retention_purge():
    """Consent records older than NEWSDESK_CONSENT_RETENTION_MONTHS, once a day."""
    count = chain.purge_expired(conf.get("RETENTION_MONTHS"))
    if count:
        logger.info("Purged %d consent records past retention", count)
    return count
