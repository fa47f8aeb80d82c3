from django.utils.cache import patch_cache_control

from newsdesk.comments.templatetags.comments import AUTHOR_PARAMETER


class AuthorLinkMiddleware:
    """Keep a page opened with an author token (`?c=`) out of every cache.

    That page shows the author their own pending comment, so it is theirs alone:
    `Cache-Control: private, no-store`, and no indexing. Page caches must also
    never answer such a request from the cache (docs/comments.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if AUTHOR_PARAMETER in request.GET:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
            response["X-Robots-Tag"] = "noindex"
        return response
