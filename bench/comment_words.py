"""Benchmark: a comment checked against a 100,000-line word list, beside a ten-line one.

Not a test: it prints figures and never fails on them. In one run it builds the
comments app's matcher (newsdesk/comments/wordlists.py, pyahocorasick) for a
ten-word list (the baseline) and for a 100,000-word list, checks the same
comments against each, and prints the build time, the time per comment and
the ratio 100,000-line / ten-line per comment (the claim in docs/comments.md:
close to 1). It needs no database.

    .venv/bin/python bench/comment_words.py [--words 100000] [--comments 2000]
"""

import argparse
import os
import random
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")


def timed(matcher, comments):
    started = time.perf_counter()
    found = sum(len(matcher.find(comment)) for comment in comments)
    return (time.perf_counter() - started) / len(comments), found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000, help="lines in the long list")
    parser.add_argument("--comments", type=int, default=2000, help="comments to check")
    options = parser.parse_args()

    import django

    django.setup()
    from newsdesk.comments.wordlists import Matcher

    generator = random.Random(1)
    words = ["".join(generator.choices(string.ascii_lowercase, k=generator.randint(5, 12)))
             for _ in range(options.words)]
    text = ("The ferry left the quay at nine, late again, and the passengers said so "
            "loudly to the crew. ") * 6
    comments = [f"{text} {generator.choice(words)} #{number}" for number in range(options.comments)]

    started = time.perf_counter()
    short = Matcher({("suspect", "en"): words[:10]})
    short_build = time.perf_counter() - started
    started = time.perf_counter()
    long = Matcher({("suspect", "en"): words})
    long_build = time.perf_counter() - started

    short_each, _ = timed(short, comments)
    long_each, found = timed(long, comments)
    print(f"build: 10 words {short_build * 1000:.1f} ms, {options.words} words "
          f"{long_build * 1000:.0f} ms")
    print(f"per comment ({len(text)} characters): 10 words {short_each * 1e6:.0f} µs, "
          f"{options.words} words {long_each * 1e6:.0f} µs ({found} matches)")
    print(f"ratio {options.words}-word / 10-word list per comment: {long_each / short_each:.2f}")


if __name__ == "__main__":
    main()
