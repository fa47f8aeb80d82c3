"""newsdesk's own system checks, run by `newsdesk check` next to Django's deploy checks.

Ids security.W101 and up, so they never collide with Django's security.W0xx.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W101 = Warning(
    "NEWSDESK_BASE_URL is not an https:// address.",
    hint="Serve the site over HTTPS behind a reverse proxy and set NEWSDESK_BASE_URL=https://"
         "your.domain: secure cookies, HSTS and the HTTPS redirect follow from it.",
    id="security.W101",
)
W103 = Warning(
    "Passwords are not hashed with Argon2 first.",
    hint="Keep django.contrib.auth.hashers.Argon2PasswordHasher first in PASSWORD_HASHERS.",
    id="security.W103",
)
W104 = Warning(
    "Login throttling is off (AXES_ENABLED is false).",
    hint="Remove AXES_ENABLED=False: repeated failed sign-ins must lock the attempt out.",
    id="security.W104",
)
W105 = Warning(
    "Administrators may use the back office without two-factor sign-in.",
    hint="Set NEWSDESK_SECURITY_REQUIRE_2FA_FOR_ADMINS=true (the default with an https base URL).",
    id="security.W105",
)

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"}


@register(Tags.security)
def check_content_security_policy(app_configs, **kwargs):
    """The policy must stay strict: no inline or evaluated script, no inline style."""
    directives = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("DIRECTIVES", {})
    if "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE and not any(
        "SecurityHeadersMiddleware" in name for name in settings.MIDDLEWARE
    ):
        return [Warning("No Content-Security-Policy middleware is installed.",
                        hint="Keep newsdesk.security.middleware.SecurityHeadersMiddleware in "
                             "MIDDLEWARE.", id="security.W102")]
    problems = []
    for directive in ("default-src", "script-src", "style-src"):
        weak = sorted(UNSAFE.intersection(directives.get(directive) or ()))
        if weak and not (directive != "script-src" and weak == ["data:"]):
            problems.append(Warning(
                f"The Content-Security-Policy allows {', '.join(weak)} in {directive}.",
                hint="Load scripts and styles from the site's own files; put data in "
                     "data- attributes (docs/security.md).",
                id="security.W102",
            ))
    return problems


@register(Tags.security, deploy=True)
def check_production_settings(app_configs, **kwargs):
    problems = []
    if not settings.NEWSDESK_BASE_URL.startswith("https://"):
        problems.append(W101)
    if not settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher"):
        problems.append(W103)
    if not getattr(settings, "AXES_ENABLED", True):
        problems.append(W104)
    if not getattr(settings, "SECURITY_REQUIRE_2FA_FOR_ADMINS", False):
        problems.append(W105)
    return problems
