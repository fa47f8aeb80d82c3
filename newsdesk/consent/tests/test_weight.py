"""The consent manager stays small: script and styles at most 10 KB gzipped together."""

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static" / "consent"
BUDGET = 10 * 1024


def test_script_and_styles_fit_in_10_kb_gzipped():
    payload = (STATIC / "consent.js").read_bytes() + (STATIC / "consent.css").read_bytes()
    size = len(gzip.compress((STATIC / "consent.js").read_bytes(), 9)) + len(
        gzip.compress((STATIC / "consent.css").read_bytes(), 9))
    assert size <= BUDGET, f"{size} bytes gzipped, budget {BUDGET}"
    assert b"http://" not in payload and b"https://" not in payload, "no third-party request"
