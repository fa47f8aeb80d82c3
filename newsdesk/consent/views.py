import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from newsdesk.consent import choices, conf, readers, texts
from newsdesk.consent.validation import MAX_BODY, Invalid, parse_record
from newsdesk.core.net import client_ip

RATE_WINDOW = 600  # seconds: CONSENT_RATE_LIMIT counts records per 10 minutes


class CookiePolicyView(TemplateView):
    """The cookie policy, generated from the same declarations as the preferences centre."""

    template_name = "consent/cookie_policy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables, uncategorised = texts.cookie_tables()
        context.update(
            policy=texts.policy(), tables=tables, uncategorised=uncategorised,
            retention_months=conf.get("RETENTION_MONTHS"),
            cookie_days=conf.cookie_days(), regime=conf.get("REGIME"),
        )
        return context


def _refuse(status, reason):
    response = JsonResponse({"error": reason}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _same_origin(request):
    origin = request.headers.get("Origin")
    if origin:
        allowed = {_origin(settings.NEWSDESK_BASE_URL), f"{request.scheme}://{request.get_host()}"}
        return origin in allowed
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def _rate_limited(request):
    network = choices.truncate_ip(client_ip(request)) or "unknown"
    key = f"consent:rate:{network}:{int(time.time() // RATE_WINDOW)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        count = 1
    return count > conf.get("RATE_LIMIT")


# No CSRF token: readers' pages are cached and identical for everyone, so they carry no
# token and set no CSRF cookie. The Origin (or Sec-Fetch-Site) check below does the same
# job for this endpoint: browsers send it with every cross-site POST and pages cannot
# forge it. A forged record could only add a line to the log, never change a reader's
# cookie on another site.
@csrf_exempt
def record(request):
    """Write a consent record (JSON) and set the newsdesk_consent cookie from it."""
    if request.method != "POST":
        response = _refuse(405, _("send consent records with POST"))
        response["Allow"] = "POST"
        return response
    if not _same_origin(request):
        return _refuse(403, _("cross-site requests are refused: post from the site's own "
                                  "pages"))
    if request.content_type != "application/json":
        return _refuse(415, _("send the record as application/json"))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refuse(400, _("the Content-Length header is not a number"))
    if length > MAX_BODY:
        return _refuse(413, _("the body is larger than %(bytes)d bytes") % {"bytes": MAX_BODY})
    if _rate_limited(request):
        response = _refuse(429, _("too many consent records from your network: try again "
                                     "later"))
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    revision = texts.policy().revision
    try:
        choice = parse_record(request.body, revision)
    except Invalid as problem:
        return _refuse(400, str(problem))
    regime = readers.regime_for(request)
    saved = choices.record_consent(
        **choice | {"gpc": choice["gpc"] or readers.gpc_signal(request)}, regime=regime,
        ip=client_ip(request) or "", user_agent=request.headers.get("User-Agent", ""),
    )
    granted = saved.granted.split()
    response = JsonResponse(
        {"id": saved.pk, "consent_id": str(saved.consent_id), "granted": granted,
         "denied": saved.denied.split(), "revision": saved.revision, "regime": regime,
         "gpc": saved.gpc, "time": saved.created_at.isoformat(), "hash": saved.hash},
        status=201,
    )
    # Set by the server too (consent.js has set the same value already): Safari keeps
    # cookies set by script for 7 days at most, but server-set ones for their full life.
    response.set_cookie(
        conf.COOKIE_NAME,
        choices.cookie_value(saved.consent_id, saved.revision, granted, regime, saved.gpc,
                              saved.created_at),
        max_age=conf.get("COOKIE_SECONDS"), path="/", samesite="Lax",
        secure=settings.NEWSDESK_BASE_URL.startswith("https://"), httponly=False,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def regime(request):
    """This reader's regime and GPC signal, for pages cached identically for everyone."""
    response = JsonResponse(
        {"regime": readers.regime_for(request), "gpc": readers.gpc_signal(request)}
    )
    response["Cache-Control"] = "private, no-store"
    header = conf.get("COUNTRY_HEADER")
    patch_vary_headers(response, [header, "Sec-GPC"] if header else ["Sec-GPC"])
    return response
