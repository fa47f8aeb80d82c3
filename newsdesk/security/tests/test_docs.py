from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_security_page_says_how_to_report_a_vulnerability():
    text = (ROOT / "docs" / "security.md").read_text()
    assert "## Reporting a vulnerability" in text and "## What is protected" in text
