"""Checks for uploaded files: size first, then the type read from the content, never the name."""

import mimetypes

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from PIL import Image, UnidentifiedImageError

from .errors import PayloadTooLarge, UnsupportedMediaType

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def validate_image(upload: UploadedFile) -> str:
    """Accept a PNG, JPEG or WebP image within IMAGE_MAX_BYTES; return its file extension.

    413 when too large, 415 when the bytes are not one of those images (an SVG, a PDF renamed
    `.png`, a truncated file).
    """
    limit = settings.IMAGE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLarge(f"Images may be at most {limit // (1024 * 1024)} MB.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise UnsupportedMediaType("Upload a PNG, JPEG or WebP image.") from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise UnsupportedMediaType("Upload a PNG, JPEG or WebP image.")
    return IMAGE_FORMATS[image_format]


def delete_file_on_commit(field_file) -> None:
    """Remove a stored file once the deletion of its row commits (a rollback keeps both)."""
    if not field_file:
        return
    name, storage = field_file.name, field_file.storage
    transaction.on_commit(lambda: storage.delete(name))


def file_response(field_file, *, filename: str | None = None, as_attachment: bool = False):
    """Stream a stored file (local or S3) through the API, after the caller was authorized."""
    name = filename or field_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        field_file.storage.open(field_file.name, "rb"),
        as_attachment=as_attachment,
        filename=name,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
