"""Uploaded images: verified by decoding, limited in size, re-encoded without metadata.

Every ImageField of every installed model gets this treatment (apps.py wires
it), so featured images, author photos and whatever other apps add are
covered without touching their code:

- `validate_image` runs with the model's validation (admin and model forms):
  the file must decode with Pillow as one of SECURITY_UPLOAD_FORMATS, within
  SECURITY_UPLOAD_MAX_BYTES and SECURITY_UPLOAD_MAX_PIXELS. SVG is refused: it
  is a document that can carry script, not an image to Pillow.
- `strip_metadata` runs before the row is saved: the image is decoded and
  written again, turned upright, without EXIF (camera, GPS position, time),
  XMP or comments, and named with the extension of its real format so that it
  is served with the matching Content-Type.
"""

import io
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from newsdesk.security import conf

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _is_new_upload(value):
    return bool(value) and not getattr(value, "_committed", True)


def validate_image(value):
    """Refuse anything that is not a decodable image of an accepted format and size."""
    if _is_new_upload(value):
        check_image(value)


def clean_image(data, name):
    """The image in `data`, verified as uploads are and re-encoded without metadata.

    For files that reach media without a form: the WordPress importer's copies
    of wp-content/uploads. Raises ValidationError (with the same messages as an
    upload) for anything else.
    """
    check_image(ContentFile(data, name=name))
    return reencode(data, name)


def check_image(value):
    limit = conf.get("UPLOAD_MAX_BYTES")
    if value.size > limit:
        raise ValidationError(
            _("This file is %(size)s MB; images may be at most %(limit)s MB."),
            code="file_too_large",
            params={"size": round(value.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
        )
    try:
        value.seek(0)
        with Image.open(value) as image:
            image_format = image.format
            pixels = image.width * image.height
            if image_format in conf.get("UPLOAD_FORMATS") and \
                    pixels <= conf.get("UPLOAD_MAX_PIXELS"):
                image.load()  # decode it all: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            EOFError):
        raise ValidationError(
            _("This file is not an image newsdesk can read. Upload a JPEG, PNG, WebP or GIF "
              "image (SVG is not accepted)."),
            code="invalid_image",
        ) from None
    finally:
        value.seek(0)
    if image_format not in conf.get("UPLOAD_FORMATS"):
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF image."),
            code="invalid_format", params={"format": image_format},
        )
    if pixels > conf.get("UPLOAD_MAX_PIXELS"):
        raise ValidationError(
            _("This image has %(pixels)s megapixels; at most %(limit)s are accepted."),
            code="too_many_pixels",
            params={"pixels": round(pixels / 1e6, 1),
                    "limit": round(conf.get("UPLOAD_MAX_PIXELS") / 1e6, 1)},
        )


def reencode(data, name):
    """Decode image bytes and write them again without metadata; return a ContentFile."""
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format
        frames = getattr(image, "n_frames", 1)
        options = {}
        if image_format == "GIF" and frames > 1:
            options = {"save_all": True, "loop": image.info.get("loop", 0),
                       "duration": image.info.get("duration", 100)}
            clean = image
        else:
            clean = upright(image)
        if image_format in ("JPEG", "GIF"):
            # Their savers copy the file's comment block unless told otherwise.
            options["comment"] = b""
        if image_format == "JPEG":
            if clean.mode not in ("RGB", "L", "CMYK"):
                clean = clean.convert("RGB")
            options.update(quality=90, optimize=True, icc_profile=image.info.get("icc_profile"))
        elif image_format == "WEBP":
            options.update(quality=90, icc_profile=image.info.get("icc_profile"))
        elif image_format == "PNG":
            options.update(optimize=True, icc_profile=image.info.get("icc_profile"))
        output = io.BytesIO()
        clean.save(output, format=image_format,
                   **{key: value for key, value in options.items() if value is not None})
    stem = PurePosixPath(name).stem or "image"
    return ContentFile(output.getvalue(), name=f"{stem}.{EXTENSIONS[image_format]}")


def upright(image):
    """A copy of the image turned as its EXIF orientation says; as it is if EXIF is unreadable."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # damaged EXIF (Pillow raises SyntaxError, struct.error...): dropped anyway
        return image.copy()


def strip_metadata(sender, instance, raw=False, **kwargs):
    """pre_save: re-encode every newly uploaded image of the row about to be saved."""
    if raw:
        return
    for field in image_fields(type(instance)):
        value = getattr(instance, field.attname)
        if not _is_new_upload(value):
            continue
        value.seek(0)
        data = value.read()
        try:
            clean = reencode(data, value.name)
        except (UnidentifiedImageError, OSError, ValueError, KeyError):
            # Not validated (saved outside a form) and not an image: store nothing.
            clean = None
        setattr(instance, field.attname, clean)


def image_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.ImageField)]
