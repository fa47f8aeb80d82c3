"""docs/ pages' settings tables, generated from the declarations.

A page shows an app's table between `<!-- settings: LABEL -->` and
`<!-- end settings -->`; `newsdesk settings-docs` rewrites every such block
from the tables, and a test fails when a block is out of date.
"""

import re
from pathlib import Path

from newsdesk.core.config.table import Derived, tables

BLOCK = re.compile(r"(<!-- settings: (\w+) -->\n)(.*?)(<!-- end settings -->)", re.S)


def default_text(setting):
    if isinstance(setting.default, Derived):
        return setting.default.text
    return f"`{setting.kind.show(setting.default)}`" if setting.kind.show(
        setting.default) != "empty" else "empty"


def row(table, setting):
    variable = table.variable(setting)
    django_name = table.django_name(setting)
    if not variable:
        name = f"`{django_name}` (settings module only)"
    else:
        name = f"`{variable}`" + (f" (`{django_name}`)" if variable != django_name else "")
    help_text = setting.help.rstrip(".")
    if setting.choices:
        help_text += "; one of " + ", ".join(f"`{choice}`" for choice in setting.choices)
    if setting.aliases:
        help_text += "; formerly " + ", ".join(f"`{old}`" for old in setting.aliases)
    return f"| {name} | {setting.kind.name} | {default_text(setting)} | {help_text} |"


def markdown(table):
    lines = ["| variable (Django setting) | kind | default | what it does |", "|---|---|---|---|"]
    lines += [row(table, setting) for setting in table]
    return "\n".join(lines) + "\n"


def by_label():
    return {table.label: table for table in tables()}


def render(text):
    """The page's text with every settings block regenerated."""
    known = by_label()

    def replace(match):
        table = known.get(match.group(2))
        body = markdown(table) if table else match.group(3)
        return f"{match.group(1)}{body}{match.group(4)}"

    return BLOCK.sub(replace, text)


def labels_in(text):
    return [match.group(2) for match in BLOCK.finditer(text)]


def pages(docs):
    return sorted(Path(docs).glob("*.md"))
