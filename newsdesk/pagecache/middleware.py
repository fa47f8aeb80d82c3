"""Tell the page cache what a freshly rendered page depends on.

Runs inside Django, only on a miss that PageCacheApp may store (it puts a dict
into the WSGI environ). An article's page depends on `article:<pk>`; any other
page on `listings`, and expires when the next scheduled article goes live.
"""

from django.utils.translation import get_language

from newsdesk.pagecache.services import (
    LISTINGS,
    article_tag,
    depends_on,
    next_scheduled_publication,
)
from newsdesk.pagecache.wsgi import ENVIRON_KEY


class PageTagsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        meta = request.environ.get(ENVIRON_KEY)
        if meta is None or response.status_code != 200:
            return response
        tags = set(getattr(request, "pagecache_tags", ())) or {LISTINGS}
        meta["tags"] = tags
        meta["language"] = get_language()
        if LISTINGS in tags:
            meta["expires"] = next_scheduled_publication()
        return response

    def process_template_response(self, request, response):
        from newsdesk.publishing.models import Article

        if ENVIRON_KEY in request.environ:
            shown = (response.context_data or {}).get("object")
            if isinstance(shown, Article) and shown.pk is not None:
                depends_on(request, article_tag(shown.pk))
        return response
