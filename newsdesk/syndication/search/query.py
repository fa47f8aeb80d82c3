"""What readers type, turned into a safe full-text query.

The syntax is the one people know from web search engines:

    heat pump            both words, anywhere (English words match their stems)
    "sea wall"           the exact phrase
    ferry OR bus         either
    -parking, NOT cars   without that word
    青川高铁              Chinese is split into words by jieba; each word must occur

Everything else (FTS5 operators, brackets, asterisks, colons, emoji) is plain
text: words are extracted and quoted, so no input can reach the index's own
query syntax. Very long queries are cut to MAX_LENGTH characters and MAX_TERMS
terms.
"""

import re
from dataclasses import dataclass, field

from newsdesk.core import segmentation as segment
from newsdesk.syndication.search.text import CJK_RUN, index_text, strip_control

MAX_LENGTH = 200
MAX_TERMS = 12
CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
WORD = re.compile(r"[^\W_]+")
# Single characters too common to require: "的" in "青川的高铁" adds nothing.
CHINESE_STOP_CHARACTERS = set("的了和与及或在是也都就而被把之于")


@dataclass(frozen=True)
class Phrase:
    """Tokens that must occur one after another."""

    tokens: tuple

    def fts5(self):
        return '"' + " ".join(self.tokens).replace('"', '""') + '"'


@dataclass(frozen=True)
class AllOf:
    parts: tuple

    def fts5(self):
        return "(" + " AND ".join(part.fts5() for part in self.parts) + ")"


@dataclass(frozen=True)
class AnyOf:
    parts: tuple

    def fts5(self):
        return "(" + " OR ".join(part.fts5() for part in self.parts) + ")"


@dataclass
class Query:
    """Alternatives (OR) of groups of terms that must all match, minus exclusions."""

    groups: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    text: str = ""

    def __bool__(self):
        return any(self.groups)

    def positive(self):
        return AnyOf(tuple(AllOf(tuple(group)) for group in self.groups if group))

    def fts5(self):
        """The query in SQLite FTS5 syntax, every term quoted."""
        expression = self.positive().fts5()
        for term in self.excluded:
            expression += f" NOT {term.fts5()}"
        return expression

    def fts5_in(self, column):
        """The positive part of the query, restricted to one column."""
        return "{" + column + "} : " + self.positive().fts5()


def _tokens(text):
    """Index tokens of text: words, with each CJK character a token of its own."""
    return tuple(index_text(" ".join(WORD.findall(text))).replace("\u200b", " ").split())


def _chinese_words(run):
    """jieba's words of a run, lone characters joined to their neighbour ("交换"+"生")."""
    words, adjacent = [], False
    for word in segment.words(run):
        if word in CHINESE_STOP_CHARACTERS:
            adjacent = False
            continue
        if adjacent and (len(word) == 1 or len(words[-1]) == 1):
            words[-1] += word
        else:
            words.append(word)
        adjacent = True
    return words


def _chinese_term(run):
    """A run of Chinese: the exact run ranks highest, its words anywhere also match."""
    exact = Phrase(_tokens(run))
    words = _chinese_words(run)
    if len(words) <= 1:
        return exact
    return AnyOf((exact, AllOf(tuple(Phrase(_tokens(word)) for word in words))))


def _term(chunk):
    """One space-separated chunk of the query as a term, or None if it has no words."""
    words = WORD.findall(chunk)
    if not words:
        return None
    if not any(CJK_RUN.search(word) for word in words):
        return Phrase(_tokens(chunk))  # "e-mail", "co-op": the parts, adjacent
    parts = []
    for word in words:
        for piece in re.split(f"({CJK_RUN.pattern})", word):
            if not piece:
                continue
            parts.append(_chinese_term(piece) if CJK_RUN.fullmatch(piece) else Phrase((piece,)))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def parse(raw):
    """Parse a reader's query; an empty Query (falsy) when there is nothing to search."""
    text = strip_control(raw or "").strip()[:MAX_LENGTH]
    query = Query(groups=[[]], text=text)
    negate, count = False, 0
    for match in CHUNK.finditer(text):
        quoted, bare = match.group(1), match.group(2)
        if bare in ("OR", "|"):
            if query.groups[-1]:
                query.groups.append([])
            continue
        if bare in ("AND", "&", "+"):
            continue
        if bare == "NOT":
            negate = True
            continue
        if quoted is not None:
            tokens = _tokens(quoted)
            term = Phrase(tokens) if tokens else None
        else:
            if bare.startswith("-") and len(bare) > 1:
                negate, bare = True, bare[1:]
            term = _term(bare)
        if term is not None and count < MAX_TERMS:
            (query.excluded if negate else query.groups[-1]).append(term)
            count += 1
        negate = False
    query.groups = [group for group in query.groups if group]
    return query
