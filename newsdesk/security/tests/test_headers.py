"""Security headers on reader pages, the back office and uploaded media."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from newsdesk.core import csp
from newsdesk.publishing.tests.factories import make_article
from newsdesk.security.csp import response_is_shareable
from newsdesk.security.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}


@pytest.fixture
def article_page(client):
    return client.get(make_article("Ferry returns").get_absolute_url())


def test_reader_pages_carry_the_strict_policy_without_inline_or_nonce(article_page):
    """Scripts, styles and everything else only from the site itself; nothing inline."""
    policy = directives(article_page)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in article_page["Content-Security-Policy"]
    assert "nonce-" not in article_page["Content-Security-Policy"]


def test_reader_pages_carry_the_other_protective_headers(article_page):
    """nosniff, referrer policy, permissions policy, opener policy, no framing."""
    assert article_page["X-Content-Type-Options"] == "nosniff"
    assert article_page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert article_page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert article_page["X-Frame-Options"] == "DENY"
    permissions = article_page["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()"):
        assert feature in permissions
    assert "Strict-Transport-Security" not in article_page  # http base URL in tests


def test_reader_pages_still_set_no_cookie_and_do_not_vary_on_cookie(article_page):
    """The security middleware never opens a session for a reader."""
    assert not article_page.cookies
    assert "Cookie" not in article_page.get("Vary", "")


def test_our_templates_have_no_inline_script_or_style():
    """Every template of the project keeps to the policy: no <script> body, no style=."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        if re.search(r"<[a-zA-Z][^>]*\s(?:style|on[a-z]+)\s*=\s*[\"']", text):
            offenders.append(str(template))
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", text, re.S):
            is_data = 'type="application/json"' in match["attrs"] or \
                      'type="text/plain"' in match["attrs"]
            if match["body"].strip() and not is_data:
                offenders.append(str(template))
    assert offenders == []


def test_a_source_provider_widens_the_policy_only_when_it_says_so(client, monkeypatch):
    """The consent seam: sources come per request, so a consenting reader gets the embed host."""
    monkeypatch.setattr(csp, "_providers", [])  # this provider alone, not the consent app's

    def provider(request):
        if request.COOKIES.get("consent") == "video":
            return {"frame-src": ["https://video.example"], "script-src": ["'unsafe-inline'"]}
        return {}

    csp.register_source_provider(provider)
    try:
        article = make_article()
        strict = directives(client.get(article.get_absolute_url()))
        client.cookies["consent"] = "video"
        widened = directives(client.get(article.get_absolute_url()))
    finally:
        csp.unregister_source_provider(provider)
    assert "frame-src" not in strict
    # frame-src was left to default-src, so the site's own frames stay allowed.
    assert widened["frame-src"] == ["'self'", "https://video.example"]
    # A provider can add hosts, never switch inline script back on.
    assert widened["script-src"] == ["'self'"]


def test_a_page_that_uses_a_nonce_is_never_shared_by_a_cache():
    """request.csp_nonce puts a nonce in the header and makes the response private."""
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = SecurityHeadersMiddleware(view)
    response = middleware(RequestFactory().get("/en/"))
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert not response_is_shareable(response)

    plain = SecurityHeadersMiddleware(lambda request: HttpResponse("x"))(
        RequestFactory().get("/en/"))
    assert response_is_shareable(plain) and "Cache-Control" not in plain


def test_uploaded_media_is_served_with_its_type_and_as_an_inert_document(client, settings):
    """A media file gets its real Content-Type, nosniff and a sandboxed, script-less policy."""
    media = Path(settings.MEDIA_ROOT) / "security-test"
    media.mkdir(parents=True, exist_ok=True)
    (media / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    try:
        response = client.get("/media/security-test/photo.png")
    finally:
        shutil.rmtree(media)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy


def test_the_admin_gets_the_strict_policy_too(client):
    response = client.get("/admin/login/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert directives(response)["style-src"] == ["'self'"]


def newsdesk_settings(**env):
    code = ("from django.conf import settings as s; import django; django.setup(); "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
            "s.SECURITY_REQUIRE_2FA_FOR_ADMINS, s.NEWSDESK_PROXY_COUNT, "
            "'upgrade-insecure-requests' in str(s.CONTENT_SECURITY_POLICY) and "
            "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['upgrade-insecure-requests'])")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings", **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_https_base_url_turns_on_hsts_redirect_secure_cookies_and_required_two_factor(tmp_path):
    """The production switches follow NEWSDESK_BASE_URL, with no other setting needed."""
    assert newsdesk_settings(
        NEWSDESK_DATA_DIR=str(tmp_path), NEWSDESK_BASE_URL="https://news.example.org"
    ) == ["31536000", "True", "True", "True", "1", "True"]
    assert newsdesk_settings(
        NEWSDESK_DATA_DIR=str(tmp_path), NEWSDESK_BASE_URL="http://127.0.0.1:8000"
    ) == ["0", "False", "False", "False", "0", "False"]


def test_hsts_header_is_sent_on_secure_requests_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
