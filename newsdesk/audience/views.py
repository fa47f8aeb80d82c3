"""The counting API: small JSON endpoints outside the language prefix, never cached.

Pages come from a shared cache, so these endpoints carry no CSRF token and set
no cookie. What makes a cross-site POST harmless here is that it changes
nothing an attacker could not change with curl, and browsers' cross-site
requests are refused outright (Sec-Fetch-Site).
"""

import base64
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from newsdesk.audience import services
from newsdesk.audience.batch_sql import CHANGED, COUNTED, UNKNOWN
from newsdesk.audience.committer import CommitFailed
from newsdesk.audience.visitors import is_crawler, is_prefetch
from newsdesk.core.net import client_ip

MAX_BODY_BYTES = 4096
MAX_ARTICLE_ID = 2**53  # what a JavaScript number holds exactly
# A transparent 1x1 GIF for readers without JavaScript.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _json(data, status=200, **headers):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _error(status, message, **headers):
    return _json({"error": message}, status=status, **headers)


def _refusal(request, allowed_method):
    """The first reason to refuse this request before reading its body, or None."""
    if request.method != allowed_method:
        return _error(405, _("Use %(method)s.") % {"method": allowed_method}, Allow=allowed_method)
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return _error(403, _("Requests from other sites are not counted."))
    if not services.within_rate_limit(client_ip(request)):
        return _error(429, _("Too many requests from your address; try again in a minute."),
                      Retry_After="60")
    return None


def _read_body(request):
    """The JSON object of the body as (data, None), or (None, error response)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return None, _error(413, _("The request body is too large."))
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        return None, _error(400, _("The request body is not valid JSON."))
    if not isinstance(data, dict):
        return None, _error(400, _("Send a JSON object with an article id."))
    article_id = data.get("article")
    if type(article_id) is not int or not 0 < article_id < MAX_ARTICLE_ID:
        return None, _error(400, _("Give the article id as a positive whole number."))
    return data, None


def _not_counted(article_id, reason):
    totals = services.current_totals(article_id)
    if totals is None:
        return _error(404, _("There is no published article with this id."))
    return _json({"article": article_id, "counted": False, "reason": reason,
                  "views": totals[0], "likes": totals[1]})


def _skip_reason(request):
    """Why this page view must not be counted, or None."""
    if is_crawler(request.META.get("HTTP_USER_AGENT", "")):
        return "crawler"
    if is_prefetch(request):
        return "prefetch"
    # Only a reader with a session cookie can be an editor: no session lookup otherwise.
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff:
        return "editor"
    return None


@csrf_exempt
def count_view(request):
    """POST {"article": id, "referrer": "..."}: count a page view, answer the live totals."""
    refused = _refusal(request, "POST")
    if refused:
        return refused
    data, error = _read_body(request)
    if error:
        return error
    article_id = data["article"]
    reason = _skip_reason(request)
    if reason:
        return _not_counted(article_id, reason)
    try:
        result = services.record_view(
            article_id, address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            referrer=data.get("referrer") or "",
        )
    except CommitFailed:
        return _error(503, _("The count could not be saved; please try again."), Retry_After="5")
    if result.status == UNKNOWN:
        return _error(404, _("There is no published article with this id."))
    return _json({
        "article": article_id, "counted": result.status == COUNTED,
        **({} if result.status == COUNTED else {"reason": "repeat"}),
        "views": result.views, "likes": result.likes,
    })


@csrf_exempt
def like(request):
    """POST {"article": id, "liked": true|false}: like an article or withdraw the like."""
    refused = _refusal(request, "POST")
    if refused:
        return refused
    data, error = _read_body(request)
    if error:
        return error
    liked = data.get("liked", True)
    if not isinstance(liked, bool):
        return _error(400, _("Give liked as true or false."))
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_crawler(user_agent):
        return _error(403, _("Automated clients cannot like articles."))
    try:
        result = services.record_like(
            data["article"], address=client_ip(request), user_agent=user_agent, liked=liked,
        )
    except CommitFailed:
        return _error(503, _("The like could not be saved; please try again."), Retry_After="5")
    if result.status == UNKNOWN:
        return _error(404, _("There is no published article with this id."))
    return _json({
        "article": data["article"], "liked": liked, "changed": result.status == CHANGED,
        "views": result.views, "likes": result.likes,
    })


def pixel(request, article_id):
    """GET: count a page view of a reader without JavaScript (<noscript> image)."""
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    refused = _refusal(request, "GET")
    if refused or _skip_reason(request) or not 0 < article_id < MAX_ARTICLE_ID:
        # HEAD, other sites, rate limits, crawlers and prefetches get the image, uncounted.
        return response
    try:
        services.record_view(
            article_id, address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except CommitFailed:
        response.status_code = 503
    return response


def ping(request):
    """A trivial endpoint of the same stack: the benchmark's yardstick, a health check."""
    return _json({"ok": True})
