"""`newsdesk audit`: what every kind of public page does in a real browser, in three states.

No choice, all rejected, all accepted: for each, the cookies, local and session
storage keys and requests to other origins seen on each page, attributed to
categories (the site's own declarations from the page's consent configuration
first, then the knowledge base). Anything non-necessary before consent (in the
opt-in regime) or after rejection is a violation.
"""

import datetime
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from newsdesk.consent import knowledge
from newsdesk.consent.browser import ARTICLE, MONTH, Session, fetch, links_of, origin
from newsdesk.consent.models import name_matches

STATES = [("no choice", None), ("all rejected", "reject"), ("all accepted", "accept")]
ARCHIVES = [("category", "/category/"), ("tag", "/tag/"), ("author", "/author/")]


def discover(base_url, language="en"):
    """[(kind, url)] of one page of each kind the site has, found by following its links."""
    home = f"{base_url}/{language}/"
    status, html = fetch(home)
    if status != 200:
        home = f"{base_url}/"
        status, html = fetch(home)
    pages = [("home", home)]
    links = [link for link in links_of(home, html) if origin(link) == origin(base_url)]
    paths = [urlsplit(link).path for link in links]
    article = next((link for link, path in zip(links, paths, strict=True)
                    if ARTICLE.search(path)), None)
    if article:
        pages.append(("article", article))
        _, article_html = fetch(article)
        links += [link for link in links_of(article, article_html)
                  if origin(link) == origin(base_url)]
    for kind, marker in ARCHIVES:
        found = next((link for link in links if marker in urlsplit(link).path), None)
        if found:
            pages.append((kind, found))
    month = next((link for link in links if MONTH.search(urlsplit(link).path)), None)
    if month is None and article:  # /en/2026/11/slug/ -> the month archive /en/2026/11/
        month = article.rstrip("/").rsplit("/", 1)[0] + "/"
    if month and fetch(month)[0] == 200:
        pages.append(("month", month))
    if fetch(f"{base_url}/{language}/search/")[0] == 200:
        pages.append(("search", f"{base_url}/{language}/search/?q=news"))
    if fetch(f"{base_url}/{language}/cookie-policy/")[0] == 200:
        pages.append(("cookie policy", f"{base_url}/{language}/cookie-policy/"))
    if language == "en" and fetch(f"{base_url}/zh-hans/")[0] == 200:
        pages.append(("home (Chinese)", f"{base_url}/zh-hans/"))
    return list(dict.fromkeys(pages))


@dataclass
class Finding:
    state: str
    page: str
    kind: str  # cookie, local storage, session storage, request
    name: str
    category: str  # a category key, or "uncategorised"
    provider: str = ""


@dataclass
class Report:
    base_url: str
    started: str
    regime: str = ""
    pages: list = field(default_factory=list)
    states: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.violations

    def as_dict(self):
        return {**asdict(self), "passed": self.passed}


def attribute(name, domain, storage, declarations):
    """(category, provider) of a cookie or storage key: declarations, then knowledge base."""
    for category, entries in (declarations or {}).items():
        for declared, _domain, declared_storage in entries:
            if declared_storage == storage and name_matches(declared, name):
                known = knowledge.match_cookie(name, domain, storage)
                return category, known.provider if known else "declared by the site"
    known = knowledge.match_cookie(name, domain, storage)
    return (known.category, known.provider) if known else ("uncategorised", "")


def _findings(state, visit, declarations, seen):
    """What this page added to what the state's browser already held."""
    found = []
    items = [("cookie", c["name"], c["domain"]) for c in visit.cookies]
    items += [("local storage", key, "") for key in visit.local]
    items += [("session storage", key, "") for key in visit.session]
    for kind, name, domain in items:
        if (kind, name, domain) in seen:
            continue
        seen.add((kind, name, domain))
        storage = {"cookie": "cookie", "local storage": "local"}.get(kind, "session")
        category, provider = attribute(name, domain, storage, declarations)
        found.append(Finding(state, visit.url, kind, name, category, provider))
    for url in visit.requests:
        known = knowledge.match_url(url)
        found.append(Finding(state, visit.url, "request", url,
                             known.category if known else "uncategorised",
                             known.provider if known else urlsplit(url).hostname or ""))
    return found


def run(browser, base_url, pages, extra_headers=None):
    """Visit the pages in the three states; return the Report."""
    report = Report(base_url=base_url,
                    started=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    pages=[{"kind": kind, "url": url} for kind, url in pages])
    for state, action in STATES:
        session = Session(browser, base_url, extra_headers)
        visits, findings, seen = [], [], set()
        try:
            if action:
                session.visit("home", pages[0][1])
                if not session.page.locator("[data-consent-banner]").is_visible():
                    report.violations.append(_message(state, pages[0][1], "no consent banner "
                                                      "to choose in"))
                    continue
                session.choose(action)
                if action == "reject" and session.granted():
                    report.violations.append(_message(
                        state, pages[0][1], f"Reject all stored grants: {session.granted()}"))
            for kind, url in pages:
                visit = session.visit(kind, url)
                declarations = (visit.config or {}).get("declarations")
                report.regime = report.regime or visit.regime
                page_findings = _findings(state, visit, declarations, seen)
                findings += page_findings
                visits.append({"kind": kind, "url": url, "status": visit.status,
                               "banner": visit.banner,
                               "found": [asdict(f) for f in page_findings]})
                _judge(report, state, visit, page_findings)
        finally:
            session.close()
        report.states[state] = visits
    return report


def _message(state, page, text):
    return {"state": state, "page": page, "message": text}


def _judge(report, state, visit, findings):
    enforced = state == "all rejected" or (state == "no choice" and visit.regime != "opt-out")
    if state == "no choice" and not visit.banner and visit.config is not None:
        report.violations.append(_message(state, visit.url, "no consent banner on a first visit"))
    if visit.status >= 400:
        report.warnings.append(_message(state, visit.url, f"the page answered HTTP {visit.status}"))
    elif visit.config is None:
        report.warnings.append(_message(state, visit.url, "no consent manager on this page"))
    for finding in findings:
        label = f"{finding.kind} {finding.name} ({finding.category}"
        label += f", {finding.provider})" if finding.provider else ")"
        if enforced and finding.category != "necessary":
            when = "before consent" if state == "no choice" else "after Reject all"
            report.violations.append(_message(state, visit.url, f"{label} {when}"))
        elif finding.category == "uncategorised" and finding.kind != "request":
            report.warnings.append(_message(
                state, visit.url, f"{label} is not declared: run newsdesk scan-cookies"))


def as_text(report):
    lines = [f"newsdesk audit of {report.base_url}", f"Started {report.started}; "
             f"regime {report.regime or 'unknown'}.", "", "Pages:"]
    lines += [f"  {page['kind']:<14} {page['url']}" for page in report.pages]
    for state, visits in report.states.items():
        lines += ["", f"State: {state}"]
        for visit in visits:
            banner = ", banner shown" if visit["banner"] else ""
            lines.append(f"  {visit['url']} (HTTP {visit['status']}{banner})")
            if not visit["found"]:
                lines.append("    nothing new: no cookies, storage or requests to other origins")
            for f in visit["found"]:
                provider = f", {f['provider']}" if f["provider"] else ""
                lines.append(f"    {f['kind']:<15} {f['name']}  [{f['category']}{provider}]")
    lines += [""]
    for warning in report.warnings:
        lines.append(f"Warning ({warning['state']}, {warning['page']}): {warning['message']}")
    if report.passed:
        lines.append("PASSED: nothing non-necessary happened before consent or after rejection.")
    else:
        lines.append(f"FAILED: {len(report.violations)} violation(s):")
        lines += [f"  - {v['state']}, {v['page']}: {v['message']}" for v in report.violations]
    return "\n".join(lines) + "\n"
