"""Cookie lifetimes: "13 months" in, seconds stored, "13 months" (or "13 个月") out."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MINUTE, HOUR, DAY = 60, 3600, 86400
MONTH, YEAR = 30 * DAY, 365 * DAY

UNITS = {
    "second": 1, "seconds": 1, "秒": 1,
    "minute": MINUTE, "minutes": MINUTE, "min": MINUTE, "分钟": MINUTE,
    "hour": HOUR, "hours": HOUR, "小时": HOUR,
    "day": DAY, "days": DAY, "天": DAY, "日": DAY,
    "week": 7 * DAY, "weeks": 7 * DAY, "周": 7 * DAY,
    "month": MONTH, "months": MONTH, "个月": MONTH, "月": MONTH,
    "year": YEAR, "years": YEAR, "年": YEAR,
}
SESSION_WORDS = {"", "session", "会话"}
_PATTERN = re.compile(r"^\s*(\d{1,6})\s*([a-z\u4e00-\u9fff]+)\s*$")


def parse_lifetime(text):
    """Seconds for "2 years", "30 minutes", "6个月"; None for "session" or empty."""
    text = (text or "").strip().lower()
    if text in SESSION_WORDS:
        return None
    match = _PATTERN.match(text)
    if not match or match.group(2) not in UNITS:
        raise ValueError(text)
    return int(match.group(1)) * UNITS[match.group(2)]


PLURALS = [  # literal ngettext calls, so makemessages finds them
    (YEAR, lambda n: ngettext("%d year", "%d years", n) % n),
    (MONTH, lambda n: ngettext("%d month", "%d months", n) % n),
    (7 * DAY, lambda n: ngettext("%d week", "%d weeks", n) % n),
    (DAY, lambda n: ngettext("%d day", "%d days", n) % n),
    (HOUR, lambda n: ngettext("%d hour", "%d hours", n) % n),
    (MINUTE, lambda n: ngettext("%d minute", "%d minutes", n) % n),
    (1, lambda n: ngettext("%d second", "%d seconds", n) % n),
]


def format_lifetime(seconds):
    """The largest whole unit: 63072000 -> "2 years"; None -> "Session"."""
    if seconds is None:
        return _("Session")
    for size, words in PLURALS:
        if seconds >= size and seconds % size == 0:
            return words(seconds // size)
    return PLURALS[-1][1](seconds)


def format_for_input(seconds):
    """English, for the back office's text box (parse_lifetime reads it back)."""
    if seconds is None:
        return "session"
    for size, unit in ((YEAR, "year"), (MONTH, "month"), (7 * DAY, "week"), (DAY, "day"),
                       (HOUR, "hour"), (MINUTE, "minute"), (1, "second")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}" + ("" if count == 1 else "s")
    return f"{seconds} seconds"
