"""Security headers on every response, and the two-factor gate of the back office."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseNotFound
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from newsdesk.core.csp import extra_sources
from newsdesk.security import audit, conf, csp, twofactor

# Uploaded files are shown as images, never run as documents: even if a file
# slipped through as HTML it would get no script, no plugin, no same origin.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; sandbox"


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware, plus per-request sources, Permissions-Policy and media lockdown.

    Place it before the page cache in MIDDLEWARE: the policy is then computed for
    every response, cached or not, from the visitor's own consent.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        extra = extra_sources(request)
        if extra:
            base = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                # A directive the base policy leaves to default-src starts from default-src,
                # so adding an embed host to frame-src does not forbid the site's own frames.
                start = [] if base.get(directive) or directive in update else list(
                    base.get("default-src", [])
                )
                update[directive] = [*start, *update.get(directive, []), *sources]
            parts.update = update
        return parts

    def process_response(self, request, response):
        if request.path_info.startswith(settings.MEDIA_URL):
            response["Content-Security-Policy"] = MEDIA_POLICY
        response = super().process_response(request, response)
        if not csp.response_is_shareable(response):
            patch_cache_control(response, private=True)
        policy = conf.get("PERMISSIONS_POLICY")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = ", ".join(
                f"{feature}={allowlist}" for feature, allowlist in policy.items()
            )
        return response


class NulPathMiddleware:
    """No address holds a NUL character: answer 404 before anything looks one up.

    PostgreSQL refuses NUL in query parameters (SQLite merely finds no row), so a
    `/%00` would otherwise be a server error wherever a path reaches the database
    (redirects, slugs). Form fields already refuse NUL (Django's validators).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseNotFound(b"Not found\n", content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class AccountSecurityMiddleware:
    """Makes the signed-in user known to the audit trail and enforces two-factor sign-in.

    It only looks at the user when the request carries a session cookie, so
    readers' requests never touch the session (no cookie, no `Vary: Cookie`).
    Must come after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        gate = self._two_factor_gate(request)
        if gate is not None:
            return gate
        with audit.acting_request(request):
            return self.get_response(request)

    def _two_factor_gate(self, request):
        user = request.user
        if not user.is_authenticated or twofactor.is_exempt_path(request.path_info):
            return None
        step = twofactor.pending_step(user)
        if step is None:
            return None
        target = reverse("security:two-factor-verify" if step == "verify" else
                         "security:two-factor-setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
