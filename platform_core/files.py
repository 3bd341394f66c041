"""Uploaded and stored files: checks (size first, then the type read from the content, never the
name), upload paths, replacement and deletion tied to transactions, and authorized downloads.

A file freed by a committed change (replaced, cleared, or its row deleted) is deleted after the
commit; one the storage refuses then is retried by the `delete_stored_files` task
(platform_core.tasks), so an outage of the storage neither fails the committed request nor leaves
the file stored for good.
"""

import logging
import mimetypes
import os
import secrets
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

import filetype
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from PIL import Image, UnidentifiedImageError

from .errors import NotFound, PayloadTooLarge, UnsupportedMediaType

logger = logging.getLogger(__name__)

MISSING_FILE = "The file is no longer available."
MISSING_S3_CODES = frozenset({"NoSuchKey", "404", "NotFound"})
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


# The files stored inside each open `replacing_files()` block, innermost last.
_stored_in_block: ContextVar[tuple[list, ...]] = ContextVar("stored_in_block", default=())


@contextmanager
def replacing_files() -> Iterator[None]:
    """`transaction.atomic()` for a change that stores files on a row.

    Inside it, re-read the row with `select_for_update()`, store with `replace_stored_file` (or
    clear with `clear_stored_file`) and save: the files replaced are deleted only once the
    transaction commits, and concurrent replacements of the same row queue behind the lock, so
    each deletes the file the previous one stored and no file is left orphaned. If the block
    fails, the files it stored are deleted again, as the row never points at them. (An outer
    transaction rolled back after this block commits its savepoint keeps them: open this block
    outermost.)
    """
    stored: list[tuple[Any, str]] = []
    token = _stored_in_block.set((*_stored_in_block.get(), stored))
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in stored:
            _delete_quietly(storage, name)
        raise
    finally:
        _stored_in_block.reset(token)


def replace_stored_file(field_file, filename: str, upload) -> None:
    """Store `upload` in `field_file` (without saving the row); the file it replaces is deleted
    once the transaction commits. Call it inside `replacing_files()` on a locked row."""
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the "on commit" delete of the old file would run at once,
        # before the row names the new one.
        raise RuntimeError("replace_stored_file() must run inside replacing_files().")
    old_name = field_file.name
    field_file.save(filename, upload, save=False)
    blocks = _stored_in_block.get()
    if blocks:
        blocks[-1].append((field_file.storage, field_file.name))
    if old_name:
        _delete_on_commit(field_file.storage, old_name, "Replaced file")


def clear_stored_file(field_file) -> bool:
    """Empty `field_file` (without saving the row); its file is deleted once the transaction
    commits. Returns whether there was a file."""
    if not field_file:
        return False
    _delete_on_commit(field_file.storage, field_file.name, "Removed file")
    field_file.name = ""
    return True


def delete_file_on_commit(field_file) -> None:
    """Remove a stored file once the deletion of its row commits (a rollback keeps both)."""
    if field_file:
        _delete_on_commit(field_file.storage, field_file.name, "File of a deleted row")


def _delete_on_commit(storage: Storage, name: str, purpose: str) -> None:
    transaction.on_commit(lambda: delete_now_or_retry([(storage, name)], purpose))


def delete_now_or_retry(files: Iterable[tuple[Storage, str]], purpose: str) -> None:
    """Delete stored `files` after the commit that freed them; never raises, as that change
    stands. What the storage refuses is queued for the `delete_stored_files` task, which retries;
    what cannot be queued (the queue down too, or a storage with no STORAGES alias) is logged at
    ERROR with the names, to be deleted by hand. `purpose` starts every log line: what the files
    were for ("Erasure", "Replaced file")."""
    by_storage: dict[str, list[str]] = defaultdict(list)
    unknown: list[str] = []
    for storage, name in files:
        if delete_file(storage, name, purpose):
            continue
        alias = storage_alias(storage)
        if alias is None:
            unknown.append(name)
        else:
            by_storage[alias].append(name)
    if unknown:
        logger.error(
            "%s: could not delete %d stored file(s) from a storage with no STORAGES alias, "
            "so no task can retry them; delete them by hand: %s",
            purpose,
            len(unknown),
            ", ".join(unknown),
        )
    for alias, names in by_storage.items():
        _retry_later(alias, names, purpose)


def _retry_later(alias: str, names: list[str], purpose: str) -> None:
    from .tasks import delete_stored_files  # tasks imports this module

    try:
        delete_stored_files(names, alias, purpose)
    except Exception:  # the queue itself does not answer
        logger.exception(
            "%s: could not queue the deletion of %d stored file(s) from storage %r; "
            "delete them by hand: %s",
            purpose,
            len(names),
            alias,
            ", ".join(names),
        )


def delete_file(storage: Storage, name: str, purpose: str) -> bool:
    """Delete one stored file (a missing one counts as deleted) and, on local storage, its
    folder once empty (folders are named by owner id); whether it worked. A refusal is logged
    as a warning starting with `purpose`."""
    try:
        storage.delete(name)
    except Exception:
        logger.warning("%s: the storage did not delete %s.", purpose, name, exc_info=True)
        return False
    if isinstance(storage, FileSystemStorage):
        folder = os.path.dirname(storage.path(name))
        if os.path.abspath(folder) != os.path.abspath(storage.location):
            with suppress(OSError):  # not empty, or already gone
                os.rmdir(folder)
    return True


def delete_files(storage: Storage, names: Iterable[str], purpose: str) -> list[str]:
    """Delete `names` from `storage`; the names it could not delete."""
    return [name for name in names if not delete_file(storage, name, purpose)]


def storage_alias(storage: Storage) -> str | None:
    """The STORAGES alias of `storage` (a task takes the alias, not the object), or None."""
    if storage is default_storage:
        return "default"
    for alias in settings.STORAGES:
        if storages[alias] is storage:
            return alias
    return None


def _delete_quietly(storage, name: str) -> None:
    # Cleaning up after a failure must not hide the failure itself.
    try:
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete the stored file %s after a rollback", name)


def is_missing_file(exc: Exception) -> bool:
    """Whether a storage error means the file is gone: FileNotFoundError (local storage, and
    django-storages' S3 open) or botocore's ClientError NoSuchKey/404 (an S3 read)."""
    if isinstance(exc, FileNotFoundError):
        return True
    error = getattr(exc, "response", None)
    if isinstance(error, dict):
        return str(error.get("Error", {}).get("Code", "")) in MISSING_S3_CODES
    return False


def file_response(field_file, *, filename: str | None = None, as_attachment: bool = False):
    """Stream a stored file (local or S3) through the API, after the caller was authorized.

    A file the row names but storage no longer holds answers 404 `{"detail": MISSING_FILE}`.
    """
    name = filename or field_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = None
    try:
        stored = field_file.storage.open(field_file.name, "rb")
        # FileResponse reads the file's position and size: an S3 object is fetched here.
        response = FileResponse(
            stored, as_attachment=as_attachment, filename=name, content_type=content_type
        )
    except Exception as exc:
        if stored is not None:
            stored.close()
        if not is_missing_file(exc):
            raise
        logger.warning("Stored file %s is missing", field_file.name)
        raise NotFound(MISSING_FILE) from exc
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
