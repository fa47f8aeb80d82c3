"""Import a Disqus XML export: threads become stories (by URL), posts become comments.

The export is read with lxml in a streaming, safe mode (no DTD, no entities,
no network). A thread is matched to a story by its URL's path: the story's own
address, or an old address the redirects app knows (a WordPress import
records those). Posts keep their authors, dates, text and parents; Disqus's
spam and deleted flags become the spam and trash states. Every post imported
is remembered (ImportedComment), so running the import again adds only what
is new. Nothing is dropped silently: the report names threads whose URL
matches no story (their posts are left out, counted, and imported by a later
run once the story or a redirect exists), posts whose parent is missing, and
parent chains that loop (those posts become top-level comments).
"""

import datetime
import html
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from lxml import etree

from newsdesk.comments import services
from newsdesk.comments.models import Comment, ImportedComment
from newsdesk.publishing.models import Article

SOURCE = "disqus"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


class DisqusError(Exception):
    """The export cannot be read."""


@dataclass
class Thread:
    id: str
    link: str = ""
    title: str = ""


@dataclass
class Post:
    id: str
    thread: str = ""
    parent: str = ""
    message: str = ""
    created_at: datetime.datetime | None = None
    name: str = ""
    email: str = ""
    ip_address: str = ""
    deleted: bool = False
    spam: bool = False


@dataclass
class ImportReport:
    threads: int = 0
    threads_matched: int = 0
    posts: int = 0
    created: int = 0
    already: int = 0
    skipped: int = 0  # posts of threads with no story
    statuses: Counter = field(default_factory=Counter)
    lines: list = field(default_factory=list)

    def warn(self, line):
        self.lines.append(line)

    def summary(self):
        return (f"Threads {self.threads} ({self.threads_matched} matched to stories), posts "
                f"{self.posts}: created {self.created}, already imported {self.already}, "
                f"skipped {self.skipped}, warnings {len(self.lines)}")


def _local(element):
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element, name):
    for child in element:
        if _local(child) == name:
            return child
    return None


def _text(element, name):
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def _flag(element, name):
    return _text(element, name).lower() == "true"


def _date(value):
    try:
        parsed = parse_datetime(value) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


def read_export(source):
    """(threads by id, posts in file order) from a Disqus export file or path."""
    threads, posts = {}, []
    parser = etree.iterparse(source, events=("end",), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=True, remove_comments=True,
                             remove_pis=True)
    try:
        for _event, element in parser:
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # only children of <disqus> are records
            name = _local(element)
            if name == "thread":
                thread = Thread(id=element.get(DSQ_ID) or "", link=_text(element, "link"),
                                title=_text(element, "title"))
                threads[thread.id] = thread
            elif name == "post":
                author = _child(element, "author")
                thread_ref, parent_ref = _child(element, "thread"), _child(element, "parent")
                posts.append(Post(
                    id=element.get(DSQ_ID) or "",
                    thread=thread_ref.get(DSQ_ID, "") if thread_ref is not None else "",
                    parent=parent_ref.get(DSQ_ID, "") if parent_ref is not None else "",
                    message=_text(element, "message"),
                    created_at=_date(_text(element, "createdAt")),
                    name=_text(author, "name") if author is not None else "",
                    email=_text(author, "email") if author is not None else "",
                    ip_address=_text(element, "ipAddress"),
                    deleted=_flag(element, "isDeleted"), spam=_flag(element, "isSpam"),
                ))
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        raise DisqusError(f"The export is not valid XML (line {error.lineno}): {error.msg}") \
            from None
    return threads, posts


class StoryFinder:
    """Stories by the path of their address, or of an old address the redirects app knows."""

    def __init__(self):
        self.paths = {}
        for article in Article.objects.all().only("pk", "slug", "published_at", "language"):
            self.paths[article.get_absolute_url().rstrip("/")] = article

    def find(self, link):
        path = urlsplit(link).path.rstrip("/") if link else ""
        if not path:
            return None
        if path in self.paths:
            return self.paths[path]
        return self._redirected(urlsplit(link))

    def _redirected(self, parts):
        if not apps.is_installed("newsdesk.redirects"):
            return None
        from newsdesk.redirects.models import Redirect
        from newsdesk.redirects.services import lookup_keys

        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        for row in Redirect.objects.filter(old_path__in=lookup_keys(parts.path or "/", query)):
            if isinstance(row.target, Article):
                return row.target
            if row.new_path:
                return self.paths.get(urlsplit(row.new_path).path.rstrip("/"))
        return None


def _ordered(posts, report):
    """Posts parents first; a missing parent or a loop of parents makes a post top-level."""
    by_id = {post.id: post for post in posts}
    parent_of = {}
    for post in posts:
        if post.parent and post.parent not in by_id:
            report.warn(f"Post {post.id} answers post {post.parent}, which is not in the "
                        "export: imported as a top-level comment.")
        parent_of[post.id] = post.parent if post.parent in by_id else ""
    for post in posts:  # break every loop once, at the post where it is first seen
        seen, current = [], post.id
        while current and current not in seen:
            seen.append(current)
            current = parent_of.get(current, "")
        if current:
            loop = seen[seen.index(current):]
            report.warn(f"Posts {' → '.join(loop)} → {current} answer each other in a loop: "
                        f"post {current} imported as a top-level comment.")
            parent_of[current] = ""
    depth = {}

    def level(post_id):
        chain = []
        while post_id and post_id not in depth:
            chain.append(post_id)
            post_id = parent_of[post_id]
        base = depth.get(post_id, -1) if post_id else -1
        for item in reversed(chain):
            base += 1
            depth[item] = base
        return depth[chain[0]] if chain else base

    ordered = sorted(posts, key=lambda post: (level(post.id), post.created_at or datetime.datetime
                                              .max.replace(tzinfo=datetime.UTC), post.id))
    return ordered, parent_of


def import_export(source, dry_run=False):
    """Import a Disqus export; returns an ImportReport. Idempotent."""
    threads, posts = read_export(source)
    report = ImportReport(threads=len(threads), posts=len(posts))
    finder = StoryFinder()
    stories, unknown = {}, Counter()
    for thread in threads.values():
        article = finder.find(thread.link)
        if article is None:
            continue
        stories[thread.id] = article
        report.threads_matched += 1
    ordered, parent_of = _ordered(posts, report)
    known = dict(ImportedComment.objects.filter(source=SOURCE).values_list("source_id",
                                                                            "comment_id"))
    saved, touched = dict(known), set()
    with transaction.atomic():
        for post in ordered:
            article = stories.get(post.thread)
            if article is None:
                unknown[post.thread] += 1
                report.skipped += 1
                continue
            if post.id in known:
                report.already += 1
                continue
            status = Comment.Status.SPAM if post.spam else (
                Comment.Status.TRASH if post.deleted else Comment.Status.APPROVED)
            parent_id = saved.get(parent_of.get(post.id, ""))
            comment = services.import_comment(
                article=article, parent=Comment.objects.filter(pk=parent_id).first()
                if parent_id else None, instance=None, author_name=post.name,
                author_email=post.email, author_url="", author_ip=post.ip_address,
                date=post.created_at, content=_plain(post.message), status=status,
                kind="comment", meta={"source": "Disqus"},
            )
            ImportedComment.objects.create(source=SOURCE, source_id=post.id, comment=comment)
            saved[post.id] = comment.pk
            touched.add(article.pk)
            report.created += 1
            report.statuses[status] += 1
        for thread_id, count in sorted(unknown.items()):
            thread = threads.get(thread_id)
            link = thread.link if thread else f"thread {thread_id} (not in the export)"
            report.warn(f"No story at {link}: {count} posts not imported. Add the story or a "
                        "redirect from that address, then run the import again.")
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        for article_id in touched:
            services.refresh_article(article_id)
    return report


def _plain(message):
    """Disqus keeps posts as HTML: paragraphs and line breaks become plain-text lines."""
    text = (message or "").replace("</p>", "\n\n").replace("<br>", "\n").replace("<br/>", "\n")
    return html.unescape(strip_tags(text)).strip()
