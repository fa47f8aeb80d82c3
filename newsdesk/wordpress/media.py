"""Attachments and uploaded files: copied from a copy of wp-content/uploads into media.

Files land at a stable name, media/wordpress/uploads/<year>/<month>/<file>, so a
second import finds them instead of copying them again, and old image URLs in
post content are rewritten to the copies. Only files the posts use are copied.
"""

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from newsdesk.security import conf as security_conf
from newsdesk.security.uploads import clean_image
from newsdesk.wordpress import mapping
from newsdesk.wordpress.models import ImportedObject

MEDIA_PREFIX = "wordpress/uploads/"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}
DOCUMENT_SUFFIXES = {".pdf", ".mp3", ".m4a", ".ogg", ".oga", ".wav", ".mp4", ".m4v", ".webm",
                     ".mov", ".txt", ".csv"}
DEFAULT_UPLOADS_PATH = "/wp-content/uploads/"


@dataclass
class Attachment:
    wp_id: int
    url: str = ""
    file: str = ""  # path under the uploads directory, from _wp_attached_file
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent_id: int = 0
    is_image: bool = True

    @classmethod
    def from_item(cls, item):
        file = item.meta_value("_wp_attached_file").strip()
        if not file and item.attachment_url:
            file = relative_upload_path(item.attachment_url) or ""
        url = item.attachment_url or item.guid
        is_image = bool(re.search(r"\.(jpe?g|png|gif|webp|avif|svg)$", url, re.IGNORECASE))
        return cls(item.wp_id, url, file, item.title, item.excerpt.strip(),
                   item.meta_value("_wp_attachment_image_alt").strip(), item.parent_id, is_image)


def relative_upload_path(url):
    """"2019/05/photo.jpg" for any URL under a /wp-content/uploads/ directory."""
    path = unquote(urlsplit(url).path)
    marker = path.find(DEFAULT_UPLOADS_PATH)
    return path[marker + len(DEFAULT_UPLOADS_PATH):] if marker != -1 else None


class Uploads:
    """Copies upload files on demand and rewrites old upload URLs in content."""

    def __init__(self, directory, report, dry_run=False):
        self.directory = Path(directory).resolve() if directory else None
        self.report = report
        self.dry_run = dry_run
        self.written = []  # storage names written by this run, removed again on rollback
        self.known = {}  # relative path -> media URL ("" when the file is missing)
        self.bases = {DEFAULT_UPLOADS_PATH}
        self.hosts = set()
        self._regex = None

    def learn_site(self, *urls):
        for url in urls:
            host = urlsplit(url or "").netloc
            if host:
                self.hosts.add(host)
                self._regex = None

    def learn_base(self, attachment):
        """An attachment's URL minus its file path is the site's uploads address."""
        if attachment.url and attachment.file and attachment.url.endswith(attachment.file):
            base = urlsplit(attachment.url[: -len(attachment.file)])
            self.bases.add(unquote(base.path))
            self.learn_site(attachment.url)

    def source(self, relative):
        if self.directory is None or not relative or "\x00" in unquote(relative):
            return None
        candidate = (self.directory / unquote(relative)).resolve()
        if not candidate.is_relative_to(self.directory) or not candidate.is_file():
            return None  # missing, or "../" trying to leave the uploads directory
        return candidate

    def copy(self, relative):
        """The media URL of the copy of `relative`, copying it if needed; "" if unavailable."""
        relative = str(PurePosixPath(unquote(relative or "")))
        if relative in self.known:
            return self.known[relative]
        source = self.source(relative)
        url = ""
        if source is not None:
            url = self._store(relative, source)
        self.known[relative] = url
        return url

    def _store(self, relative, source):
        counts = self.report["attachments"]
        name = MEDIA_PREFIX + relative
        record = mapping.find(ImportedObject.Kind.FILE, relative)
        stored = record.data.get("name") if record else None
        size = source.stat().st_size
        if stored and default_storage.exists(stored) and record.data.get("size") == size:
            counts.skipped += 1
            return default_storage.url(stored)
        content = self._checked(relative, source)
        if content is None:
            return ""
        name = str(PurePosixPath(name).with_name(content.name))
        with content:
            if self.dry_run:
                counts.created += 1
                return default_storage.url(name)
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, content)
        self.written.append(stored)
        mapping.remember(ImportedObject.Kind.FILE, relative, record=record,
                         slug="", data={"name": stored, "size": size})
        counts.created += 1
        return default_storage.url(stored)

    def _checked(self, relative, source):
        """What goes into media for an upload file, or None (reported) when it must not.

        Images get what every upload gets (security/uploads.py): decoded, within
        the size limits, written again without EXIF, GPS position or comments.
        Common documents and audio or video are copied as they are (media is
        served with a sandboxing policy and nosniff); anything else, such as
        SVG, HTML or scripts, stays on the old site.
        """
        suffix = source.suffix.lower()
        if suffix in IMAGE_SUFFIXES:
            # check_image measures too, but only after the whole file is in memory.
            if source.stat().st_size > security_conf.get("UPLOAD_MAX_BYTES"):
                self.report.warn(f"Upload {relative!r} not copied: larger than "
                                 "NEWSDESK_SECURITY_UPLOAD_MAX_BYTES; its old address is kept.")
                return None
            try:
                return clean_image(source.read_bytes(), source.name)
            except ValidationError as exc:
                self.report.warn(f"Upload {relative!r} not copied: {' '.join(exc.messages)} "
                                 "Its old address is kept.")
                return None
        if suffix in DOCUMENT_SUFFIXES:
            return File(open(source, "rb"), name=source.name)
        self.report.warn(f"Upload {relative!r} not copied: only images, documents, audio and "
                         "video are imported into media; its old address is kept.")
        return None

    def stored_name(self, relative):
        """The storage name of a copied file (for ImageFields), or None."""
        url = self.copy(relative)
        if not url:
            return None
        if self.dry_run:
            return MEDIA_PREFIX + relative
        record = mapping.find(ImportedObject.Kind.FILE, str(PurePosixPath(unquote(relative))))
        return record.data.get("name") if record else None

    def rewrite(self, html):
        """Point old upload URLs at the copies; leave those whose file is missing."""
        if self.directory is None:
            return html

        def replace(match):
            return self.copy(match.group(1)) or match.group(0)

        return self.url_pattern().sub(replace, html)

    def url_pattern(self):
        """The old site's upload URLs: absolute on its own hosts, or root-relative."""
        if self._regex is None:
            bases = "|".join(map(re.escape, sorted(self.bases, key=len, reverse=True)))
            hosts = "|".join(map(re.escape, sorted(self.hosts))) or r"(?!)"
            self._regex = re.compile(
                rf"""(?:(?:https?:)?//(?:{hosts})|(?<=["'(=\s]))(?:{bases})([^\s"'<>?#)\]]+)"""
            )
        return self._regex

    def discard_written(self):
        for name in self.written:
            default_storage.delete(name)
        self.written.clear()
