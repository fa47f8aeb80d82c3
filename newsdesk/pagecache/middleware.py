"""Django's side of the page-cache seam: answer the PageMeta the wrapper asked for.

Runs inside Django, only on a miss that PageCacheApp may store (newsdesk.core.pages
is the seam; this module never imports the wrapper). A page depends on the tags
its views declared with `depends_on` (an article's page: `article:<pk>`); a
page that declared none on `listings`, and expires when the next scheduled
article goes live.
"""

from django.utils.translation import get_language

from newsdesk.core.pages import LISTINGS, PAGE_META, PageMeta, declared_tags, is_cacheable
from newsdesk.pagecache.services import next_scheduled_publication


class PageTagsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_cacheable(request) or response.status_code != 200:
            return response
        tags = frozenset(declared_tags(request)) or frozenset({LISTINGS})
        expires = next_scheduled_publication() if LISTINGS in tags else None
        request.environ[PAGE_META] = PageMeta(tags=tags, language=get_language(),
                                              expires=expires)
        return response
