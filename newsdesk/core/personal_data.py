"""The personal-data tools every app joins: export and erase everything about an email address.

Apps register in their AppConfig.ready():

    from newsdesk.core import personal_data
    personal_data.register("comments", export=export_fn, erase=erase_fn)

`export_fn(email)` returns JSON-ready data; `erase_fn(email, dry_run=False)`
returns a summary whose str() is one sentence. Addresses arrive lower-cased and
stripped. `newsdesk personal-data export|erase EMAIL` and the back office's
actions go through here, so a request covers every app at once.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class Tool:
    export: object
    erase: object


_tools = {}


def register(name, *, export, erase):
    _tools[name] = Tool(export, erase)


def registered():
    return dict(_tools)


def normalise(email):
    return (email or "").strip().lower()


def export(email):
    """Everything every app stores about an address: {"email", "exported_at", "site", app: ...}."""
    email = normalise(email)
    data = {"email": email, "exported_at": timezone.now().isoformat(),
            "site": settings.NEWSDESK_BASE_URL}
    for name, tool in sorted(_tools.items()):
        data[name] = tool.export(email)
    return data


def erase(email, dry_run=False):
    """Erase the address from every app in one transaction; {app: summary}."""
    email = normalise(email)
    if not email:
        return {}
    with transaction.atomic():
        return {name: tool.erase(email, dry_run=dry_run) for name, tool in sorted(_tools.items())}
