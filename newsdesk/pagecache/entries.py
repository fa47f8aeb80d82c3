"""A cached page: its bytes in each encoding, ready-made headers, and what it depends on.

Everything a hit needs is computed once, when the page is stored: the gzip and
brotli bodies, the ETags, and the header lists per encoding. A hit only picks
one of them.
"""

import gzip
import hashlib
import json
import struct
from email.utils import formatdate

import brotli

# Headers the cache sets itself, or must never replay to another reader.
_REPLACED = {
    "content-length", "content-encoding", "vary", "cache-control", "expires", "etag",
    "last-modified", "set-cookie", "date", "server", "x-cache", "server-timing", "age",
}
# Bodies smaller than this are not worth compressing (a TCP packet either way).
MIN_COMPRESS = 512
ENCODINGS = ("br", "gzip", None)
_MAGIC = b"NDPC1\n"
_LENGTH = struct.Struct("<I")


class Entry:
    """One cached page; immutable once built, except for `checked` (a validation memo)."""

    __slots__ = (
        "key", "status", "headers", "bodies", "etags", "last_modified", "expires", "versions",
        "tags", "vary", "checked", "size", "hit_headers", "filed",
    )

    def __init__(self, *, key, status, headers, bodies, etags, last_modified, expires,
                 versions, tags, vary="Accept-Encoding"):
        self.key = key
        self.status = status
        self.headers = headers  # the page's own headers, e.g. Content-Type, X-Frame-Options
        self.bodies = bodies  # {"br": bytes, "gzip": bytes, None: bytes}
        self.etags = etags  # {encoding: '"hash-enc"'}
        self.last_modified = last_modified  # Unix time, whole seconds
        self.expires = expires  # Unix time
        self.versions = versions  # ((counter offset, version), ...)
        self.tags = tags
        self.vary = vary
        self.checked = -1  # the generation at which `versions` were last found current
        self.size = sum(len(body) for body in bodies.values()) + 1024
        self.hit_headers = {}
        self.filed = None  # files.PageFiles' mark: written (or never to be) as a file

    @classmethod
    def build(cls, *, key, status, headers, body, tags, versions, created, expires,
              cache_control, variant="", vary_on=()):
        """Compress and label a freshly rendered page.

        `variant` is the part of the key that registered variants made (one copy per
        value, core.pages.vary_pages_on): it goes into the ETag, so a browser holding
        another copy gets the whole page, headers and all, and not a 304.
        `vary_on` are the request headers those variants read.
        """
        kept = [(name, value) for name, value in headers if name.lower() not in _REPLACED]
        # Cookie is dropped unless a variant reads it: a cached page is by definition
        # the one without a session.
        extra = {header.lower() for header in vary_on}
        vary = ["Accept-Encoding"] + sorted({
            part.strip().title() for name, value in headers if name.lower() == "vary"
            for part in value.split(",")
            if part.strip().lower() not in ("cookie", "accept-encoding", *extra)
        } | {header.title() for header in vary_on})
        bodies = {None: body}
        if len(body) >= MIN_COMPRESS:
            # Level 6 / quality 5: close to the best ratio for HTML at a few ms per page,
            # which keeps a miss fast; it is paid once per page, not per request.
            bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
            bodies["br"] = brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)
        digest = hashlib.blake2b(body + variant.encode(), digest_size=12).hexdigest()
        etags = {
            encoding: f'"{digest}-{encoding}"' if encoding else f'"{digest}"'
            for encoding in bodies
        }
        entry = cls(
            key=key, status=status, headers=kept, bodies=bodies, etags=etags,
            last_modified=int(created), expires=expires, versions=versions, tags=tags,
            vary=", ".join(vary),
        )
        entry.prepare(cache_control)
        return entry

    def prepare(self, cache_control):
        """Build the header list of a hit for each encoding."""
        last_modified = formatdate(self.last_modified, usegmt=True)
        for encoding, body in self.bodies.items():
            headers = [
                *self.headers,
                ("Content-Length", str(len(body))),
                ("Vary", self.vary),
                ("ETag", self.etags[encoding]),
                ("Last-Modified", last_modified),
                ("Cache-Control", cache_control),
                ("X-Cache", "HIT"),
            ]
            if encoding:
                headers.append(("Content-Encoding", encoding))
            self.hit_headers[encoding] = headers

    def matches(self, if_none_match):
        """True when If-None-Match names this page (weak comparison, any encoding)."""
        if if_none_match.strip() == "*":
            return True
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return not candidates.isdisjoint(self.etags.values())

    def to_bytes(self):
        encodings = [encoding for encoding in ENCODINGS if encoding in self.bodies]
        meta = {
            "key": self.key, "status": self.status, "headers": self.headers,
            "etags": [self.etags[encoding] for encoding in encodings],
            "encodings": encodings, "lengths": [len(self.bodies[e]) for e in encodings],
            "last_modified": self.last_modified, "expires": self.expires,
            "versions": self.versions, "tags": sorted(self.tags), "vary": self.vary,
        }
        head = json.dumps(meta, separators=(",", ":")).encode()
        return b"".join(
            [_MAGIC, _LENGTH.pack(len(head)), head, *(self.bodies[e] for e in encodings)]
        )

    @classmethod
    def from_bytes(cls, data, cache_control):
        """Read an entry written by `to_bytes`; None if the bytes are not one."""
        if not data.startswith(_MAGIC):
            return None
        start = len(_MAGIC) + _LENGTH.size
        (head_length,) = _LENGTH.unpack_from(data, len(_MAGIC))
        meta = json.loads(data[start:start + head_length])
        position, bodies = start + head_length, {}
        for encoding, length in zip(meta["encodings"], meta["lengths"], strict=True):
            bodies[encoding] = data[position:position + length]
            position += length
        if position != len(data):
            return None  # truncated: never serve half a page
        entry = cls(
            key=meta["key"], status=meta["status"],
            headers=[tuple(header) for header in meta["headers"]], bodies=bodies,
            etags=dict(zip(meta["encodings"], meta["etags"], strict=True)),
            last_modified=meta["last_modified"], expires=meta["expires"],
            versions=tuple(tuple(pair) for pair in meta["versions"]), tags=set(meta["tags"]),
            vary=meta["vary"],
        )
        entry.prepare(cache_control)
        return entry


_choices = {}


def choose_encoding(accept_encoding):
    """The best encoding a client accepts: brotli, then gzip, then none.

    Results are remembered per header value: browsers send a handful of distinct ones.
    """
    try:
        return _choices[accept_encoding]
    except KeyError:
        pass
    accepted = set()
    for item in accept_encoding.lower().split(","):
        name, _, params = item.partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            if float(quality) > 0:
                accepted.add(name.strip())
        except ValueError:
            continue
    choice = "br" if "br" in accepted else "gzip" if accepted & {"gzip", "*"} else None
    if len(_choices) < 256:
        _choices[accept_encoding] = choice
    return choice
