"""The security app's settings (docs/security.md).

Django's own settings that follow from these (AXES_*, SESSION_COOKIE_AGE,
SECURE_*, the policy's frame-ancestors) are set from them in newsdesk/settings.py.
"""

from newsdesk.core.conf import https
from newsdesk.core.config import (
    BOOLEAN,
    DURATION,
    INTEGER,
    LIST,
    OBJECT,
    SIZE,
    Derived,
    Setting,
    Table,
)

MIB = 1024 * 1024


SETTINGS = Table(
    "SECURITY",
    Setting("REQUIRE_2FA_FOR_ADMINS", BOOLEAN,
            Derived(https, "`true` with an https base URL, else `false`"),
            "administrators must set up two-factor sign-in before using the back office",
            aliases={"NEWSDESK_REQUIRE_2FA_FOR_ADMINS": 1}),
    Setting("LOGIN_FAILURE_LIMIT", INTEGER, 5,
            "failed sign-ins for one username from one address before it is locked out",
            minimum=1, aliases={"NEWSDESK_LOGIN_FAILURE_LIMIT": 1}),
    Setting("LOGIN_LOCKOUT_SECONDS", DURATION, 15 * 60, "how long such a lockout lasts",
            minimum=1, aliases={"NEWSDESK_LOGIN_LOCKOUT_MINUTES": 60}),
    Setting("SESSION_SECONDS", DURATION, 12 * 3600,
            "how long a back-office sign-in lasts", minimum=1,
            aliases={"NEWSDESK_SESSION_HOURS": 3600}),
    Setting("SESSION_EXPIRE_AT_BROWSER_CLOSE", BOOLEAN, True,
            "a sign-in also ends when the browser closes",
            aliases={"NEWSDESK_SESSION_EXPIRE_AT_BROWSER_CLOSE": 1}),
    Setting("SSL_REDIRECT", BOOLEAN, Derived(https, "`true` with an https base URL, else `false`"),
            "redirect plain HTTP to HTTPS", aliases={"NEWSDESK_SSL_REDIRECT": 1}),
    Setting("HSTS_INCLUDE_SUBDOMAINS", BOOLEAN, False,
            "HSTS for every subdomain too (binds them all to HTTPS)",
            aliases={"NEWSDESK_HSTS_INCLUDE_SUBDOMAINS": 1}),
    Setting("HSTS_PRELOAD", BOOLEAN, False, "ask browsers to preload HSTS (hard to undo)",
            aliases={"NEWSDESK_HSTS_PRELOAD": 1}),
    Setting("FRAME_ANCESTORS", LIST, ["'none'"],
            "sites that may show pages in a frame (CSP frame-ancestors), comma-separated",
            aliases={"NEWSDESK_FRAME_ANCESTORS": 1}),
    Setting("UPLOAD_MAX_BYTES", SIZE, 10 * MIB, "largest image upload accepted", minimum=1,
            aliases={"NEWSDESK_UPLOAD_MAX_MB": MIB}),
    # 40 megapixels: larger than any camera photo a newsroom uploads, far below a pixel bomb.
    Setting("UPLOAD_MAX_PIXELS", INTEGER, 40_000_000,
            "largest image accepted, in pixels (width × height)", minimum=1),
    Setting("UPLOAD_FORMATS", LIST, ["JPEG", "PNG", "WEBP", "GIF"],
            "image formats accepted; anything else (SVG too) is refused"),
    Setting("PERMISSIONS_POLICY", OBJECT, {
        "accelerometer": "()", "browsing-topics": "()", "camera": "()",
        "display-capture": "()", "geolocation": "()", "gyroscope": "()",
        "magnetometer": "()", "microphone": "()", "midi": "()", "payment": "()",
        "usb": "()",
    }, "browser features pages may use (Permissions-Policy), feature: allowlist; () means none"),
    Setting("PASSWORD_RESETS_PER_HOUR", INTEGER, 3,
            "password-reset emails sent to one address per hour, at most", minimum=0),
)
get = SETTINGS.get
