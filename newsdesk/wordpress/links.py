"""Old WordPress addresses: the redirects an import writes, and guesses for the rest.

For every post the import records its exact old permalink (from <link>, so any
permalink structure works) and /?p=ID; for categories /category/a/b/ and
/category/b/, for tags /tag/x/, each with its /feed/; for the site /feed/ and
friends. Addresses no row names (the site changed its permalink structure
once, a link with /amp/ or /comment-page-2/) are guessed from the last slug in
the path, and /wp-content/uploads/ files from the copies the import made.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from newsdesk.redirects.models import Redirect
from newsdesk.redirects.services import QUERY_KEYS, add_redirect
from newsdesk.wordpress import mapping
from newsdesk.wordpress.media import DEFAULT_UPLOADS_PATH
from newsdesk.wordpress.models import ImportedObject

FEEDS = ("feed/", "feed/rss2/", "feed/atom/", "feed/rss/", "feed/rdf/", "comments/feed/")
# Path endings WordPress adds after a post's or archive's own address.
ENDINGS = {"feed", "rss", "rss2", "atom", "rdf", "amp", "embed", "trackback", "page"}


def old_path(url):
    """The decoded path of an old URL, as "/?p=12" for WordPress's query-string links."""
    parts = urlsplit(url or "")
    path = unquote(parts.path) or "/"
    query = parse_qs(parts.query)
    for key in QUERY_KEYS:
        if query.get(key):
            return f"{path}?{key}={query[key][0]}"
    return path if parts.path or parts.query else ""


class OldLinks:
    """Writes the redirect rows of one import and counts them in the report."""

    def __init__(self, site, language, report):
        self.base = unquote(urlsplit(site.base_blog_url or site.link).path).rstrip("/")
        self.language = language
        self.counts = report["redirects"]

    def add(self, path, target=None, new_path=""):
        # No address holds NUL (newsdesk answers such requests 404; PostgreSQL refuses it).
        if not path or len(path) > 1000 or "\x00" in path:
            return
        _redirect, outcome = add_redirect(
            path, target=target, new_path=new_path, language=self.language,
            source=Redirect.Source.WORDPRESS,
        )
        if outcome == "created":
            self.counts.created += 1
        elif outcome == "updated":
            self.counts.updated += 1
        else:
            self.counts.skipped += 1

    def for_post(self, item, article):
        paths = {old_path(item.link), f"{self.base}/?p={item.wp_id}"}
        if "?p=" in item.guid:
            paths.add(old_path(item.guid))
        for path in sorted(paths - {"", "/"}):
            self.add(path, article)

    def for_term(self, kind, slugs, term, term_id=""):
        """`slugs`: the term's slug path (["news", "city"] for a child category)."""
        if not slugs or not slugs[-1]:
            return  # a term exported without a slug had no address of its own
        base = "category" if kind == ImportedObject.Kind.CATEGORY else "tag"
        variants = {"/".join(slugs), slugs[-1]} if kind == ImportedObject.Kind.CATEGORY else {
            slugs[-1]}
        feed = self._feed_path(term.get_absolute_url)
        for variant in sorted(variants):
            self.add(f"{self.base}/{base}/{variant}/", term)
            if feed:
                self.add(f"{self.base}/{base}/{variant}/feed/", new_path=feed)
            else:
                self.add(f"{self.base}/{base}/{variant}/feed/", term)
        if kind == ImportedObject.Kind.CATEGORY and term_id:
            self.add(f"{self.base}/?cat={term_id}", term)
        elif kind == ImportedObject.Kind.TAG:
            self.add(f"{self.base}/?tag={slugs[-1]}", term)

    def for_author(self, nicename, author):
        self.add(f"{self.base}/author/{nicename}/", author)

    def _feed_path(self, page_url):
        """The newsdesk feed of a listing page (its URL + feed/), when feeds exist."""
        if not apps.is_installed("newsdesk.syndication"):
            return ""
        with translation.override(self.language or settings.LANGUAGE_CODE):
            return f"{page_url()}feed/"

    def for_site(self):
        with translation.override(self.language or settings.LANGUAGE_CODE):
            home = reverse("publishing:home")
        rss = self._feed_path(lambda: home) or home
        atom = f"{rss}atom/" if rss != home else home
        for feed in FEEDS:
            self.add(f"{self.base}/{feed}", new_path=atom if "atom" in feed else rss)
        self.add(f"{self.base}/?feed=rss2", new_path=rss)


def guess_old_link(request):
    """A resolver for the redirects app: the target of an old address no row names."""
    path = request.path_info
    if "\x00" in unquote(path):  # "%2500": no old address holds NUL, and PostgreSQL refuses it
        return None
    segments = [unquote(part) for part in path.strip("/").split("/") if part]
    if not segments or segments[0] in {code for code, _name in settings.LANGUAGES}:
        return None
    marker = path.find(DEFAULT_UPLOADS_PATH)
    if marker != -1:
        relative = unquote(path[marker + len(DEFAULT_UPLOADS_PATH):])
        record = mapping.find(ImportedObject.Kind.FILE, relative)
        return default_storage.url(record.data["name"]) if record else None
    while len(segments) > 1 and (segments[-1] in ENDINGS or segments[-1].isdigit()
                                 or segments[-1].startswith("comment-page-")):
        segments.pop()
    kind = {"category": ImportedObject.Kind.CATEGORY, "tag": ImportedObject.Kind.TAG,
            "author": ImportedObject.Kind.AUTHOR}.get(segments[0], ImportedObject.Kind.POST)
    if kind != ImportedObject.Kind.POST and len(segments) < 2:
        return None
    record = (ImportedObject.objects.filter(kind=kind, slug=segments[-1])
              .exclude(object_id=None).first())
    return record.target if record else None
