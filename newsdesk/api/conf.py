"""Settings of the API app (docs/api.md): one table, read lazily with `conf.get("NAME")`.

Each is the Django setting API_<NAME>, set from NEWSDESK_API_<NAME>.
"""

from newsdesk.core.config import DURATION, INTEGER, Setting, Table

DAY = 86400

SETTINGS = Table(
    "API",
    Setting("PAGE_SIZE", INTEGER, 20, "items in one page of a Content API list unless `limit` "
            "says otherwise", minimum=1),
    Setting("MAX_PAGE_SIZE", INTEGER, 100, "the largest `limit` a Content API list accepts",
            minimum=1),
    Setting("TOKEN_LIFETIME_SECONDS", DURATION, 90 * DAY,
            "how long a new Admin API token is valid unless its creator says otherwise "
            "(0: until revoked)", minimum=0),
    Setting("WEBHOOK_TIMEOUT_SECONDS", DURATION, 10,
            "how long a webhook endpoint has to answer, connection and reply together",
            minimum=1),
    Setting("WEBHOOK_ATTEMPTS", INTEGER, 8,
            "tries of one delivery before it counts as failed (the first and its retries)",
            minimum=1),
    Setting("WEBHOOK_RETRY_SECONDS", DURATION, 30,
            "wait before the first retry; each later retry waits twice as long as the one "
            "before (30 s, 1 min, 2 min ... about an hour before the 8th try)", minimum=1),
    Setting("WEBHOOK_DISABLE_AFTER", INTEGER, 5,
            "failed deliveries in a row (each after all its tries) after which an endpoint is "
            "switched off and administrators are emailed", minimum=1),
)
get = SETTINGS.get
