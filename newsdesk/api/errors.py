"""Errors as the API answers them: {"error": code, "detail": sentence}; bad input is a 4xx."""

from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError


class BadRequest(Exception):
    """A request the API cannot answer as asked; the message says why."""


class Conflict(Exception):
    """The stored row changed since the client read it."""


def answer(api, request, status, code, detail, **headers):
    response = api.create_response(request, {"error": code, "detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def describe(errors):
    """Pydantic's errors as one sentence: `limit: Input should be greater than or equal to 1`."""
    parts = []
    for error in errors:
        where = [str(part) for part in error.get("loc", ()) if part not in ("query", "body",
                                                                            "filters", "page",
                                                                            "path", "payload")]
        message = error.get("msg", "invalid")
        if error.get("type") == "extra_forbidden":
            message = "unknown parameter"
        parts.append(f"{'.'.join(where) or 'request'}: {message}")
    return "; ".join(parts) or "the request is malformed"


def install(api):
    api.add_exception_handler(BadRequest, lambda request, exc: answer(
        api, request, 400, "bad_request", str(exc)))
    api.add_exception_handler(ValidationError, lambda request, exc: answer(
        api, request, 400, "bad_request", describe(exc.errors)))
    api.add_exception_handler(Conflict, lambda request, exc: answer(
        api, request, 409, "conflict", str(exc)))
    # "Unauthorized" and nothing else: no hint whether a token exists, expired or was revoked.
    api.add_exception_handler(AuthenticationError, lambda request, exc: answer(
        api, request, 401, "unauthorized", "A valid API token is required.",
        WWW_Authenticate="Bearer"))
    api.add_exception_handler(Http404, lambda request, exc: answer(
        api, request, 404, "not_found", "Nothing is published at this address."))
    api.add_exception_handler(HttpError, lambda request, exc: answer(
        api, request, exc.status_code, {403: "forbidden", 413: "too_large"}.get(
            exc.status_code, "error"), str(exc)))
