"""The comment form under random and adversarial input, through HTTP.

Whatever is posted (any name, email, website, text, parent id, honeypot or
time-trap token, as a form or as raw bytes): never a 500. Refused input gets
the form back with a message, or a 4xx page saying why; a comment that is
taken shows, to its author and once approved to everyone, as escaped text:
nothing in the page runs, loads or submits anything the page without it does not.
"""

from urllib.parse import urlencode

import pytest
from django.test import TestCase
from django.utils import translation
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from newsdesk.comments import services, tokens
from newsdesk.comments.models import Comment
from newsdesk.comments.tests.conftest import make_comment, old_token
from newsdesk.comments.text import render_text
from newsdesk.core.testing import (
    assert_no_new_unsafe_html,
    assert_no_server_error,
    client,
    header_values,
    hostile_ids,
    hostile_text,
    http_settings,
)
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

WEBSITES = [
    "https://example.org/", "javascript:alert(1)", "JaVaScRiPt:alert(1)//https://x",
    'https://example.org/"><script>alert(1)</script>', "http://x.example/?a=<b>&c='d'",
    "data:text/html,<script>alert(1)</script>", "//evil.example", "vbscript:msgbox(1)",
    "HTTPS://EXAMPLE.ORG/<svg onload=alert(1)>", "https://exa\u0000mple.org", "https:x",
    "https://例え.jp/パス", "https://[::1]:80/", "https://example.org/" + "a" * 300,
]
EMAILS = ["ann@example.org", '"<script>"@example.org', "a@b", "x@example.org\nBcc: all@x.org",
          "名字@例子.中国", "ann@example.org\x00"]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.COMMENTS_RATE_LIMIT = 0  # every example comes from the same address
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.org"]  # notifications are sent too


def fields(article, parent):
    """A comment form as a browser, a bot or an attacker might fill it in.

    Some fields get hostile values, the others what a reader would type, so
    that every field's input also reaches the page in some examples.
    """
    valid = st.just(old_token(article))
    hostile = {
        "comment": hostile_text(max_size=6000),
        "name": hostile_text(max_size=150),
        "email": st.one_of(st.emails(), st.sampled_from(EMAILS), hostile_text(max_size=300)),
        "token": st.one_of(
            st.just(tokens.form_token(article.pk)),  # too fast
            st.just(old_token(article, seconds=3 * 86400)),  # expired
            st.just(tokens.form_token(article.pk + 1, now=0)), hostile_text(max_size=100),
        ),
        "website": st.one_of(st.sampled_from(WEBSITES), hostile_text(max_size=250),
                             hostile_text(max_size=100).map(lambda text: "https://" + text)),
        "parent": st.one_of(st.just(parent.pk), hostile_ids(), hostile_text(max_size=20)),
        "notify": st.one_of(st.just("on"), hostile_text(max_size=10)),
        "subject": hostile_text(max_size=30),  # the honeypot
    }
    plain = {"comment": st.just("Well said."), "name": st.just("Ann Reader"),
             "email": st.just("ann@example.org"), "token": valid}

    def form(chosen):
        return st.fixed_dictionaries(
            {name: hostile[name] if name in chosen else plain[name] for name in plain}
            | {name: hostile[name] for name in chosen if name not in plain}
        )

    return st.sets(st.sampled_from(sorted(hostile)), min_size=1).flatmap(form)


def send(article, data, encoding, headers, language):
    url = f"/{language}/comments/{article.pk}/post/"
    browser = client()
    with TestCase.captureOnCommitCallbacks(execute=True):
        if encoding == "multipart":
            return browser.post(url, data, **headers)
        if encoding == "urlencoded":
            return browser.post(url, urlencode(data), "application/x-www-form-urlencoded",
                                **headers)
        return browser.post(url, data, "application/x-www-form-urlencoded", **headers)


def assert_shown_escaped(html, comment, baseline):
    assert_no_new_unsafe_html(html, baseline)
    assert f'id="comment-{comment.pk}"' in html
    assert render_text(comment.text) in html
    if comment.name:
        assert escape(comment.name) in html


@http_settings
@given(data=st.data(), encoding=st.sampled_from(["multipart", "urlencoded", "raw"]),
       language=st.sampled_from(["en", "zh-hans"]))
def test_any_comment_form_is_taken_and_shown_escaped_or_refused_with_a_message(
        data, encoding, language):
    """Never a 500; refused: a 4xx page saying why; taken: shown escaped, adding nothing unsafe."""
    article = make_article("Ferry returns")
    parent = make_comment(article, notify_replies=True, email="parent@example.org")
    baseline = client().get(article.get_absolute_url()).content.decode()
    if encoding == "raw":
        form = data.draw(st.one_of(st.binary(max_size=2000),
                                   hostile_text(max_size=2000).map(str.encode)))
    else:
        form = {name: str(value) for name, value in data.draw(fields(article, parent)).items()}
    headers = data.draw(st.fixed_dictionaries({}, optional={
        "HTTP_USER_AGENT": header_values(), "HTTP_X_FORWARDED_FOR": header_values(60),
        "HTTP_ACCEPT_LANGUAGE": header_values(60),
    }))

    response = send(article, form, encoding, headers, language)
    assert_no_server_error(response)
    event(f"answered {response.status_code}")
    if response.status_code == 200 and isinstance(form, dict):
        # Asked once to reconsider (nudge.py): the form comes back; the reader posts it as it is.
        html = response.content.decode()
        assert 'class="comment-nudge"' in html
        reply_page = client().get(f"/en/comments/{article.pk}/reply/{parent.pk}/")
        assert_no_new_unsafe_html(html, reply_page.content.decode())
        response = send(article, {**form, "reconsidered": "on"}, encoding, headers, language)
        assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code in (400, 403, 404, 429), response.status_code
        html = response.content.decode()
        # The form again with its list of problems, or a page of its own saying why.
        assert 'class="comment-errors"' in html or 'class="error-page"' in html
        reply_page = client().get(f"/en/comments/{article.pk}/reply/{parent.pk}/")
        assert_no_new_unsafe_html(html, reply_page.content.decode())
        return

    author_link = response["Location"]
    with translation.override(language):
        assert author_link.startswith(article.get_absolute_url() + "?c=")
    comment = Comment.objects.get(pk=int(author_link.rsplit("#comment-", 1)[1]))
    own_view = client().get(author_link)
    assert own_view.status_code == 200
    assert_shown_escaped(own_view.content.decode(), comment, baseline)

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([comment], Comment.Status.APPROVED)
    page = client().get(article.get_absolute_url())
    assert_shown_escaped(page.content.decode(), comment, with_harmless_text(article, comment))


def with_harmless_text(article, comment):
    """The article's page with this comment saying something harmless: the baseline of a
    page showing it (every comment brings its own Reply, Respect and Report controls)."""
    saved = Comment.objects.filter(pk=comment.pk).values("text", "name", "website").get()
    Comment.objects.filter(pk=comment.pk).update(text="Harmless words.", name="Ann", website="")
    try:
        return client().get(article.get_absolute_url()).content.decode()
    finally:
        Comment.objects.filter(pk=comment.pk).update(**saved)


@http_settings
@given(text=hostile_text(max_size=6000), token=st.one_of(st.none(), hostile_text(max_size=80)))
def test_any_edit_is_taken_and_shown_escaped_or_refused_with_a_message(text, token):
    """The author's edit form: hostile text, or a forged author token, never a 500."""
    article = make_article("Ferry returns")
    comment = make_comment(article, status=Comment.Status.APPROVED)
    baseline = client().get(article.get_absolute_url()).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client().post(f"/en/comments/edit/{comment.pk}/", {
            "c": tokens.author_token(comment) if token is None else token, "comment": text})
    assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code in (400, 403)
        html = response.content.decode()
        assert 'class="comment-errors"' in html or 'class="error-page"' in html
        edit_page = client().get(f"/en/comments/edit/{comment.pk}/",
                                 {"c": tokens.author_token(comment)})
        assert_no_new_unsafe_html(html, edit_page.content.decode())
        return
    comment.refresh_from_db()
    page = client().get(article.get_absolute_url()).content.decode()
    assert_shown_escaped(page, comment, baseline)


@http_settings
@given(reason=st.one_of(st.sampled_from(["spam", "abuse", "off_topic", "illegal", ""]),
                        hostile_text(max_size=40)),
       explanation=hostile_text(max_size=3000), email=hostile_text(max_size=300),
       good_faith=st.sampled_from(["", "on", "yes"]), as_json=st.booleans())
def test_any_report_is_taken_or_refused_with_a_message_and_shown_escaped(
        reason, explanation, email, good_faith, as_json):
    """The report form: hostile fields never a 500; refused with a reason; taken and kept."""
    from newsdesk.comments.models import Report

    article = make_article("Ferry returns")
    comment = make_comment(article)
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client(REMOTE_ADDR="198.51.100.3").post(
            f"/en/comments/report/{comment.pk}/", {
                "reason": reason, "explanation": explanation, "email": email,
                "good_faith": good_faith}, **headers)
    assert_no_server_error(response)
    assert response.status_code in (200, 400)
    if response.status_code == 400 and not as_json:
        assert 'class="comment-errors"' in response.content.decode()
    if response.status_code == 200:
        assert Report.objects.filter(comment=comment, reason=reason).exists()
