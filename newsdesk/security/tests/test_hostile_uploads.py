"""Hostile uploads: any bytes under any name are refused with a reason, or stored as a
clean image of an accepted format, served with that format's type."""

import io
import shutil
import uuid
import zlib
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from newsdesk.core.testing import ATTACKS, assert_no_server_error, http_settings
from newsdesk.publishing.models import Author
from newsdesk.security.tests.test_uploads import GPS_IFD, photo, upload_author_photo
from newsdesk.security.uploads import EXTENSIONS
from newsdesk.urls import urlpatterns

MEDIA_URL_ROOT = next(pattern.default_args["document_root"] for pattern in urlpatterns
                      if "document_root" in getattr(pattern, "default_args", {}))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root"),
              # Pillow warns about the damaged files this module makes on purpose.
              pytest.mark.filterwarnings("ignore::UserWarning:PIL")]

ACCEPTED = {"JPEG", "PNG", "WEBP", "GIF"}
SCRIPT = b"<script>alert(1)</script>"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
       b'exif:GPSLatitude="48,51.4N"/></rdf:RDF></x:xmpmeta>')


def png_claiming(width, height):
    """A tiny valid PNG that declares a huge black canvas: a decompression bomb."""
    def chunk(kind, data):
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * min(height, 64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


def image_bytes(image_format, size=(24, 16), metadata=True):
    """A small image of any format Pillow writes; with metadata where the format has some."""
    image = Image.new("RGB", size, (10, 120, 200))
    output, options = io.BytesIO(), {}
    if metadata and image_format in {"JPEG", "WEBP", "PNG", "TIFF"}:
        exif = Image.Exif()
        exif[0x010F] = "SpyCam 3000"
        exif.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 24.0)
        options["exif"] = exif
    if metadata and image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", SCRIPT.decode())
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"] = info
    if metadata and image_format == "GIF":
        options["comment"] = SCRIPT
    if metadata and image_format == "JPEG":
        options["comment"] = SCRIPT
    image.save(output, format=image_format, **options)
    return output.getvalue()


FORMATS = ["JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "ICO", "PPM"]


def files():
    """Real images, damaged images, polyglots, documents posing as images, random bytes."""
    real = st.one_of(st.sampled_from(sorted(ACCEPTED)), st.sampled_from(FORMATS)).map(
        image_bytes)
    damaged = st.tuples(real, st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)),
                                       min_size=1, max_size=8)).map(_flip)
    cut = st.tuples(real, st.floats(0.05, 0.95)).map(lambda pair: pair[0][:int(len(pair[0])
                                                                            * pair[1])])
    return st.one_of(
        real, damaged, cut,
        real.map(lambda data: data + SCRIPT),  # an image with a page appended
        real.map(lambda data: SCRIPT + data),
        st.sampled_from([png_claiming(50_000, 50_000), png_claiming(8_000, 6_000),
                         b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                         b"GIF89a" + SCRIPT, b"\xff\xd8\xff" + SCRIPT, b"%PDF-1.4 " + SCRIPT]),
        st.sampled_from(ATTACKS).map(str.encode),
        st.binary(max_size=600),
    )


def _flip(pair):
    data, changes = bytearray(pair[0]), pair[1]
    for position, value in changes:
        data[position % len(data)] = value
    return bytes(data)


NAMES = ["photo.jpg", "photo.png", "page.html", "logo.svg", "shell.php.jpg", "photo",
         "../../../etc/passwd", "a" * 300 + ".jpg", "照片.jpg", ".htaccess", "x.jpg;.html"]


@settings(parent=http_settings, max_examples=50)
@given(data=files(), name=st.one_of(st.just("photo.jpg"), st.sampled_from(NAMES)),
       content_type=st.sampled_from(["image/jpeg", "image/png", "text/html", "image/svg+xml",
                                     "application/octet-stream"]))
def test_any_file_is_refused_with_a_reason_or_stored_as_a_clean_image(
        editor_client, data, name, content_type):
    """Never a 500. Refused: the form again with a message. Stored: a decodable image of an
    accepted format, named after it, without EXIF, GPS, XMP or comments."""
    Author.objects.all().delete()
    response = upload_author_photo(editor_client, data, name, content_type)
    assert_no_server_error(response)
    if response.status_code != 302:
        assert response.status_code == 200 and not Author.objects.exists()
        assert 'id="id_photo_error"' in response.content.decode()
        event("refused")
        return
    event("stored")
    stored = Author.objects.get().photo
    raw = Path(stored.path).read_bytes()
    with Image.open(stored.path) as image:
        image.load()
        assert image.format in ACCEPTED
        assert stored.name.endswith("." + EXTENSIONS[image.format])
        assert dict(image.getexif()) == {}
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"} & set(image.info)
    assert b"SpyCam" not in raw and SCRIPT not in raw and b"GPSLatitude" not in raw


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_exif_gps_xmp_and_comments_are_gone_from_every_accepted_format(
        editor_client, image_format):
    response = upload_author_photo(editor_client, image_bytes(image_format), "p.jpg")
    assert response.status_code == 302, response.content.decode()[:2000]
    with Image.open(Author.objects.get().photo.path) as image:
        assert image.getexif().get_ifd(GPS_IFD) == {} and dict(image.getexif()) == {}
        assert "comment" not in image.info and "Comment" not in image.info
        assert "XML:com.adobe.xmp" not in image.info and "xmp" not in image.info


@pytest.mark.parametrize(("width", "height", "message"), [
    (50_000, 50_000, "Upload a valid image"),  # past Pillow's own bomb guard
    (8_000, 6_000, "This image has 48.0 megapixels; at most 40.0 are accepted."),
])
def test_decompression_bombs_are_refused_without_being_decoded(
        editor_client, width, height, message):
    bomb = png_claiming(width, height)
    assert len(bomb) < 10_000
    response = upload_author_photo(editor_client, bomb, "small.png", "image/png")
    assert response.status_code == 200 and not Author.objects.exists()
    assert message in response.content.decode()


def test_a_truncated_image_is_refused(editor_client):
    whole = photo(size=(64, 64))
    response = upload_author_photo(editor_client, whole[: len(whole) // 2])
    assert response.status_code == 200 and not Author.objects.exists()
    assert 'id="id_photo_error"' in response.content.decode()


def test_a_stored_upload_is_served_as_its_real_type_and_as_an_inert_document(editor_client):
    """A PNG uploaded as photo.jpg is stored as .png and served image/png, nosniff, sandboxed."""
    assert upload_author_photo(editor_client, photo("PNG", exif=False), "photo.jpg",
                               "text/html").status_code == 302
    stored = Path(Author.objects.get().photo.path)
    assert stored.suffix == ".png"
    # /media/ serves the media directory configured when the URLs were loaded, not the
    # test's: the stored file is copied there for the request.
    folder = Path(MEDIA_URL_ROOT) / f"security-test-{uuid.uuid4().hex}"
    folder.mkdir(parents=True)
    try:
        shutil.copy(stored, folder / stored.name)
        response = editor_client.get(f"/media/{folder.name}/{stored.name}")
    finally:
        shutil.rmtree(folder)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_an_image_with_damaged_exif_is_stored_without_it(editor_client, image_format):
    """The picture decodes; only its EXIF is unreadable: stored upright as it is, EXIF gone."""
    data = bytearray(image_bytes(image_format))
    start = data.index(b"II*\x00") if b"II*\x00" in data else data.index(b"MM\x00*")
    data[start:start + 4] = b"\x00\x00\x00\x00"  # no longer a TIFF header
    response = upload_author_photo(editor_client, bytes(data), "photo.jpg")
    assert response.status_code == 302
    with Image.open(Author.objects.get().photo.path) as image:
        assert image.format == image_format and dict(image.getexif()) == {}
