"""Settings of the fediverse app (docs/fediverse.md), read with `conf.get("NAME")`.

Each is the Django setting FEDIVERSE_<NAME>, set from NEWSDESK_FEDIVERSE_<NAME>.
"""

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, SIZE, TEXT, Setting, Table

SETTINGS = Table(
    "FEDIVERSE",
    Setting("ENABLED", BOOLEAN, True, "the site and its authors can be followed from Mastodon "
            "and other ActivityPub servers; off: no actors, no deliveries"),
    Setting("SITE_USERNAME", TEXT, "news", "the site's own account: @news@<your host>"),
    Setting("MAX_ACTIVITY_BYTES", SIZE, 256 * 1024,
            "the largest activity the inbox reads; larger ones are refused (413)", minimum=1024),
    Setting("SIGNATURE_MAX_AGE_SECONDS", DURATION, 600,
            "how old the Date of a signed request may be (either way) before it is refused as "
            "stale; a signature seen within this time is refused as a replay", minimum=30),
    Setting("TIMEOUT_SECONDS", DURATION, 10,
            "how long another server has to answer a delivery or an actor lookup", minimum=1),
    Setting("DELIVERY_ATTEMPTS", INTEGER, 8,
            "tries of one delivery to one inbox before it is given up", minimum=1),
    Setting("RETRY_SECONDS", DURATION, 60,
            "wait before the first retry of a delivery; each later one waits twice as long",
            minimum=1),
)
get = SETTINGS.get
