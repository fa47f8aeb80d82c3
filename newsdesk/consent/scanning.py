"""`newsdesk scan-cookies`: crawl the site with everything accepted and declare what is set.

Every cookie and storage key seen is matched to a declaration (whose "last
seen" is updated), else to the knowledge base (a declaration is added from
it), else added as uncategorised for review in the back office.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from django.db import transaction
from django.utils import timezone

from newsdesk.consent import conf, knowledge
from newsdesk.consent.browser import Session, origin
from newsdesk.consent.models import CookieCategory, CookieDeclaration
from newsdesk.core.paths import is_reader_path

# Feeds, sitemaps and files are not pages a reader's browser runs scripts in.
SKIPPED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".txt", ".jpg", ".jpeg", ".png", ".gif",
                    ".webp", ".svg", ".pdf", ".zip", "/feed/")


@dataclass
class Seen:
    name: str
    domain: str  # "" for the site itself
    storage: str
    lifetime: int | None
    pages: set = field(default_factory=set)


def crawl(browser, base_url, start_urls, max_pages):
    """Visit up to max_pages same-origin pages after Accept all; return {key: Seen}."""
    site_host = urlsplit(base_url).hostname
    session = Session(browser, base_url)
    queue, visited, seen = list(start_urls), set(), {}
    try:
        session.visit("home", queue[0])
        if session.page.locator("[data-consent-banner]").is_visible():
            session.choose("accept")
        while queue and len(visited) < max_pages:
            url = urldefrag(queue.pop(0))[0]
            path = urlsplit(url).path
            if (url in visited or not is_reader_path(path)
                    or path.lower().endswith(SKIPPED_SUFFIXES)):
                continue
            visited.add(url)
            visit = session.visit("page", url)
            now = time.time()
            for cookie in visit.cookies:
                domain = cookie["domain"].lstrip(".")
                domain = "" if domain == site_host else cookie["domain"]
                lifetime = None if cookie["expires"] < 0 else max(0, int(cookie["expires"] - now))
                _note(seen, cookie["name"], domain, "cookie", lifetime, url)
            for key in visit.local:
                _note(seen, key, "", "local", None, url)
            for key in visit.session:
                _note(seen, key, "", "session", None, url)
            queue += [link for link in visit.links
                      if origin(link) == origin(base_url) and link not in visited]
    finally:
        session.close()
    return seen, len(visited)


def _note(seen, name, domain, storage, lifetime, url):
    if name == conf.COOKIE_NAME and storage == "cookie":
        return  # the consent cookie is declared by the consent manager itself
    entry = seen.setdefault((name, domain, storage), Seen(name, domain, storage, lifetime))
    entry.pages.add(url)


def _rounded(seconds):
    """A browser's remaining lifetime, rounded to whole days (or minutes when short)."""
    if seconds is None:
        return None
    if seconds >= 86400:
        return round(seconds / 86400) * 86400
    return max(60, round(seconds / 60) * 60)


def _declares(declaration, item):
    """A declaration without a domain covers the name anywhere; with one, that domain."""
    if declaration.storage != item.storage or not declaration.matches(item.name):
        return False
    if not declaration.domain:
        return True
    wanted, actual = declaration.domain.lstrip("."), item.domain.lstrip(".")
    return actual == wanted or actual.endswith("." + wanted)


@dataclass
class Summary:
    matched: int = 0
    known: int = 0
    uncategorised: int = 0

    def __str__(self):
        return (f"Matched {self.matched} declared, added {self.known} from the knowledge base, "
                f"added {self.uncategorised} uncategorised for review.")


def declare(seen, dry_run=False, now=None):
    """Update or add declarations for what the crawl saw; return a Summary."""
    now, summary = now or timezone.now(), Summary()
    declarations = list(CookieDeclaration.objects.all())
    categories = {category.key: category for category in CookieCategory.objects.all()}
    with transaction.atomic():
        for item in seen.values():
            match = next((d for d in declarations if _declares(d, item)), None)
            if match:
                summary.matched += 1
                if not dry_run:  # .update(): no signal, pages need not change for this
                    CookieDeclaration.objects.filter(pk=match.pk).update(last_seen=now)
                continue
            known = knowledge.match_cookie(item.name, item.domain, item.storage)
            if known:
                summary.known += 1
                fields = known.declaration_fields() | {"domain": item.domain}
                new = CookieDeclaration(name=known.name, category=categories.get(known.category),
                                        source=CookieDeclaration.Source.SCAN, last_seen=now,
                                        **fields)
            else:
                summary.uncategorised += 1
                new = CookieDeclaration(name=item.name, domain=item.domain, storage=item.storage,
                                        lifetime=_rounded(item.lifetime), last_seen=now,
                                        source=CookieDeclaration.Source.SCAN)
            if not dry_run:
                new.save()
            declarations.append(new)
    return summary
