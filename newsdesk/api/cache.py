"""Content API answers under the page cache's rules: no cookie, an ETag, Cache-Control.

Outside the page cache (tests, a disabled cache) Django answers 304 itself from
an ETag of the body (ConditionalGetMiddleware's rule, as a view decorator).
In front of Django the page cache stores the answer, makes its own ETags and
Cache-Control, and refreshes it when what it shows changes: lists depend on
`listings` (and on every story they show), a story on its own tag.
"""

import functools

from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_control
from ninja.decorators import decorate_view

from newsdesk.api.errors import BadRequest
from newsdesk.core import pages

_conditional = decorator_from_middleware(ConditionalGetMiddleware)

# max-age=0: clients revalidate with the ETag (a 304 costs nothing); the page cache
# replaces this with its own Cache-Control, which lets shared caches keep it briefly.
public = decorate_view(_conditional, cache_control(public=True, max_age=0))


def only_parameters(*schemas, also=()):
    """Answer 400 naming a query parameter that none of `schemas` declares.

    django-ninja passes a query schema only the fields it declares and ignores the
    rest; a reading app with a typo (`?sectoin=`) must hear of it, not get every story.
    """
    known = {name for schema in schemas for name in schema.model_fields} | set(also)

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            unknown = sorted(set(request.GET) - known)
            if unknown:
                raise BadRequest(f"{unknown[0]}: unknown parameter; this list takes "
                                 f"{', '.join(sorted(known))}")
            return view(request, *args, **kwargs)
        return checked
    return decorator


def shows_stories(request, pks, listing=True):
    """This answer shows these stories (their bodies, references...): refresh it with them,
    and, for a list, with every change to what is published."""
    tags = [pages.article_tag(pk) for pk in pks]
    pages.depends_on(request, *([pages.LISTINGS] if listing else []), *tags)
