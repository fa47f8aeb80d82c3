"""The tools the gates run: axe-core and the Nu Html Checker, from tests/quality/node_modules.

Both are pinned in tests/quality/package.json and installed by `make test`
(`npm ci`); the checker runs on the machine's Java (scripts/install-system-deps).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe tags each rule with the
# version that introduced it, so all five tags are needed).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def require(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test` (it runs `npm ci` in tests/quality)")
    return path


def run_axe(page):
    """axe-core's violations on the page as it is now, as plain dicts."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(require(AXE_JS)))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(' '),
                    html: n.html.slice(0, 160),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['rule']} ({v['impact']}): {v['help']}  {v['url']}")
        for node in v["nodes"][:8]:
            lines.append(f"    at {node['target']}: {node['html']}")
            for detail in [d.strip() for d in node["summary"].splitlines()[1:] if d.strip()][:2]:
                lines.append(f"       {detail}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def run_vnu(paths):
    """Validate files in one run of the Nu Html Checker: {file name: [messages]}.

    One run for all pages: starting the JVM costs more than checking a page.
    Files ending in .css are checked as CSS.
    """
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing: run ./scripts/install-system-deps (default-jre-headless)")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(require(VNU_JAR)), "--format", "json", "--stdout",
         "--exit-zero-always", "--also-check-css", *map(str, paths)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"vnu failed to run:\n{result.stderr}")
    by_file = {Path(path).name: [] for path in paths}
    for message in json.loads(result.stdout)["messages"]:
        name = Path(message.get("url", "").removeprefix("file:")).name
        by_file.setdefault(name, []).append(message)
    return by_file


def is_error(message):
    return message["type"] in ("error", "non-document-error")


def format_messages(messages, source):
    lines = []
    source_lines = source.splitlines()
    for m in messages:
        kind = m.get("subType", m["type"])
        number = source_line(m, source_lines)
        column = m.get("firstColumn", "?")
        lines.append(f"- line {number}, column {column} ({kind}): {m['message']}")
        if number:
            lines.append(f"    {source_lines[number - 1].strip()[:200]}")
    return "\n".join(lines)


def source_line(message, source_lines):
    """The line a message points at.

    vnu's line numbers for HTML are one short when --also-check-css is on
    (26.9.27), so the highlighted text is looked up near the reported line.
    """
    reported = message.get("lastLine") or message.get("firstLine")
    if not reported:
        return None
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    hilite = extract[start:start + message.get("hiliteLength", 0)].split("\n")[0]
    for number in (reported, reported + 1, reported - 1):
        if hilite and 0 < number <= len(source_lines) and hilite in source_lines[number - 1]:
            return number
    return reported if 0 < reported <= len(source_lines) else None
