"""Settings of the security app: name, default, help. Read lazily with `setting(name)`.

Environment variables map onto these in newsdesk/settings.py (docs/configuration.md).
"""

from django.conf import settings

DEFAULTS = {
    "NEWSDESK_REQUIRE_2FA_FOR_ADMINS": (
        False, "Administrators must set up two-factor sign-in before using the back office.",
    ),
    "NEWSDESK_UPLOAD_MAX_BYTES": (10 * 1024 * 1024, "Largest image upload accepted, in bytes."),
    # 40 megapixels: larger than any camera photo a newsroom uploads, far below a pixel bomb.
    "NEWSDESK_UPLOAD_MAX_PIXELS": (
        40_000_000, "Largest image accepted, in pixels (width × height).",
    ),
    "NEWSDESK_UPLOAD_FORMATS": (
        ("JPEG", "PNG", "WEBP", "GIF"),
        "Image formats accepted; anything else (SVG too) is refused.",
    ),
    "NEWSDESK_PERMISSIONS_POLICY": (
        {
            "accelerometer": "()", "browsing-topics": "()", "camera": "()",
            "display-capture": "()", "geolocation": "()", "gyroscope": "()",
            "magnetometer": "()", "microphone": "()", "midi": "()", "payment": "()",
            "usb": "()",
        },
        "Browser features pages may use (Permissions-Policy); () means none.",
    ),
    "NEWSDESK_PASSWORD_RESETS_PER_HOUR": (
        3, "Password-reset emails sent to one address per hour, at most.",
    ),
}


def setting(name):
    """The project's value for a security setting, or its default."""
    return getattr(settings, name, DEFAULTS[name][0])
