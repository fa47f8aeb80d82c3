"""Before posting: ask once to reconsider a comment that looks heated, done with rules.

Coral asks an outside model whether a comment is toxic; here three rules stand
in, with nothing sent anywhere: suspect words from the word lists, mostly
capital letters (shouting), or mostly links. The reader sees why, may edit,
and may post it as it is; then the usual rules decide (suspect words still
hold it for a moderator).
"""

from newsdesk.comments import conf, wordlists
from newsdesk.comments.text import find_links

# Shorter texts ("OK", "NASA!") are not shouting.
MIN_LETTERS_FOR_CAPITALS = 12


def shouting(text):
    cased = [char for char in text if char.isupper() or char.islower()]
    if len(cased) < MIN_LETTERS_FOR_CAPITALS:
        return False
    capitals = sum(1 for char in cased if char.isupper())
    return capitals * 100 >= conf.get("NUDGE_CAPITALS") * len(cased)


def mostly_links(text):
    links = find_links(text)
    if not links:
        return False
    written = len("".join(text.split()))
    return written and sum(len(link) for link in links) * 100 >= conf.get("NUDGE_LINKS") * written


def reasons(text):
    """[(code, words or True)] of what the reader should reconsider; [] when nothing."""
    if not conf.get("NUDGE"):
        return []
    found = []
    suspect = wordlists.words_of(wordlists.matches(text), "suspect")
    if suspect:
        found.append(("suspect", suspect))
    if shouting(text):
        found.append(("capitals", True))
    if mostly_links(text):
        found.append(("links", True))
    return found
