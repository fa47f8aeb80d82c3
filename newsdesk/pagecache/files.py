"""Reader pages as plain files that nginx sends by itself (NEWSDESK_PAGECACHE_FILES_DIR).

Why: an nginx `proxy_cache` hit reads the cache file's header before sending
the page, which holds it at 0.6-0.8 of a static file (docs/performance.md).
A page kept as a file at the path it is served from is a static file. This
is what WordPress page-cache plugins do with `try_files`; no maintained
package does it for Django, and it must follow newsdesk's own invalidation,
hence this module. nginx sends `<dir><path>index.html[.br|.gz]` to a GET with
no query and no cookie or header a page varies on (deploy/nginx/newsdesk.conf)
and asks newsdesk otherwise; newsdesk then writes the file.

What keeps the files exact:
- Only the copy for a request without any of the headers pages vary on
  besides Accept-Encoding (no cookie, no Sec-GPC: the strict-CSP copy), only
  under a language prefix, only for paths ending in '/'.
- Only while a page carries exactly the headers nginx adds to the files (the
  snippet `newsdesk nginx-page-headers` prints and nginx includes, read from
  PAGECACHE_FILES_HEADERS); otherwise no file is written and nginx keeps asking.
- A file is checked against the invalidation counters after it is written and
  removed if its page went stale meanwhile.
- Every file goes: on any invalidation (at once by the process that made it,
  and by every process's watcher within POLL seconds of seeing the generation
  move, which is how invalidations made on other machines arrive), at the
  earliest expiry of a page this process wrote (a scheduled article going
  live), when Redis cannot be reached, and when a process starts.
"""

import logging
import os
import re
import secrets
import shutil
import threading
import time

from newsdesk.core.files import write_atomically

logger = logging.getLogger(__name__)

# Seconds between a watcher's looks at the counters and the clock.
POLL = 0.2
# Seconds without an answer from Redis after which the files go (see _watch).
OUTAGE = 1.0
# Headers of a page that nginx sets itself for a file, or from the path (Content-Language).
NOT_COMPARED = {
    "content-type", "content-length", "content-language", "content-encoding", "etag",
    "last-modified", "x-cache",
}
CONTENT_TYPE = "text/html; charset=utf-8"
# Request headers the shipped nginx map looks at before sending a file.
NGINX_CHECKS = {"cookie", "sec-gpc"}
SUFFIXES = {None: b"", "gzip": b".gz", "br": b".br"}
_ADD_HEADER = re.compile(r'add_header\s+([A-Za-z0-9-]+)\s+"((?:[^"\\]|\\.)*)"\s*;')
_UNESCAPE = re.compile(r"\\(.)")
_NEVER = object()  # Entry.filed of a page that is never written (its headers differ)


def snippet(headers):
    """The nginx lines that add these (name, value) headers; what read_snippet reads."""
    lines = []
    for name, value in headers:
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'add_header {name} "{escaped}";')
    return "\n".join(lines) + "\n"


def read_snippet(path):
    """{(lowercase name, value)} of a headers snippet, or None when it cannot be used."""
    try:
        text = open(path, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as exc:
        logger.error("page files: cannot read the nginx headers snippet %s: %s", path, exc)
        return None
    headers = set()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = _ADD_HEADER.fullmatch(line)
        if not found:
            logger.error("page files: %s line %d is not add_header NAME \"VALUE\";", path, number)
            return None
        name = found[1]
        headers.add((name.lower(), normal(name, _UNESCAPE.sub(r"\1", found[2]))))
    return frozenset(headers)


def compared_headers(headers):
    """The (lowercase name, value) pairs of a page's headers that the snippet must hold."""
    return frozenset((name.lower(), normal(name, value)) for name, value in headers
                     if name.lower() not in NOT_COMPARED)


def normal(name, value):
    """A header's value in a form that compares equal when it means the same.

    django-csp writes the policy's directives in set order, which differs from one
    process to the next (hash seeds): the same policy, sorted, is the same string.
    """
    if name.lower() == "content-security-policy":
        return "; ".join(sorted(part.strip() for part in value.split(";") if part.strip()))
    return value


def file_path(path):
    """The path of a page under the files directory (bytes), or None for an unusual path.

    PATH_INFO is the decoded URL as latin-1 (PEP 3333): its bytes are what nginx
    looks for. Nothing that could leave the directory or that nginx would
    normalise differently: no empty, '.' or '..' segment, no NUL or backslash.
    """
    try:
        raw = path.encode("latin-1")
    except UnicodeEncodeError:
        return None
    if not raw.startswith(b"/") or not raw.endswith(b"/") or len(raw) > 1024:
        return None
    for segment in raw[1:-1].split(b"/"):
        if segment in (b"", b".", b"..") or b"\0" in segment or b"\\" in segment:
            return None
    return raw


class PageFiles:
    """One process's handle on the files directory nginx reads."""

    def __init__(self, directory, headers_path, store, *, clock=time.time):
        self.root = os.fsencode(os.path.abspath(directory))
        self.headers_path = headers_path
        self.expected = read_snippet(headers_path)
        self.store = store
        self.clock = clock
        self.epoch = 0  # bumped whenever this process sees the directory emptied
        self._expires = float("inf")
        self._lock = threading.Lock()
        self._clearing = threading.Lock()
        self._stop = threading.Event()
        self._watcher_pid = None
        self._warned = set()
        os.makedirs(self.root, mode=0o755, exist_ok=True)

    # Writing

    def offer(self, entry, path, language):
        """Write a page nginx asked newsdesk for, unless it is written or cannot be."""
        if entry.filed is _NEVER or entry.filed == self.epoch:
            return
        self.watch()
        entry.filed = self.epoch
        target = file_path(path)
        if target is None or not self.matches(entry, language):
            entry.filed = _NEVER
            return
        written = []
        try:
            os.makedirs(self.root + target, mode=0o755, exist_ok=True)
            for encoding, body in entry.bodies.items():
                name = self.root + target + b"index.html" + SUFFIXES[encoding]
                # 0644: nginx's workers run as another user. One mtime per page, so one
                # Last-Modified (and nginx ETag) whichever process wrote it.
                write_atomically(name, body, mode=0o644, mtime=entry.last_modified)
                written.append(name)
        except OSError as exc:
            logger.warning("page files: cannot write %r: %s", target, exc)
        # Written before this check: an invalidation before it is seen here, one after it
        # empties the directory afterwards. Either way no stale file stays.
        self.store.versions.sync(wait=True)
        if not written or not self.store.is_fresh(entry):
            for name in written:
                _unlink(name)
            return
        with self._lock:
            self._expires = min(self._expires, entry.expires)

    def matches(self, entry, language):
        headers = entry.hit_headers[None]
        own = dict((name.lower(), value) for name, value in headers)
        if own.get("content-type") != CONTENT_TYPE or own.get("content-language") != language:
            return False
        if self.expected is None:
            return False
        found = compared_headers(headers)
        if found != self.expected:
            self._warn(found)
            return False
        return True

    def _warn(self, found):
        key = found ^ self.expected
        if key in self._warned:
            return
        self._warned.add(key)
        logger.warning(
            "page files: pages carry other headers than %s says, so none is written and "
            "nginx asks newsdesk for every page (slower, still correct). Run `newsdesk "
            "nginx-page-headers` with this environment, save its output there and reload "
            "nginx. Only in the pages: %s. Only in the snippet: %s.",
            self.headers_path, sorted(found - self.expected), sorted(self.expected - found),
        )

    # Removing

    def clear(self, reason="an invalidation"):
        """Remove every file: rename the directory aside (nginx then finds nothing), remove it.

        Never raises: it runs after an edit's commit, and other threads and processes
        empty the same directory at the same moment (whoever renames it first wins).
        """
        logger.info("page files: emptied after %s", reason)
        aside = self.root + f".old-{secrets.token_hex(6)}".encode()
        with self._clearing:
            try:
                os.rename(self.root, aside)
            except FileNotFoundError:
                pass
            except OSError as exc:
                logger.error("page files: cannot empty %r: %s", self.root, exc)
                return
            try:
                os.makedirs(self.root, mode=0o755, exist_ok=True)
            except OSError as exc:
                logger.error("page files: cannot make %r again: %s", self.root, exc)
            with self._lock:
                self.epoch += 1
                self._expires = float("inf")
        # Removing thousands of files must not hold up the editor's request that got here.
        threading.Thread(target=shutil.rmtree, args=(aside,), kwargs={"ignore_errors": True},
                         name="newsdesk-page-files-removal", daemon=True).start()

    def remove_leftovers(self):
        """Directories set aside by processes that stopped before removing them."""
        parent, name = os.path.split(self.root)
        for entry in os.scandir(parent or b"."):
            if entry.name.startswith(name + b".old-") and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)

    def watch(self):
        """Start this process's watcher (again after a fork: threads do not survive one)."""
        if self._watcher_pid == os.getpid():
            return
        with self._lock:
            if self._watcher_pid == os.getpid():
                return
            self._watcher_pid = os.getpid()
            self._stop.clear()
            threading.Thread(target=self._watch, name="newsdesk-page-files", daemon=True).start()

    def close(self):
        self._stop.set()
        self._watcher_pid = None

    def _watch(self):
        versions = self.store.versions
        self.clear("start-up")  # a previous process's files: it may have known expiries we do not
        self.remove_leftovers()
        seen = versions.generation()
        inode = self._inode()
        lost_at = None  # when Redis stopped answering
        emptied_for_outage = False
        while not self._stop.wait(POLL):
            try:
                generation = versions.generation()
                if generation is None:
                    # A blip (a busy machine can make one round trip time out) costs nothing:
                    # what changed meanwhile is seen when Redis answers. An outage empties
                    # the directory once, as no process can hear of edits any more.
                    lost_at = lost_at or time.monotonic()
                    if not emptied_for_outage and time.monotonic() - lost_at >= OUTAGE:
                        emptied_for_outage = True
                        self.clear("Redis stopped answering")
                    continue
                lost_at, emptied_for_outage = None, False
                if generation != seen or self.clock() >= self._expires:
                    reason = "an invalidation" if generation != seen else "a page's expiry"
                    seen = generation
                    self.clear(reason)
                current = self._inode()
                if current != inode:  # emptied by another process: write pages again
                    inode = current
                    with self._lock:
                        self.epoch += 1
            except Exception:  # the watcher must outlive any surprise; say what it was
                logger.exception("page files: watcher")

    def _inode(self):
        try:
            return os.stat(self.root).st_ino
        except OSError:
            return None


def _unlink(name):
    try:
        os.unlink(name)
    except OSError:
        pass
