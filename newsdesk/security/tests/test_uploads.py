"""Image uploads: only real images, within limits, stored without their metadata."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsdesk.publishing.models import Author
from newsdesk.publishing.tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ADD_AUTHOR = "/admin/publishing/author/add/"
GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def photo(image_format="JPEG", size=(40, 20), exif=True):
    """A small image; as a JPEG it carries a camera name, a GPS position and 'rotate 90°'."""
    image = Image.new("RGB", size, (200, 30, 30))
    output = io.BytesIO()
    options = {}
    if exif:
        tags = Image.Exif()
        tags[MAKE] = "SpyCam 3000"
        tags[ORIENTATION] = 6
        tags.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 24.0)  # latitude
        options["exif"] = tags
    image.save(output, format=image_format, **options)
    return output.getvalue()


def upload_author_photo(client, data, name="portrait.jpg", content_type="image/jpeg"):
    return client.post(ADD_AUTHOR, {
        "name": "Mara Lindqvist", "slug": "", "bio": "",
        "photo": SimpleUploadedFile(name, data, content_type=content_type),
    })


def test_an_uploaded_photo_loses_its_exif_and_gps_but_keeps_its_orientation(editor_client):
    response = upload_author_photo(editor_client, photo())
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Author.objects.get().photo
    with Image.open(stored.path) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
        assert image.size == (20, 40)  # turned upright, as the camera meant it


def test_an_svg_is_refused_with_a_message(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload_author_photo(editor_client, svg, "logo.svg", "image/svg+xml")
    assert response.status_code == 200
    assert not Author.objects.exists()
    assert "Upload a valid image" in response.content.decode()


def test_html_disguised_as_an_image_is_refused(editor_client):
    response = upload_author_photo(editor_client, b"<html><script>x</script></html>", "a.png",
                                   "image/png")
    assert response.status_code == 200 and not Author.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(editor_client, settings):
    settings.SECURITY_UPLOAD_MAX_BYTES = 1024 * 1024
    noisy = Image.frombytes("RGB", (800, 800), bytes(range(256)) * 7500)
    output = io.BytesIO()
    noisy.save(output, format="PNG", compress_level=0)
    assert len(output.getvalue()) > 1024 * 1024
    response = upload_author_photo(editor_client, output.getvalue(), "big.png", "image/png")
    assert response.status_code == 200 and not Author.objects.exists()
    assert "images may be at most 1.0 MB" in response.content.decode()


def test_an_image_with_too_many_pixels_is_refused(editor_client, settings):
    settings.SECURITY_UPLOAD_MAX_PIXELS = 1000
    response = upload_author_photo(editor_client, photo(size=(100, 100)))
    assert response.status_code == 200 and not Author.objects.exists()
    assert "megapixels" in response.content.decode()


def test_a_format_outside_the_list_is_refused(editor_client):
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="BMP")
    response = upload_author_photo(editor_client, output.getvalue(), "a.bmp", "image/bmp")
    assert response.status_code == 200 and not Author.objects.exists()
    assert "BMP images are not accepted" in response.content.decode()


def test_a_png_named_jpg_is_stored_as_png_and_served_as_image_png(editor_client):
    response = upload_author_photo(editor_client, photo("PNG", exif=False), "trick.jpg")
    assert response.status_code == 302
    stored = Author.objects.get().photo
    assert stored.name.endswith(".png")


def test_a_featured_image_saved_by_code_is_cleaned_too():
    """Importers and commands that save an article with an image get the same treatment."""
    article = make_article("With picture")
    article.featured_image = ContentFile(photo(size=(60, 30)), name="camera.jpg")
    article.save()
    article.refresh_from_db()
    assert (article.featured_image_width, article.featured_image_height) == (30, 60)
    with Image.open(article.featured_image.path) as image:
        assert dict(image.getexif()) == {}


def test_a_featured_image_uploaded_in_the_article_form_is_validated(editor_client):
    from newsdesk.publishing.tests.test_admin import article_form

    data = article_form(featured_image=SimpleUploadedFile("x.svg", b"<svg/>", "image/svg+xml"))
    response = editor_client.post("/admin/publishing/article/add/", data)
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
