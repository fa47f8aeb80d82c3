"""What the comment views need from a request: its origin and its form body."""

from urllib.parse import parse_qsl

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError

from newsdesk.comments import conf
from newsdesk.core.origins import allowed_origins, origin_of, same_origin

__all__ = ["BadForm", "allowed_origins", "form_data", "origin_of", "same_origin"]

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FIELDS = 50


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
