"""The built-in knowledge base of common cookies and tracking or embedding domains.

Facts live in knowledge_base.toml. The back office pre-fills declarations from
it, `scan-cookies` and `audit` name what they find with it, and the
auto-blocker (blocking.py) neutralises scripts and embeds from its domains plus
those of the CONSENT_BLOCK_DOMAINS setting.
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsdesk.consent import conf
from newsdesk.consent.lifetimes import parse_lifetime
from newsdesk.consent.models import CookieDeclaration, name_matches
from newsdesk.core import languages
from newsdesk.core.translation import field_suffix

KNOWLEDGE_FILE = Path(__file__).resolve().parent / "knowledge_base.toml"


@dataclass(frozen=True)
class KnownCookie:
    name: str
    provider: str
    category: str
    lifetime: int | None
    domain: str
    storage: str
    en: str
    zh: str

    def described(self):
        """An unsaved declaration holding the knowledge base's texts in the site's languages."""
        declaration = CookieDeclaration()
        for code, text in (("en", self.en), ("zh-hans", self.zh)):
            if code in languages.codes():
                declaration.set_translation(code, "description", text)
        return declaration

    def declaration_fields(self):
        """Field values for a CookieDeclaration (without the category row)."""
        described = self.described()
        return {
            "provider": self.provider, "lifetime": self.lifetime, "domain": self.domain,
            "storage": self.storage, "description": described.description,
            "translations": described.translations,
        }

    def form_initial(self):
        """The same as the back office's declaration form's initial values."""
        initial = self.declaration_fields()
        texts = initial.pop("translations")
        for code, fields in texts.items():
            initial[f"description_{field_suffix(code)}"] = fields.get("description", "")
        return initial


@dataclass(frozen=True)
class KnownDomain:
    domain: str
    provider: str
    category: str


@functools.cache
def _load():
    with open(KNOWLEDGE_FILE, "rb") as handle:
        data = tomllib.load(handle)
    cookies = tuple(
        KnownCookie(
            name=entry["name"], provider=entry["provider"], category=entry["category"],
            lifetime=parse_lifetime(entry["lifetime"]), domain=entry.get("domain", ""),
            storage=entry.get("storage", "cookie"), en=entry["en"], zh=entry["zh"],
        )
        for entry in data["cookies"]
    )
    domains = {entry["domain"]: KnownDomain(**entry) for entry in data["domains"]}
    return cookies, domains


def cookies():
    return _load()[0]


def domains():
    """Built-in domains plus the site's own CONSENT_BLOCK_DOMAINS, by domain."""
    found = dict(_load()[1])
    for domain, category in conf.block_domains().items():
        found[domain] = KnownDomain(domain, domain, category)
    return found


def _domain_fits(observed, known):
    observed, known = observed.lower().lstrip("."), known.lower().lstrip(".")
    return observed == known or observed.endswith("." + known)


def match_cookie(name, domain="", storage="cookie"):
    """The first known cookie the name fits; a known third-party domain must fit too."""
    for known in cookies():
        if known.storage != storage or not name_matches(known.name, name):
            continue
        if known.domain and domain and not _domain_fits(domain, known.domain):
            continue
        return known
    return None


def match_host(host, table=None):
    """The known domain a host name belongs to (www.youtube.com -> youtube.com), or None."""
    table = domains() if table is None else table
    labels = (host or "").lower().rstrip(".").split(".")
    for start in range(len(labels) - 1):
        known = table.get(".".join(labels[start:]))
        if known:
            return known
    return None


def match_url(url, table=None):
    """The known domain of an absolute or protocol-relative URL, or None."""
    url = (url or "").strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return match_host(host, table) if host else None


@functools.cache
def _domains_regex(names):
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def domains_regex(table=None):
    """A regex finding any known domain in text (www.youtube.com matches youtube.com)."""
    table = domains() if table is None else table
    return _domains_regex(frozenset(table))
