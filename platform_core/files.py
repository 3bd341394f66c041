"""Checks for uploaded files: size first, then the type read from the content, never the name."""

import mimetypes
import secrets
import zipfile

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError

from .errors import PayloadTooLarge, UnsupportedMediaType

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
VIDEO_EXTENSIONS = {"mp4", "webm", "mov", "m4v"}


def _check_size(upload: UploadedFile, limit: int, what: str) -> None:
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLarge(f"{what} may be at most {limit // (1024 * 1024)} MB.")


def _head(upload: UploadedFile, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def validate_document(upload: UploadedFile) -> str:
    """Accept a PDF, a DOCX or plain UTF-8 text within RESUME_MAX_BYTES, judged by the bytes;
    return the extension (`pdf`, `docx`, `txt`). 413 when too large, 415 otherwise."""
    _check_size(upload, settings.RESUME_MAX_BYTES, "Resumes")
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        finally:
            upload.seek(0)
    elif head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "txt"
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return "txt"
    raise UnsupportedMediaType("Upload the resume as a PDF, a Word document (.docx) or plain text.")


def validate_video(upload: UploadedFile) -> str:
    """Accept an MP4, WebM or QuickTime video within VIDEO_MAX_BYTES; return its extension."""
    _check_size(upload, settings.VIDEO_MAX_BYTES, "Videos")
    kind = filetype.guess(_head(upload, 262))
    if kind is None or kind.extension not in VIDEO_EXTENSIONS:
        raise UnsupportedMediaType("Upload the video pitch as MP4, WebM or QuickTime.")
    return kind.extension


def validate_image(upload: UploadedFile) -> str:
    """Accept a PNG, JPEG or WebP image within IMAGE_MAX_BYTES; return its file extension.

    413 when too large, 415 when the bytes are not one of those images (an SVG, a PDF renamed
    `.png`, a truncated file).
    """
    _check_size(upload, settings.IMAGE_MAX_BYTES, "Images")
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


@deconstructible
class UploadTo:
    """`upload_to` for private files: `<folder>/<owner id>/<random>.<extension>`.

    The stored name keeps only the extension of the uploaded name (the type was checked from the
    bytes); `owner` names the attribute that groups a row's files (None: the folder alone).
    """

    def __init__(self, folder: str, owner: str | None = "user_id"):
        self.folder = folder
        self.owner = owner

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        parts = [self.folder]
        if self.owner:
            parts.append(str(getattr(instance, self.owner)))
        return "/".join([*parts, f"{secrets.token_hex(8)}.{extension}"])

    def __eq__(self, other):
        return isinstance(other, UploadTo) and (self.folder, self.owner) == (
            other.folder,
            other.owner,
        )


def replace_stored_file(field_file, filename: str, upload) -> None:
    """Store `upload` in `field_file` (without saving the row); the file it replaces is deleted
    once the transaction commits."""
    old_name = field_file.name
    field_file.save(filename, upload, save=False)
    if old_name:
        _delete_on_commit(field_file.storage, old_name)


def delete_file_on_commit(field_file) -> None:
    """Remove a stored file once the deletion of its row commits (a rollback keeps both)."""
    if field_file:
        _delete_on_commit(field_file.storage, field_file.name)


def _delete_on_commit(storage, name: str) -> None:
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
