from django.urls import is_valid_path

from newsdesk.core.languages import url_prefixes
from newsdesk.core.paths import is_reader_path
from newsdesk.redirects.services import find_redirect, has_old_query


class RedirectMiddleware:
    """Answer old addresses with a 301 to where their content lives now.

    An address without a language prefix that no view serves is looked up before
    LocaleMiddleware sees it: it would send /?p=123 to the home page and
    /2019/05/slug/ to a lookalike address under /en/. Any other address is
    looked up only when the site answers 404. Put it before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.language_prefixes = url_prefixes()

    def is_old_address(self, request):
        path = request.path_info
        if path.startswith(self.language_prefixes) or not is_reader_path(path):
            return False
        if path == "/":
            return has_old_query(request)
        return not is_valid_path(path)

    def __call__(self, request):
        if self.is_old_address(request):
            return find_redirect(request) or self.get_response(request)
        response = self.get_response(request)
        if response.status_code == 404 and is_reader_path(request.path_info):
            return find_redirect(request) or response
        return response
