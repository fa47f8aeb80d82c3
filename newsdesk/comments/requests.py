"""What the comment views need from a request: its origin and its form body."""

from urllib.parse import parse_qsl

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError

from newsdesk.comments import conf
from newsdesk.core.origins import allowed_origins, origin_of

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FIELDS = 50


def same_origin(request):
    """True unless the browser says the form was sent from another site.

    Browsers send Origin with every POST; older ones at least Sec-Fetch-Site or
    Referer. A request with none of them does not come from a browser, so it
    cannot be a forgery riding on a reader's browser.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in allowed_origins(request)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    referer = request.headers.get("Referer")
    if referer:
        return origin_of(referer) in allowed_origins(request)
    return True


class BadForm(Exception):
    """A body that is not a readable form: code is 'too-large' or 'unreadable'."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def body_limit():
    # A character may take 12 bytes once UTF-8 encoded and percent-escaped, plus the other fields.
    return conf.get("MAX_LENGTH") * 12 + 16_384


def form_data(request):
    """The POSTed form, or BadForm for an oversized, undecodable or non-form body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadForm("unreadable") from None
    if length > body_limit():
        raise BadForm("too-large")
    content_type = request.content_type or ""
    if content_type not in FORM_TYPES:
        raise BadForm("unreadable")
    try:
        if content_type == FORM_TYPES[0]:
            body = request.body
            if len(body) > body_limit():
                raise BadForm("too-large")
            # Django would replace undecodable bytes silently; refuse them instead.
            text = body.decode("utf-8")
            parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                      max_num_fields=MAX_FIELDS)
            data = QueryDict(text, encoding="utf-8")
        else:
            data = request.POST
    except RequestDataTooBig:
        raise BadForm("too-large") from None
    except (UnicodeDecodeError, ValueError, SuspiciousOperation, MultiPartParserError):
        raise BadForm("unreadable") from None
    return data
