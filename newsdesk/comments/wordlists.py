"""Banned and suspect words: every list matched in one pass over a comment.

All lists' words go into one Aho-Corasick automaton (pyahocorasick), so a
comment is scanned once whatever the lists' length: a 100,000-line list costs
the same per comment as a ten-line one, once built. Each entry is a literal
string, never a pattern, so `.*` or `f*ck` match only those characters.

What counts as a whole word depends on the list's language: English (and any
language written with spaces) needs a non-word character or the text's edge on
each side of a match; Chinese needs the match to start and end where jieba's
segmentation of the text puts a word boundary, so 日本 is not found in 今日本来.
Matching ignores case (Unicode case folding).
"""

import threading
from dataclasses import dataclass

import ahocorasick
from django.db.models import Count, Max

from newsdesk.comments.models import WordList, entries_of

SEGMENTED_LANGUAGES = ("zh-hans",)


@dataclass(frozen=True)
class Match:
    word: str  # as written in the list
    kind: str  # WordList.Kind
    language: str
    start: int  # in the original text
    end: int


def _is_word_char(char):
    return char.isalnum() or char == "_"


class Folded:
    """A text case-folded, runs of spaces made one, each character's place in the original."""

    def __init__(self, text):
        pieces, origin = [], []
        for index, char in enumerate(text):
            if char.isspace():
                if pieces and pieces[-1] == " ":
                    continue
                char = " "
            folded = char.casefold()
            pieces.append(folded)
            origin.extend([index] * len(folded))
        self.text = "".join(pieces)
        self.origin = origin
        self._segment_bounds = None

    def original_span(self, start, end):
        return self.origin[start], self.origin[end - 1] + 1

    def segment_bounds(self):
        if self._segment_bounds is None:
            from newsdesk.core.segmentation import spans

            bounds = {0, len(self.text)}
            for start, end in spans(self.text):
                bounds.update((start, end))
            self._segment_bounds = bounds
        return self._segment_bounds


class Matcher:
    """The automaton of a set of lists: {(kind, language): [words]}."""

    def __init__(self, lists):
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        entries = {}
        for (kind, language), words in lists.items():
            for word in words:
                key = word.casefold()
                entries.setdefault(key, []).append((word, kind, language))
        for key, owners in entries.items():
            self.automaton.add_word(key, (len(key), tuple(owners)))
            self.size += 1
        if self.size:
            self.automaton.make_automaton()

    def find(self, text):
        """Every whole-word match in `text`, in order of position."""
        if not self.size or not text:
            return []
        folded = Folded(text)
        found = []
        for end_index, (length, owners) in self.automaton.iter(folded.text):
            end = end_index + 1
            start = end - length
            for word, kind, language in owners:
                if self._whole(folded, start, end, language):
                    found.append(Match(word, kind, language, *folded.original_span(start, end)))
        found.sort(key=lambda match: (match.start, -match.end))
        return found

    @staticmethod
    def _whole(folded, start, end, language):
        if language in SEGMENTED_LANGUAGES:
            bounds = folded.segment_bounds()
            return start in bounds and end in bounds
        text = folded.text
        if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
            return False
        if _is_word_char(text[end - 1]) and end < len(text) and _is_word_char(text[end]):
            return False
        return True


_lock = threading.Lock()
_current = {"version": None, "matcher": None}


def _version():
    summary = WordList.objects.aggregate(changed=Max("updated_at"), lists=Count("pk"))
    return summary["changed"], summary["lists"]


def current_matcher():
    """The matcher of the saved lists, rebuilt in this process when a list has changed."""
    version = _version()
    if _current["version"] != version:
        with _lock:
            if _current["version"] != version:
                lists = {(row.kind, row.language): row.entries() for row in WordList.objects.all()}
                _current["matcher"] = Matcher(lists)
                _current["version"] = version
    return _current["matcher"]


def matches(*texts):
    """Matches of the saved lists in each of `texts` (text, name...), all together."""
    matcher = current_matcher()
    return [match for text in texts for match in matcher.find(text)]


def words_of(found, kind):
    """The distinct words of one kind among matches, in order of appearance."""
    return list(dict.fromkeys(match.word for match in found if match.kind == kind))


def preview_matcher(kind, language, words_text):
    """A matcher of one list as typed (not yet saved), for the back office's preview."""
    return Matcher({(kind, language): entries_of(words_text)})


@dataclass
class Preview:
    words: int
    scanned: int
    caught: list  # PreviewItem, newest first
    days: int


@dataclass
class PreviewItem:
    comment: object
    words: list


def preview(kind, language, words_text, days=30):
    """What a list as typed would have caught among the last `days` days' comments."""
    import datetime

    from django.utils import timezone

    from newsdesk.comments.models import Comment

    matcher = preview_matcher(kind, language, words_text)
    since = timezone.now() - datetime.timedelta(days=days)
    rows = Comment.objects.filter(created_at__gte=since).exclude(
        status=Comment.Status.TRASH).select_related("article", "parent").order_by("-created_at")
    caught, scanned = [], 0
    for comment in rows.iterator(chunk_size=500):
        scanned += 1
        found = matcher.find(comment.text) + matcher.find(comment.name)
        if found:
            caught.append(PreviewItem(comment, list(dict.fromkeys(m.word for m in found))))
    return Preview(words=matcher.size, scanned=scanned, caught=caught, days=days)
