"""Banned and suspect words: whole words in English, jieba's words in Chinese, literal, fast."""

import datetime
import random
import string
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from newsdesk.comments.models import Comment, WordList
from newsdesk.comments.tests.conftest import make_comment, own_comment_id, post
from newsdesk.comments.wordlists import Matcher

pytestmark = pytest.mark.django_db
Status = Comment.Status


def words(kind, language, *entries):
    return WordList.objects.update_or_create(kind=kind, language=language,
                                             defaults={"words": "\n".join(entries)})[0]


def test_a_suspect_word_holds_the_comment_and_the_moderator_sees_it_highlighted(
        client, admin_client, article):
    words("suspect", "en", "moron")
    comment = Comment.objects.get(pk=own_comment_id(post(
        client, article, comment="Only a Moron would build a ferry like this.")))
    assert comment.status == Status.PENDING and comment.spam_reason == "suspect: moron"
    page = admin_client.get("/admin/comments/comment/queue/held/").content.decode()
    assert '<mark class="mod-match mod-match--suspect" title="moron">Moron</mark>' in page
    assert "Suspect words: moron" in page


def test_a_banned_word_rejects_the_comment(client, article):
    words("banned", "en", "scumbag")
    comment = Comment.objects.get(pk=own_comment_id(post(
        client, article, comment="The captain is a SCUMBAG.")))
    assert comment.status == Status.REJECTED and comment.spam_reason == "banned: scumbag"


def test_english_words_match_whole_words_only_ignoring_case():
    matcher = Matcher({("suspect", "en"): ["ass", "big fool"]})
    assert [m.word for m in matcher.find("You ASS.")] == ["ass"]
    assert matcher.find("A classic assessment of the passenger bass") == []
    assert [m.word for m in matcher.find("what a big\n  fool")] == ["big fool"]


def test_a_word_that_is_regular_expression_syntax_is_taken_literally(client, article):
    words("banned", "en", ".*", "f*ck", "(a|b)", "[", "c++")
    harmless = Comment.objects.get(pk=own_comment_id(post(
        client, article, comment="Any text at all, a or b, fck.", email="x@example.org")))
    assert harmless.status != Status.REJECTED
    matcher = Matcher({("banned", "en"): [".*", "f*ck", "(a|b)", "[", "c++"]})
    assert [m.word for m in matcher.find("f*ck this, I write c++ and .* and (a|b) and [")] == [
        "f*ck", "c++", ".*", "(a|b)", "["]


def test_chinese_words_match_as_jieba_segments_the_text():
    matcher = Matcher({("suspect", "zh-hans"): ["日本", "笨蛋"]})
    assert [m.word for m in matcher.find("你这个笨蛋！")] == ["笨蛋"]
    assert [m.word for m in matcher.find("日本的渡轮")] == ["日本"]
    # 今日 / 本来: the letters of 日本 are there, the word is not.
    assert matcher.find("今日本来很好") == []


@override_settings(COMMENTS_RATE_LIMIT=0)
def test_a_word_list_of_100000_lines_stays_fast(client, article):
    generator = random.Random(23)
    entries = {"".join(generator.choices(string.ascii_lowercase, k=generator.randint(5, 12)))
               for _ in range(100_000)}
    entries.add("ferrymonster")
    words("suspect", "en", *sorted(entries))
    assert len(WordList.objects.get().entries()) >= 99_000
    first = post(client, article, comment="A warm-up comment about the harbour.")
    assert first.status_code == 302  # builds the matcher once
    started = time.perf_counter()
    for number in range(20):
        post(client, article, comment=f"Number {number}: the ferry is a ferrymonster today.",
             email=f"r{number}@example.org")
    elapsed = time.perf_counter() - started
    held = Comment.objects.filter(spam_reason="suspect: ferrymonster").count()
    assert held == 20
    assert elapsed < 20, f"20 comments against a 100,000-line list took {elapsed:.1f} s"


def test_the_preview_shows_what_a_list_would_have_caught_last_month(admin_client, article):
    recent = make_comment(article, text="The ferry crew are clowns.")
    old = make_comment(article, text="Clowns, all of them.")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40))
    make_comment(article, text="A calm crossing.")
    response = admin_client.post("/admin/comments/wordlist/preview/", {
        "kind": "suspect", "language": "en", "words": "clowns\n# a note\n"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 words; of 2 comments from the last 30 days, 1 would have been caught." in page
    assert "The ferry crew are <mark" in page and "Clowns, all" not in page
    assert recent.article.title in page


def test_a_word_list_file_that_is_not_utf8_is_refused_with_a_message(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("words.txt", "caf\xe9".encode("latin-1"), "text/plain")
    response = admin_client.post("/admin/comments/wordlist/add/", {
        "kind": "banned", "language": "en", "words": "", "upload": upload})
    assert response.status_code == 200
    assert "This file is not UTF-8 text." in response.content.decode()
    assert not WordList.objects.exists()
