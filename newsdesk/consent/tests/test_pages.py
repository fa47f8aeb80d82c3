"""What every reader page carries, and the cookie policy page."""

import json
import re

import pytest
from django.test import override_settings

from newsdesk.consent.models import CookieCategory, CookieDeclaration, Snippet
from newsdesk.core.signals import site_changed
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared():
    analytics = CookieCategory.objects.get(key="analytics")
    CookieDeclaration.objects.create(
        name="_pk_id.*", category=analytics, provider="Matomo", lifetime=13 * 30 * 86400,
        description="Matomo's <visitor> id.",
        translations={"zh-hans": {"description": "Matomo 的访客标识。"}})
    CookieDeclaration.objects.create(name="mystery", lifetime=600)
    return analytics


def config(html):
    found = re.search(r'<script id="consent-config" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def test_every_page_carries_the_hidden_banner_centre_and_configuration(client, declared):
    make_article("Harbour news")
    for path in ("/en/", "/en/cookie-policy/", "/en/no-such-page/"):
        response = client.get(path)
        html = response.content.decode()
        assert '<section id="consent-banner"' in html and "data-consent-banner hidden>" in html
        assert '<dialog id="consent-centre"' in html
        # The consent script and styles travel in the site's one bundle of each.
        assert '<script src="/static/newsdesk/bundle.js" defer></script>' in html
        assert '<link rel="stylesheet" href="/static/newsdesk/bundle.css">' in html
        assert 'href="/en/cookie-policy/#cookie-settings" data-consent-open="footer"' in html
        assert not response.cookies, f"{path} sets no cookie"
    settings = config(html)
    assert settings["cookie"] == "newsdesk_consent" and settings["revision"] == 1
    assert settings["regime"] == "opt-in" and settings["recordUrl"] == "/api/consent/records/"
    assert settings["declarations"]["analytics"] == [["_pk_id.*", "", "cookie"]]
    assert settings["declarations"]["necessary"] == [["newsdesk_consent", "", "cookie"]]


def test_pages_need_no_inline_script_or_style(client, declared):
    html = client.get("/en/").content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        # Data blocks (JSON, JSON-LD) and gated scripts (text/plain) are never run.
        assert ("src=" in tag or 'type="application/json"' in tag
                or 'type="application/ld+json"' in tag or 'type="text/plain"' in tag), tag
    assert " style=" not in html and "<style" not in html


def test_the_centre_lists_each_categorys_cookies_or_says_there_are_none(client, declared):
    html = client.get("/en/").content.decode()
    analytics = html[html.index('id="consent-details-analytics"'):]
    analytics = analytics[:analytics.index("</li>")]
    assert "<code>_pk_id.*</code>" in analytics and "13 months" in analytics
    assert "Matomo&#x27;s &lt;visitor&gt; id." in analytics, "descriptions are escaped"
    performance = html[html.index('id="consent-details-performance"'):]
    assert "No cookies to display." in performance[:performance.index("</li>")]
    assert 'role="switch"' in analytics or 'id="consent-switch-analytics"' in html
    assert 'id="consent-switch-necessary"' not in html and "Always Active" in html
    assert "mystery" not in html, "uncategorised cookies wait for review outside the centre"


def test_chinese_pages_use_the_chinese_texts(client, declared):
    html = client.get("/zh-hans/").content.decode()
    assert "关于 Cookie 的选择" in html and "自定义同意偏好" in html
    assert "全部接受" in html and "全部拒绝" in html and "保存我的偏好" in html
    assert "Matomo 的访客标识。" in html and "13 个月" in html
    assert "Cookie 设置" in html


def test_the_cookie_policy_lists_every_declaration_including_uncategorised(client, declared):
    html = client.get("/en/cookie-policy/").content.decode()
    assert "<h1>Cookie policy</h1>" in html
    assert "<code>_pk_id.*</code>" in html and "<code>newsdesk_consent</code>" in html
    assert "Uncategorised" in html and "<code>mystery</code>" in html
    assert "Records are kept for 24 months" in html and "for 365 days" in html
    assert 'data-consent-open="centre"' in html
    chinese = client.get("/zh-hans/cookie-policy/").content.decode()
    assert "我们如何保存您的选择" in chinese and "记录保存 24 个月后删除" in chinese


@override_settings(CONSENT_REGIME="opt-out")
def test_the_opt_out_regime_adds_the_do_not_sell_link(client):
    html = client.get("/en/").content.decode()
    assert "Do Not Sell or Share My Personal Information</a>" in html
    assert "<li data-consent-opt-out-only>" in html
    assert config(html)["regime"] == "opt-out"


@override_settings(CONSENT_REGIME="by-country", CONSENT_COUNTRY_HEADER="CF-IPCountry")
def test_by_country_pages_are_the_same_for_everyone_and_ask_the_server(client):
    us = client.get("/en/", HTTP_CF_IPCOUNTRY="US").content
    assert us == client.get("/en/", HTTP_CF_IPCOUNTRY="DE").content
    html = us.decode()
    assert "<li data-consent-opt-out-only hidden>" in html
    assert config(html)["regime"] == "by-country"
    assert config(html)["regimeUrl"] == "/api/consent/regime/"


def test_snippets_are_rendered_gated_and_trackers_in_pages_are_neutralised(client):
    necessary = CookieCategory.objects.get(key="necessary")
    analytics = CookieCategory.objects.get(key="analytics")
    Snippet.objects.create(name="Stats", category=analytics, placement="head",
                           code="<script>window.stats = 1;</script>")
    Snippet.objects.create(name="Pasted tag", category=necessary,
                           code='<script src="https://www.google-analytics.com/analytics.js">'
                                "</script>")
    Snippet.objects.create(name="Off", category=analytics, enabled=False,
                           code="<script>window.off = 1;</script>")

    html = client.get("/en/").content.decode()

    head = html[:html.index("</head>")]
    assert '<script type="text/plain" data-category="analytics">window.stats = 1;</script>' in head
    assert ('<script type="text/plain" data-category="analytics" '
            'data-src="https://www.google-analytics.com/analytics.js"></script>') in html
    assert "window.off" not in html


def test_the_back_office_is_not_rewritten(admin_client):
    necessary = CookieCategory.objects.get(key="necessary")
    Snippet.objects.create(name="Pasted tag", category=necessary,
                           code='<script src="https://www.google-analytics.com/x.js"></script>')
    html = admin_client.get("/admin/consent/snippet/").content.decode()
    assert 'data-category="analytics"' not in html


def test_changing_consent_settings_tells_the_page_cache(declared):
    calls = []

    def receiver(sender, **kwargs):
        calls.append(sender)

    site_changed.connect(receiver)
    try:
        declaration = CookieDeclaration.objects.get(name="_pk_id.*")
        declaration.provider = "Matomo Cloud"
        declaration.save()
        declared.name = "Statistics"
        declared.save()
        Snippet.objects.create(name="x", category=declared, code="<script></script>")
        declaration.delete()
        CookieDeclaration.objects.filter(name="mystery").update(last_seen=None)
    finally:
        site_changed.disconnect(receiver)
    assert calls == [CookieDeclaration, CookieCategory, Snippet, CookieDeclaration]


def test_inline_snippet_scripts_have_csp_hashes_only_for_granted_categories():
    import base64
    import hashlib

    analytics = CookieCategory.objects.get(key="analytics")
    Snippet.objects.create(name="Stats", category=analytics,
                           code='<script async src="/x.js"></script><script>go(1);</script>')
    Snippet.objects.create(name="Off", category=analytics, enabled=False,
                           code="<script>off();</script>")

    from newsdesk.consent.csp import sources_for

    digest = base64.b64encode(hashlib.sha256(b"go(1);").digest()).decode()
    assert f"'sha256-{digest}'" in sources_for({"necessary", "analytics"})["script-src"]
    assert "script-src" not in sources_for({"necessary", "functional"})
