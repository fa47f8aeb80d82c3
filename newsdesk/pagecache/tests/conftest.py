"""Call the real WSGI stack (page cache in front of Django) without a server."""

import io
import uuid
from dataclasses import dataclass

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from newsdesk.pagecache.services import page_store
from newsdesk.pagecache.wsgi import PageCacheApp


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode()


def call(app, path, method="GET", headers=None, host="testserver"):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0), "wsgi.multithread": True,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"] = int(status[:3])
        captured["headers"] = [(name.lower(), value) for name, value in response_headers]

    # As Django's test client does: a request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = app(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    cookies = [value for name, value in captured["headers"] if name == "set-cookie"]
    headers = dict(captured["headers"])
    headers["set-cookie"] = cookies
    return Response(captured["status"], headers, body)


def delete_redis_keys(url, prefix):
    """Remove what a test left in Redis under its own key prefix."""
    import redis

    client = redis.Redis.from_url(url)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if names:
        client.delete(*names)
    client.close()


@pytest.fixture
def app(settings, tmp_path):
    """newsdesk's WSGI application with a page cache of its own."""
    settings.PAGECACHE_DIR = str(tmp_path / "pagecache")
    # With REDIS_URL (the second CI pass) each test's counters and pages are its own, too.
    prefix = settings.PAGECACHE_REDIS_PREFIX = f"test-{tmp_path.name}-{uuid.uuid4().hex}"
    yield PageCacheApp(WSGIHandler())
    if settings.PAGECACHE_REDIS_URL:
        delete_redis_keys(settings.PAGECACHE_REDIS_URL, prefix)


@pytest.fixture
def store(app):
    return page_store()


@pytest.fixture
def get(app):
    def get(path, **kwargs):
        return call(app, path, **kwargs)

    return get
