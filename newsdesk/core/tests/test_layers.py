"""The dependency rule, read from the source: core ← publishing ← concern apps.

Core imports no app; publishing imports only core; a concern app imports core
and publishing, and another concern app only where the table below says why.
Tests and migrations are not counted.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
NOT_APPS = {"management", "templatetags", "locale", "templates", "static"}
APPS = sorted(
    path.name for path in PACKAGE.iterdir()
    if (path / "__init__.py").exists() and path.name not in NOT_APPS
)
FLOOR = {"core", "publishing"}
# (importer, imported): why the rule bends there.
ALLOWED = {
    # The importer fills the apps it imports into, through their public functions.
    ("wordpress", "comments"): "imported comments", ("wordpress", "redirects"): "old links",
    ("wordpress", "security"): "the upload checks imported files pass",
    # Public functions of other apps, behind apps.is_installed().
    ("comments", "security"): "every moderation act in the audit trail (audit.record)",
    ("comments", "redirects"): "the Disqus importer finds stories by their old addresses",
    # The security app's public functions: the audit trail of every token use, and the
    # checks every uploaded image passes.
    ("api", "security"): "audit trail and upload checks",
    # Behind apps.is_installed("newsdesk.desk"): the Admin API submits drafts for review
    # through the desk's one workflow function.
    ("api", "desk"): "submit for review through desk.workflow.transition",
}


def imported_apps(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            if node.module == "newsdesk":
                modules += [f"newsdesk.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "newsdesk" and len(parts) > 1 and parts[1] in APPS:
                found.add(parts[1])
    return found


def imports_of(app):
    edges = {}
    for path in (PACKAGE / app).rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts):
            continue
        for imported in imported_apps(path) - {app}:
            edges.setdefault(imported, []).append(str(path.relative_to(PACKAGE)))
    return edges


def test_core_imports_no_app():
    assert imports_of("core") == {}


def test_publishing_imports_only_core():
    assert set(imports_of("publishing")) <= {"core"}


def test_concern_apps_import_only_the_floor_and_what_the_table_allows():
    crossings = {
        (app, imported): files
        for app in APPS if app not in FLOOR
        for imported, files in imports_of(app).items()
        if imported not in FLOOR and (app, imported) not in ALLOWED
    }
    assert crossings == {}
