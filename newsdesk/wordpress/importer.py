"""The WordPress import, in steps: authors, categories, tags, attachments, posts,
comments, view counts, redirects.

The export is read twice, streaming both times. The first pass checks the
whole file (a broken or truncated export stops here, before anything is
written) and keeps the small things: the site, authors, terms and attachments.
The second pass imports the posts one by one inside a single transaction, so a
failure leaves the database as it was. Files copied into media by a run that
fails (or a dry run) are removed again.
"""

import os
from collections import defaultdict
from pathlib import Path

from django.db import transaction
from django.utils.functional import cached_property

from newsdesk.wordpress import authors, counts, discussion, posts, shortcodes, terms
from newsdesk.wordpress.comments import comments_installed
from newsdesk.wordpress.links import OldLinks
from newsdesk.wordpress.media import Attachment, Uploads
from newsdesk.wordpress.report import ImportReport
from newsdesk.wordpress.wxr import Site, WPAuthor, WPTerm, read_export

SKIPPED_POST_STATUSES = {"trash", "auto-draft", "inherit"}


class NullProgress:
    def start(self, label, total):
        pass

    def update(self, done):
        pass

    def finish(self):
        pass


class ProgressReader:
    """A binary file that tells `progress` how many bytes were read."""

    def __init__(self, handle, progress):
        self.handle, self.progress, self.done = handle, progress, 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.done += len(data)
        self.progress.update(self.done)
        return data


class Importer:
    def __init__(self, path, *, uploads_dir=None, language=None, dry_run=False, progress=None):
        self.path = Path(path)
        self.report = ImportReport(dry_run=dry_run)
        self.site = Site()
        self.uploads = Uploads(uploads_dir, self.report, dry_run=dry_run)
        self.progress = progress or NullProgress()
        self.language_option = language
        self.comments_enabled = comments_installed()
        self.header_authors, self.header_terms = [], []
        self.authors, self.categories, self.tags, self.term_ids = {}, {}, {}, {}
        self.attachments = {}
        self.attached_images = defaultdict(list)  # post id -> its image attachment ids

    @cached_property
    def language(self):
        return self.language_option or posts.site_language(self.site.language, "en")

    @cached_property
    def links(self):
        return OldLinks(self.site, self.language, self.report)

    @property
    def fingerprint(self):
        """What, besides the post itself, changes an import's result."""
        return [bool(self.uploads.directory), self.comments_enabled, self.language]

    def records(self, label):
        size = os.path.getsize(self.path)
        self.progress.start(label, size)
        try:
            with open(self.path, "rb") as handle:
                yield from read_export(ProgressReader(handle, self.progress), self.site)
        finally:
            self.progress.finish()

    def run(self):
        """Import the export; returns the ImportReport. Raises WXRError for a broken file."""
        self.read_header()
        try:
            with transaction.atomic():
                self.import_header()
                self.import_posts()
                self.links.for_site()
                if self.report.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.uploads.discard_written()
            raise
        return self.report

    def read_header(self):
        """Pass 1: check the whole file; keep authors, terms and attachments."""
        for kind, record in self.records("Checking the export"):
            if kind == "author":
                self.header_authors.append(record)
            elif kind == "term":
                self.header_terms.append(record)
            elif record.post_type == "attachment":
                attachment = Attachment.from_item(record)
                self.attachments[attachment.wp_id] = attachment
                self.uploads.learn_base(attachment)
                if attachment.is_image and attachment.parent_id:
                    self.attached_images[attachment.parent_id].append(attachment.wp_id)
        self.uploads.learn_site(self.site.link, self.site.base_site_url, self.site.base_blog_url)

    def import_header(self):
        for wp_author in self.header_authors:
            self.authors[wp_author.login] = authors.import_author(wp_author, self.report,
                                                                  self.links)
        categories = [term for term in self.header_terms if term.taxonomy == "category"]
        self.term_ids.update({term.slug: term.term_id for term in categories})
        self.categories.update(terms.import_categories(categories, self.report, self.links))
        for term in self.header_terms:
            if term.taxonomy == "post_tag":
                self.tags[term.slug] = terms.import_tag(term, self.report, self.links)

    def import_posts(self):
        """Pass 2: posts, one savepoint each so one bad post does not stop the rest."""
        for kind, item in self.records("Importing posts"):
            if kind != "item" or item.post_type == "attachment":
                continue
            if item.post_type != "post":
                self.report.skipped_types[item.post_type] += 1
                continue
            if item.status in SKIPPED_POST_STATUSES:
                self.report["posts"].skipped += 1
                continue
            try:
                with transaction.atomic():
                    posts.import_post(item, self)
            except Exception as exc:  # one post's problem is reported, the import goes on
                self.report["posts"].errors += 1
                self.report.warn(f"Post {item.wp_id} ({item.title!r}) not imported: {exc}")

    # Used by the steps -------------------------------------------------------

    def author_for(self, login):
        if login and login not in self.authors:
            self.authors[login] = authors.import_author(
                WPAuthor(login=login, display_name=login), self.report, self.links)
        return self.authors.get(login)

    def category_for(self, slug, name):
        if slug not in self.categories:
            self.categories.update(terms.import_categories(
                [WPTerm("category", slug, name)], self.report, self.links))
        return self.categories.get(slug)

    def tag_for(self, slug, name):
        if slug not in self.tags:
            self.tags[slug] = terms.import_tag(WPTerm("post_tag", slug, name), self.report,
                                               self.links)
        return self.tags[slug]

    def shortcode_context(self, item):
        def url(wp_id):
            attachment = self.attachments.get(wp_id)
            if attachment is None:
                return ""
            return self.uploads.copy(attachment.file) or attachment.url

        return shortcodes.Context(
            post_id=item.wp_id,
            attachment_url=url,
            attachments_of=lambda post_id: self.attached_images.get(post_id, []),
            attachment_caption=lambda wp_id: getattr(self.attachments.get(wp_id), "alt", ""),
            unknown=self.report.notes.unknown_shortcodes,
        )

    def featured_image(self, item, article):
        """Set the article's featured image; returns the original URL when not copied."""
        return posts.set_featured_image(self, item, article)

    def import_views(self, item, article, previously_imported):
        views = counts.view_count(item)
        if views is None:
            return previously_imported
        return counts.apply_views(article, views, previously_imported, self.report["view counts"])

    def import_comments(self, item, article):
        discussion.import_comments(self, item, article)
