"""Pinned dependencies and the vulnerability audit that guards them."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
AUDIT = ROOT / "scripts" / "audit-dependencies"


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_in_the_lock_file():
    """A dependency added to pyproject.toml without `make lock` fails here, naming it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pinned = {
        normalise(line.split("==")[0]): line.split("==")[1].strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    missing = [requirement for requirement in wanted
               if normalise(re.split(r"[<>=!~\[; ]", requirement)[0]) not in pinned]
    assert missing == [], f"run `make lock`: {missing} are not pinned in requirements.lock"


def audit(tmp_path, dependencies, *args):
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    return subprocess.run([sys.executable, str(AUDIT), "--report", str(report), *args],
                          capture_output=True, text=True, timeout=60)


def test_the_audit_fails_on_a_known_vulnerability_and_names_it(tmp_path):
    result = audit(tmp_path, [
        {"name": "django", "version": "5.2.0", "vulns": [{
            "id": "PYSEC-2025-1", "aliases": ["CVE-2025-0001"], "fix_versions": ["5.2.1"],
        }]},
        {"name": "nh3", "version": "0.3.0", "vulns": []},
    ])
    assert result.returncode == 1
    assert "VULNERABLE: django 5.2.0: PYSEC-2025-1 (CVE-2025-0001); fixed in 5.2.1" in result.stdout


def test_the_audit_passes_a_clean_report(tmp_path):
    result = audit(tmp_path, [{"name": "nh3", "version": "0.3.0", "vulns": []}])
    assert result.returncode == 0 and "no known vulnerabilities" in result.stdout


@pytest.mark.parametrize("strict, code", [((), 0), (("--strict",), 2)])
def test_an_unreachable_service_is_a_loud_warning_not_a_failure(tmp_path, strict, code):
    result = audit(tmp_path, [{"name": "nh3", "version": "0.3.0",
                               "skip_reason": "Dependency not found on PyPI"}], *strict)
    assert result.returncode == code
    assert "WARNING: dependency audit: vulnerability service unreachable" in result.stdout
