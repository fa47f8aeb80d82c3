import hashlib
import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from newsdesk.publishing.demo_loader import load_demo
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "articles").mkdir(parents=True)
    (settings.MEDIA_ROOT / "articles/photo.jpg").write_bytes(b"\xff\xd8 a photo")
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(tmp_path, media_root):
    load_demo()
    path = tmp_path / "site.tar.gz"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "Backed up" in out.getvalue() and "1 media files" in out.getvalue()
    return path


def members(path):
    with tarfile.open(path) as opened:
        return {member.name: opened.extractfile(member).read()
                for member in opened.getmembers() if member.isfile()}


def test_the_archive_holds_a_manifest_with_version_counts_and_checksums(archive):
    files = members(archive)
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "newsdesk-backup" and manifest["newsdesk_version"]
    assert manifest["models"]["publishing.article"] == Article.objects.count()
    assert "media/articles/photo.jpg" in manifest["checksums"]
    assert set(manifest["checksums"]) == set(files) - {"manifest.json"}
    assert "publishing" in manifest["migrations"]
    articles = next(name for name in files if name.endswith("publishing.article.json"))
    rows = json.loads(files[articles])
    assert {row["pk"] for row in rows} == set(Article.objects.values_list("pk", flat=True))


def test_backup_refuses_to_overwrite_an_existing_file_unless_told(archive):
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(archive), stdout=StringIO())
    call_command("backup", str(archive), "--overwrite", stdout=StringIO())


def test_restore_refuses_a_database_that_has_content(archive):
    with pytest.raises(CommandError, match="the database is not empty .* --force"):
        call_command("restore", str(archive), stdout=StringIO())


def test_restore_with_force_replaces_the_content_with_the_backup(archive, media_root):
    original = sorted(Article.objects.values_list("pk", "slug", "title"))
    Article.objects.first().delete()
    make_article("Written after the backup")
    (media_root / "articles/photo.jpg").write_bytes(b"changed")
    out = StringIO()
    call_command("restore", str(archive), "--force", "--no-input", stdout=out)
    assert "Restored" in out.getvalue()
    assert sorted(Article.objects.values_list("pk", "slug", "title")) == original
    assert (media_root / "articles/photo.jpg").read_bytes() == b"\xff\xd8 a photo"


def rewrite_archive(source, target, change):
    """Copy an archive, letting `change(name, data)` alter members."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize("change, message", [
    (lambda name, data: data.replace(b"Harbour", b"Harb0ur") if "article" in name else data,
     "checksum mismatch"),
    (lambda name, data: None if name.startswith("media/") else data,
     "does not match its manifest"),
])
def test_a_damaged_archive_is_refused_and_nothing_changes(archive, tmp_path, change, message):
    damaged = tmp_path / "damaged.tar.gz"
    rewrite_archive(archive, damaged, change)
    before = sorted(Article.objects.values_list("pk", "title"))
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), "--force", "--no-input", stdout=StringIO())
    assert sorted(Article.objects.values_list("pk", "title")) == before


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "notes.tar.gz"
    path.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(path), stdout=StringIO())


def test_an_archive_with_rows_this_site_cannot_load_is_refused(archive, tmp_path):
    def rename_model(name, data):
        return data.replace(b'"publishing.tag"', b'"vanished.tag"') if "tag" in name else data

    unloadable = tmp_path / "unloadable.tar.gz"
    rewrite_archive(archive, unloadable, rename_model)
    files = members(unloadable)
    manifest = json.loads(files["manifest.json"])
    manifest["checksums"] = {name: hashlib.sha256(data).hexdigest()
                             for name, data in files.items() if name != "manifest.json"}
    rewrite_archive(unloadable, unloadable.with_name("fixed.tar.gz"),
                    lambda name, data: json.dumps(manifest).encode()
                    if name == "manifest.json" else data)
    before = Article.objects.count()
    with pytest.raises(CommandError, match="but the manifest lists .*Nothing was changed"):
        call_command("restore", str(unloadable.with_name("fixed.tar.gz")), "--force",
                     "--no-input", stdout=StringIO())
    assert Article.objects.count() == before


def test_a_restore_tells_every_process_that_every_page_changed(archive):
    """A running site's cached pages show the old rows: the restore refreshes them all."""
    from newsdesk.core.signals import site_changed

    heard = []

    def receiver(sender, **kwargs):
        heard.append(sender)

    site_changed.connect(receiver)
    try:
        call_command("restore", str(archive), "--force", "--no-input", stdout=StringIO())
    finally:
        site_changed.disconnect(receiver)
    assert len(heard) == 1
