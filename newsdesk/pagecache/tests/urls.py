"""Pages with the properties that must keep a response out of the cache."""

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control

from newsdesk.urls import urlpatterns as site_urlpatterns


def plain(request):
    return HttpResponse("plain page " * 100)


def with_cookie(request):
    response = HttpResponse("a page that sets a cookie " * 50)
    response.set_cookie("tracker", "1")
    return response


@cache_control(private=True)
def private(request):
    return HttpResponse("private page " * 100)


def streaming(request):
    return StreamingHttpResponse(iter([b"streamed " * 100]))


def not_found(request):
    return HttpResponse("gone " * 100, status=404)


def session_reader(request):
    return HttpResponse(f"visits: {request.session.get('visits', 0)} " * 50)


urlpatterns = [
    path("t/plain/", plain),
    path("t/cookie/", with_cookie),
    path("t/private/", private),
    path("t/streaming/", streaming),
    path("t/missing/", not_found),
    path("t/session/", session_reader),
    *site_urlpatterns,
]
