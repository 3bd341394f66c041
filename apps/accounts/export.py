"""A user's own data as one zip archive: GDPR art. 15 (access) and art. 20 (portability).

`GET users/me/export/` answers `build_export(user)` streamed by `stream_archive`:

- `files/...`: every file stored for the user (resume, video pitch, avatar, feedback
  attachments), read through the storage API (`storage.open`) in `CHUNK_SIZE` pieces, so local
  files and S3 alike never sit whole in memory; the zip is written into a small buffer whose
  bytes are yielded and dropped as they are produced (ZIP64, data descriptors: the response is
  not seekable);
- `data.json`, last: every row about the user (see `collect`), plus `files`, what the archive
  holds, and `missing_files`, any file the rows name that storage no longer had.

Consistent snapshot: every row is read by `build_export`, inside one transaction (REPEATABLE READ
on PostgreSQL; on SQLite a transaction reads one WAL snapshot), before the first byte is streamed.
A parse or an upload that commits while the files stream changes nothing in `data.json`; a file
it replaced and deleted meanwhile is listed in `missing_files`.

The accounts app is the one the others build on: it reads their rows here, at call time, as it
reads their roles (ROLE_RELATIONS), and writes none. The user's own disability fields are in it:
they are the user's data. Password hashes, verification codes, reset tokens and throttle
counters are not (secrets, or about the service rather than the person).
"""

import datetime as dt
import json
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from platform_core.files import is_missing_file
from platform_core.runs import subject_key

from .models import Feedback, Profile, User

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
DATA_FILE = "data.json"
# The password hash is never exported.
USER_FIELDS_LEFT_OUT = frozenset({"password"})
NO_NAME = {"first_name": "", "last_name": ""}
# The folder under `files/` of each file column (by its name; another column's name is its own).
FILE_FOLDERS = {"resume_file": "resume", "attachment": "feedback"}


@dataclass(frozen=True)
class ExportFile:
    """A stored file the archive carries: where storage keeps it, where the archive puts it."""

    storage: Any
    name: str
    path: str


@dataclass
class Export:
    """What `build_export` read: the rows (data.json without its file list) and the files."""

    data: dict
    files: list[ExportFile] = field(default_factory=list)
    exported_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def filename(self) -> str:
        return f"enabled-talent-export-{self.exported_at.date().isoformat()}.zip"


# --- reading the rows -----------------------------------------------------------------------------


@contextmanager
def snapshot() -> Iterator[None]:
    """One transaction for every read; REPEATABLE READ on PostgreSQL when it is the outermost
    (inside an outer transaction, a test's, the level is already set and cannot change)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Files:
    """Collects the stored files the rows name, each under a unique archive path."""

    def __init__(self) -> None:
        self.files: list[ExportFile] = []

    def add(self, field_file: FieldFile, folder: str, prefix: str = "") -> str | None:
        """The archive path of `field_file` (None when the row names no file)."""
        if not field_file:
            return None
        name = str(field_file.name)
        path = f"files/{folder}/{prefix}{name.rsplit('/', 1)[-1]}"
        self.files.append(ExportFile(field_file.storage, name, path))
        return path


def _row(instance: models.Model, files: _Files, *, leave_out=()) -> dict:
    """The instance's own columns (not its foreign keys), dates as ISO 8601; a file column is
    the file's path in the archive (null when there is none)."""
    row: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation or model_field.name in leave_out:
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(value, FieldFile):
            folder = FILE_FOLDERS.get(model_field.name, model_field.name)
            # Feedback has many attachments: the row's id keeps their paths apart and findable.
            prefix = f"{instance.pk}-" if folder == "feedback" else ""
            row[model_field.name] = files.add(value, folder, prefix)
        else:
            row[model_field.name] = _plain(value)
    return row


def _organization(organization) -> dict | None:
    return None if organization is None else {"id": organization.pk, "name": organization.name}


def _person(user) -> dict | None:
    return None if user is None else {"first_name": user.first_name, "last_name": user.last_name}


def _job(job) -> dict:
    return {"id": job.pk, "title": job.title, "organization": _organization(job.organization)}


def _candidate_sections(user: User, files: _Files) -> dict:
    """The candidate profile, its records, applications, invites, runs and disclosure log."""
    from apps.candidates.models import CandidateProfile, DisclosureEvent
    from apps.jobs.models import Application, JobInvite
    from platform_core.models import Run

    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is None:
        return {
            "candidate_profile": None,
            "records": {},
            "applications": [],
            "job_invites": [],
            "runs": [],
            "disclosure_log": [],
        }
    records = {
        relation.name: [
            _row(record, files)
            for record in relation.related_model.objects.filter(profile=profile).order_by("id")
        ]
        for relation in _record_relations()
    }
    applications = Application.objects.filter(candidate=profile).select_related("job__organization")
    invites = JobInvite.objects.filter(candidate=profile).select_related(
        "job__organization", "invited_by"
    )
    subject_type, subject_id = subject_key(profile)
    runs = Run.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("id")
    events = DisclosureEvent.objects.filter(profile=profile).select_related(
        "viewer", "organization"
    )
    return {
        "candidate_profile": _row(profile, files),
        "records": records,
        "applications": [
            {**_row(application, files), "job": _job(application.job)}
            for application in applications
        ],
        "job_invites": [
            {
                **_row(invite, files, leave_out={"token"}),
                "status": invite.current_status,
                "job": _job(invite.job),
                "invited_by": _person(invite.invited_by),
            }
            for invite in invites
        ],
        "runs": [
            _row(run, files, leave_out={"subject_type", "subject_id", "task_id", "input_hash"})
            for run in runs
        ],
        "disclosure_log": [
            {
                "id": event.pk,
                "organization": _organization(event.organization),
                # A deleted viewer: still a row, with empty names and the role it had.
                "viewer": {**(_person(event.viewer) or NO_NAME), "role": event.role},
                "endpoint": event.endpoint,
                "fields": event.fields,
                "seen_at": _plain(event.seen_at),
            }
            for event in events
        ],
    }


def _record_relations() -> list:
    """The profile's record tables (education, skills, ...): every reverse relation to a
    `Record` subclass, so a new kind of record is exported without a change here."""
    from apps.candidates.models import CandidateProfile, Record

    return [
        relation
        for relation in CandidateProfile._meta.related_objects
        if issubclass(relation.related_model, Record)
    ]


def _authored_sections(user: User, files: _Files) -> dict:
    """What the user wrote: notes (their own and, as an employer, on candidates), coach and
    prompt threads with every message."""
    from apps.candidates.models import CoachThread, Note

    notes = Note.objects.filter(author=user).select_related("profile", "organization")
    threads = (
        CoachThread.objects.filter(user=user)
        .select_related("subject")
        .prefetch_related("messages")
        .order_by("id")
    )
    return {
        "notes": [
            {
                **_row(note, files),
                "profile": note.profile.slug,
                "organization": _organization(note.organization),
            }
            for note in notes
        ],
        "coach_threads": [
            {
                **_row(thread, files),
                "subject": thread.subject.slug if thread.subject else None,
                "messages": [_row(message, files) for message in thread.messages.all()],
            }
            for thread in threads
        ],
    }


def _membership_section(user: User) -> dict | None:
    from apps.organizations.models import Membership

    membership = Membership.objects.filter(user=user).select_related("organization").first()
    if membership is None:
        return None
    return {
        "organization": _organization(membership.organization),
        "role": membership.role,
        "created_at": _plain(membership.created_at),
    }


def collect(user: User, files: _Files, exported_at: dt.datetime) -> dict:
    """Every row about `user`, as data.json holds it (without `files`, added while streaming).

    A constant number of queries, whatever the number of rows: one per table.
    """
    account = User.objects.get(pk=user.pk)
    profile = Profile.objects.filter(user=account).first()
    feedback = Feedback.objects.filter(user=account).order_by("id")
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(exported_at),
        "user": _row(account, files, leave_out=USER_FIELDS_LEFT_OUT),
        "profile": None if profile is None else _row(profile, files),
        "feedback": [_row(item, files) for item in feedback],
        **_candidate_sections(account, files),
        **_authored_sections(account, files),
        "organization_membership": _membership_section(account),
    }


def build_export(user: User) -> Export:
    """Read every row of `user`'s export in one snapshot (see the module docstring)."""
    exported_at = timezone.now()
    files = _Files()
    with snapshot():
        data = collect(user, files, exported_at)
    if files.files:
        # Storage is asked once before the response starts: one that does not answer fails
        # here, as a 503 (platform_core.errors), instead of cutting the archive short.
        first = files.files[0]
        first.storage.exists(first.name)
    return Export(data=data, files=files.files, exported_at=exported_at)


# --- writing the archive --------------------------------------------------------------------------


class _Buffer:
    """A write-only stream for zipfile: it keeps what was written until `take` hands it over.
    Not seekable, so zipfile writes data descriptors instead of going back."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _entry(path: str, when: dt.datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=when.timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o600 << 16
    return info


def _open_stored(item: ExportFile):
    """The stored file opened for reading, or None when storage no longer has it."""
    try:
        return item.storage.open(item.name, "rb")
    except Exception as exc:
        if not is_missing_file(exc):
            raise
        logger.warning("Export: stored file %s is missing", item.name)
        return None


def _copy_file(archive: zipfile.ZipFile, buffer: _Buffer, item: ExportFile, when, listed: dict):
    """Copy one stored file into the archive in chunks, yielding the zipped bytes as they come;
    note it in `listed["files"]`, or in `listed["missing_files"]` when storage lacks it."""
    stored = _open_stored(item)
    if stored is None:
        listed["missing_files"].append(item.path)
        return
    size = 0
    try:
        # Stored, not deflated: PDFs, videos and images are compressed already.
        entry = _entry(item.path, when, zipfile.ZIP_STORED)
        with archive.open(entry, "w", force_zip64=True) as out:
            while chunk := stored.read(CHUNK_SIZE):
                out.write(chunk)
                size += len(chunk)
                yield buffer.take()
    finally:
        stored.close()
    listed["files"].append({"path": item.path, "size": size})


def stream_archive(export: Export) -> Iterator[bytes]:
    """The zip archive of `export`, produced piece by piece (a StreamingHttpResponse's body)."""
    buffer = _Buffer()
    when = export.exported_at.astimezone(dt.UTC)
    listed: dict[str, list] = {"files": [], "missing_files": []}
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        for item in export.files:
            yield from _copy_file(archive, buffer, item, when, listed)
        with archive.open(_entry(DATA_FILE, when, zipfile.ZIP_DEFLATED), "w") as out:
            out.write(_json_bytes({**export.data, **listed}))
        yield buffer.take()
    yield buffer.take()  # the central directory, written on close


def _json_bytes(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
