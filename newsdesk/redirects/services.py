"""Finding and recording redirects; the middleware, admin and importers call these."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers

from newsdesk.redirects import resolvers
from newsdesk.redirects.models import Redirect, url_of

# WordPress's query-string links (/?p=123), looked up as "/?p=123" rows.
QUERY_KEYS = ("p", "page_id", "cat", "tag", "feed", "attachment_id", "author")


def lookup_keys(path, query):
    """Rows that may name this address: the query-string form first, then both slash forms."""
    keys = [f"{path}?{name}={query[name]}" for name in QUERY_KEYS if query.get(name)]
    keys.append(path)
    keys.append(path[:-1] if path.endswith("/") and path != "/" else path + "/")
    return keys


def has_old_query(request):
    return any(request.GET.get(name) for name in QUERY_KEYS)


def find_redirect(request):
    """A 301 (or 410) response for an old address, or None when nothing is known about it."""
    keys = lookup_keys(request.path_info, request.GET)
    rows = {row.old_path: row for row in Redirect.objects.filter(old_path__in=keys)}
    row = next((rows[key] for key in keys if key in rows), None)
    preferred = translation.get_language_from_request(request)
    if row is not None:
        url = row.destination(fallback_language=preferred)
        if not url and (row.new_path or row.content_type_id):
            return None  # the target exists but is not public: an ordinary 404
        response = HttpResponsePermanentRedirect(url) if url else HttpResponseGone()
    else:
        found = resolvers.resolve(request)
        url = found if isinstance(found, str) else url_of(found, preferred)
        if not url:
            return None
        response = HttpResponsePermanentRedirect(url)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def add_redirect(old_path, *, target=None, new_path="", language="",
                 source=Redirect.Source.EDITOR):
    """Create or update the redirect of `old_path`.

    Returns (redirect, outcome), outcome being "created", "updated" or
    "unchanged". An editor's own redirect is never overwritten by an importer's.
    """
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    values = {
        "new_path": new_path, "content_type": content_type,
        "object_id": target.pk if target is not None else None,
        "language": language if language in dict(settings.LANGUAGES) else "", "source": source,
    }
    existing = Redirect.objects.filter(old_path=old_path).first()
    if existing is None:
        return Redirect.objects.create(old_path=old_path, **values), "created"
    if existing.source != source and existing.source == Redirect.Source.EDITOR:
        return existing, "unchanged"
    if all(getattr(existing, name) == value for name, value in values.items()):
        return existing, "unchanged"
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    return existing, "updated"
