"""Every answer of the API checked against the API's own OpenAPI document (openapi-core)."""

import functools
import json
from urllib.parse import parse_qsl, urlsplit

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse


@functools.cache
def _document(text):
    return OpenAPI.from_dict(json.loads(text))


def document(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return _document(response.content.decode())


def check(spec, method, url, status, content_type, body, headers=None):
    """Raise when the answer is not one the document declares for this operation."""
    parts = urlsplit(url)
    request = MockRequest("http://testserver", method, parts.path,
                          args=dict(parse_qsl(parts.query)), headers=headers or {})
    response = MockResponse(body, status_code=status, content_type=content_type)
    spec.validate_response(request, response)


class CheckedClient:
    """Django's test client, each JSON answer validated against /api/openapi.json."""

    def __init__(self, client):
        self.client = client
        self.spec = document(client)

    def _checked(self, method, url, response, headers=None):
        if response.status_code != 304:
            check(self.spec, method, url, response.status_code,
                  response.headers.get("Content-Type", "").split(";")[0], response.content,
                  headers)
        return response

    def get(self, url, **extra):
        return self._checked("get", url, self.client.get(url, **extra))

    def post(self, url, data=None, content_type="application/json", **extra):
        if content_type == "application/json":
            response = self.client.post(url, json.dumps(data), content_type=content_type,
                                        **extra)
        else:
            response = self.client.post(url, data, **extra)
        return self._checked("post", url, response)

    def patch(self, url, data, **extra):
        response = self.client.patch(url, json.dumps(data), content_type="application/json",
                                     **extra)
        return self._checked("patch", url, response)
