from newsdesk.consent.blocking import neutralise
from newsdesk.core.paths import is_reader_path


class AutoBlockMiddleware:
    """Neutralise known trackers and embeds in every HTML page readers get (core.paths).

    Whatever put a tracker into a page (a template, a snippet, an article body), it
    leaves the server inert and assigned to its category. It sits innermost in
    MIDDLEWARE, so a page cache above it stores the already neutralised HTML.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Content-Encoding")
            or not is_reader_path(request.path_info)
        ):
            return response
        html = response.content.decode(response.charset, errors="replace")
        filtered = neutralise(html)
        if filtered is not html:
            response.content = filtered.encode(response.charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
