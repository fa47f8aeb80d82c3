"""What the audience app adds to the reader's article page."""

import re

import pytest

from newsdesk.audience.tests.conftest import staff_user
from newsdesk.core import bundles
from newsdesk.core.roles import EDITOR
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_article_page_carries_the_like_button_the_script_and_a_noscript_pixel(client):
    article = make_article("Ferry returns", view_count=12, like_count=3)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'data-audience-article="{article.pk}"' in html
    assert 'data-view-url="/api/audience/view/"' in html
    assert re.search(r'<button type="button" class="audience-like" aria-pressed="false" hidden>',
                     html)
    # The counting script travels in the site's one script bundle.
    assert '<script src="/static/newsdesk/bundle.js" defer></script>' in html
    assert "data-audience-article" in bundles.build_js()
    pixel = f'<noscript><img class="audience-pixel" src="/api/audience/pixel/{article.pk}.gif"'
    assert pixel in html
    assert "audience-like" in bundles.build_css()
    # The server-rendered counters stay the fallback the script updates in place.
    assert "Views: 12" in html and "Likes: 3" in html
    # No inline script or style: a strict Content-Security-Policy must work.
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json))[^>]*>", html)
    assert " style=" not in html


def test_the_like_button_is_translated(client):
    article = make_article("轮渡复航", language="zh-hans")
    html = client.get(article.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()
    assert "<span>点赞</span>" in html


def test_reading_an_article_sets_no_cookie(client):
    response = client.get(make_article().get_absolute_url())
    assert response.status_code == 200 and not response.cookies


def test_the_editors_preview_sends_no_beacon_and_has_no_pixel(client):
    draft = make_article("Draft", status=Article.Status.DRAFT)
    client.force_login(staff_user("editor", EDITOR))

    html = client.get(f"/en/preview/{draft.pk}/").content.decode()

    assert "Draft" in html
    assert "audience.js" not in html and "audience-pixel" not in html
    assert "data-audience-article" not in html


def test_listings_load_no_counting_script(client):
    make_article()
    html = client.get("/en/").content.decode()
    # The bundle's counting code does nothing without an article marker.
    assert "data-audience-article" not in html and "audience-pixel" not in html
