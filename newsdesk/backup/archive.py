"""The backup archive: manifest.json, data/*.json and media/..., in one .tar.gz.

The manifest comes first in the archive and names every other member with its
SHA-256, so a restore can tell a damaged or altered archive before it changes
anything.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

FORMAT = "newsdesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class ArchiveError(Exception):
    pass


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def member_files(staging, media_root):
    """(name in archive, path on disk) for the data files and every media file."""
    staging = Path(staging)
    members = [(path.relative_to(staging).as_posix(), path)
               for path in sorted((staging / "data").glob("*.json"))]
    media_root = Path(media_root)
    if media_root.is_dir():
        members += [("media/" + path.relative_to(media_root).as_posix(), path)
                    for path in sorted(media_root.rglob("*")) if path.is_file()]
    return members


def write_archive(target, manifest, members):
    """Write the archive to a temporary name and rename it: never half a backup."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    encoded = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()
    with tarfile.open(partial, "w:gz") as archive:
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(encoded), 0o600, int(manifest["created_epoch"])
        archive.addfile(info, io.BytesIO(encoded))
        for name, path in members:
            archive.add(path, arcname=name, recursive=False)
    partial.replace(target)


def unpack(source, directory):
    """Extract `source` into `directory` and check it against its manifest; returns it."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(directory, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ArchiveError(f"the archive cannot be read ({exc})") from None
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ArchiveError("the archive has no readable manifest.json") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError("this is not a newsdesk backup (or one of a newer format)")
    listed = manifest.get("checksums", {})
    present = {path.relative_to(directory).as_posix() for path in directory.rglob("*")
               if path.is_file()} - {MANIFEST}
    if present != set(listed):
        missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
        raise ArchiveError(f"the archive does not match its manifest (missing: {missing[:3]}, "
                           f"unexpected: {extra[:3]})")
    for name, expected in listed.items():
        if sha256(directory / name) != expected:
            raise ArchiveError(f"checksum mismatch for {name}: the archive is damaged")
    return manifest
