"""Resume parsing: starting a `parse_resume` run, its handler, and the status read from runs.

The parse of a resume is a run of the core's run model (platform_core.runs), its `input_hash`
the resume's SHA-256. `parsing_status`, its progress and error are read from the latest run for
the profile's CURRENT resume, so there is no second state machine on the profile: a new resume
has no run yet (`not_parsed`), however many runs its predecessors had.

The handler asks the plugin serving `parse_resume` (RESUME_PARSER_PLUGIN, or the built-in
`resume_parser`) and stores `resume_data`, the plain text, the term counts and the disclosure
warnings on the profile only while the profile still holds the resume the run was started for.
A resume that cannot be read, or a plugin that fails or answers garbage, ends the run `failed`
with a message a person can act on, and the profile keeps what an earlier parse stored.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from platform_core.documents import ParsedResume, ResumeDocument, ResumeParseError
from platform_core.errors import FieldErrors
from platform_core.models import Run
from platform_core.plugins import NoProvider, provider
from platform_core.runs import RunContext, RunError, latest_run, start_run, subject_key

from .choices import ParsingStatus
from .disability_terms import disclosure_warnings, strip_terms, without_terms
from .documents import scrub
from .models import CandidateProfile

logger = logging.getLogger(__name__)

KIND = "parse_resume"
HOOK = "parse_resume"
# The stored name's extension (set from the file's content at upload) -> the document's.
EXTENSIONS: dict[str, Literal["pdf", "docx", "txt"]] = {"pdf": "pdf", "docx": "docx", "txt": "txt"}
# The annotation `visible_profiles` adds: the status of the latest run for the current resume.
STATUS_ANNOTATION = "parse_run_status"

STATUS_OF_RUN = {
    Run.Status.QUEUED: ParsingStatus.PARSING,
    Run.Status.RUNNING: ParsingStatus.PARSING,
    Run.Status.SUCCEEDED: ParsingStatus.PARSED,
    Run.Status.FAILED: ParsingStatus.FAILED,
}

REPLACED_MESSAGE = (
    "The resume was replaced while it was being parsed; the new one is parsed instead."
)
MISSING_FILE_MESSAGE = "The resume file could not be read from storage; upload it again."
NO_RESULT_MESSAGE = (
    "The resume parser could not read this file. Upload the resume as a PDF with selectable "
    "text, a DOCX or a plain-text file."
)


# --- status ---------------------------------------------------------------------------------------


def _current_runs() -> QuerySet[Run]:
    """Runs of the outer profile for its current resume, newest first (for a Subquery)."""
    subject_type = CandidateProfile._meta.label_lower
    return Run.objects.filter(
        kind=KIND,
        subject_type=subject_type,
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
        input_hash=OuterRef("resume_sha256"),
    ).order_by("-created_at", "-pk")


def with_parsing_status(profiles: QuerySet) -> QuerySet:
    """Annotate each profile with the status of its current resume's latest run, in the same
    query (a list of 100 profiles costs no query more than one of 1)."""
    return profiles.annotate(**{STATUS_ANNOTATION: Subquery(_current_runs().values("status")[:1])})


def current_run(profile: CandidateProfile) -> Run | None:
    """The latest parse run for the profile's current resume, or None (not parsed yet)."""
    if not profile.resume_sha256:
        return None
    kind_runs = Run.objects.filter(kind=KIND, input_hash=profile.resume_sha256)
    subject_type, subject_id = subject_key(profile)
    return (
        kind_runs.filter(subject_type=subject_type, subject_id=subject_id)
        .order_by("-created_at", "-pk")
        .first()
    )


def status_of(run_status: str | None) -> str:
    """`parsing_status` for a run status (None: no run for the current resume)."""
    status = _STATUS_VALUE_OF_RUN.get(run_status)
    if status is None:  # not a run status: Run.Status says so
        return STATUS_OF_RUN[Run.Status(str(run_status))].value
    return status


# The same by value, read for every profile of a list.
_STATUS_VALUE_OF_RUN: dict[str | None, str] = {
    None: ParsingStatus.NOT_PARSED.value,
    **{run.value: parsing.value for run, parsing in STATUS_OF_RUN.items()},
}


def parsing_status(profile: CandidateProfile) -> str:
    """The profile's `parsing_status`, from the annotation when the queryset has it."""
    if hasattr(profile, STATUS_ANNOTATION):
        return status_of(getattr(profile, STATUS_ANNOTATION))
    run = current_run(profile)
    return status_of(run.status if run else None)


@dataclass(frozen=True)
class ParsingState:
    """What `parsing-status/` answers (contract section 7)."""

    parsing_status: str
    progress: int
    error: str | None
    updated_at: datetime


def parsing_state(profile: CandidateProfile) -> ParsingState:
    """Status, progress (0-100), error and time of the latest change, from the current run."""
    run = current_run(profile)
    if run is None:
        return ParsingState(ParsingStatus.NOT_PARSED.value, 0, None, profile.updated_at)
    status = status_of(run.status)
    progress = 100 if status == ParsingStatus.PARSED else run.progress
    changed = run.finished_at or run.heartbeat_at or run.started_at or run.created_at
    return ParsingState(status, progress, run.error or None, changed)


def resume_file_exists(profile: CandidateProfile) -> bool:
    """Whether the profile names a resume and storage still has it."""
    name = profile.resume_file.name or ""
    return bool(name) and profile.resume_file.storage.exists(name)


def attach_own_warnings(viewer, profile) -> None:
    """On the candidate's own `full/`, set the `disclosure_warnings` FullProfileOut shows; for
    anyone else the profile gets none, and the key stays out of the response."""
    if profile.user_id == viewer.pk:
        profile.own_disclosure_warnings = profile.disclosure_warnings


# --- starting -------------------------------------------------------------------------------------


def resume_digest(profile: CandidateProfile) -> str:
    """The SHA-256 of the profile's resume ("" without one). A resume stored before digests
    were kept gets its digest computed from storage once, and saved."""
    if not profile.resume_file:
        return ""
    if profile.resume_sha256:
        return profile.resume_sha256
    digest = hashlib.sha256()
    try:
        with profile.resume_file.open("rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
    except Exception as exc:  # missing from storage: no resume to parse (a 400, not a 500)
        logger.warning("Resume of profile %s could not be read: %s", profile.pk, exc)
        return ""
    profile.resume_sha256 = digest.hexdigest()
    CandidateProfile.objects.filter(pk=profile.pk, resume_file=profile.resume_file.name).update(
        resume_sha256=profile.resume_sha256
    )
    return profile.resume_sha256


def start_parse(
    profile: CandidateProfile, *, force: bool = False, plugin: str | None = None
) -> tuple[Run, bool]:
    """Start (or reuse) the parse run of the profile's current resume: `(run, created)`.

    Without `force`, an active run for this resume is returned, and so is a successful one
    (unless it was made by another plugin than the one `plugin` names). The task is enqueued
    when the transaction commits. The caller checks there is a resume.
    """
    digest = resume_digest(profile)
    if plugin and not force:
        latest = latest_run(KIND, profile)
        force = (
            latest is not None
            and latest.status == Run.Status.SUCCEEDED
            and latest.input_hash == digest
            and latest.plugin != plugin
        )
    return start_run(KIND, profile, plugin=plugin or "", input_hash=digest, force=force)


# --- the run handler ------------------------------------------------------------------------------


def parse_resume_run(context: RunContext) -> None:
    """Parse the resume the run was started for and store the result on the profile.

    Registered for runs of kind `parse_resume` (CandidatesConfig.ready).
    """
    profile = context.subject
    assert isinstance(profile, CandidateProfile)  # runs of this kind are about profiles
    expected = context.run.input_hash
    if profile.resume_sha256 != expected or not profile.resume_file:
        raise RunError(REPLACED_MESSAGE)
    document = _document(profile)
    parser = _parser(context.run.plugin or None)
    context.set_plugin(parser.name, parser.version)
    context.progress(10)
    with context.keep_alive():  # a slow plugin is not taken for a dead worker
        result = _parse(parser, document)
    context.progress(90)
    values = stored_values(result, _names(profile, result))
    # The last check before writing: a run replaced or reaped meanwhile raises RunEnded here.
    context.progress(95)
    updated = CandidateProfile.objects.filter(pk=profile.pk, resume_sha256=expected).update(
        **values, updated_at=timezone.now()
    )
    if not updated:
        raise RunError(REPLACED_MESSAGE)


def _document(profile: CandidateProfile) -> ResumeDocument:
    name = profile.resume_file.name or ""
    extension = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if extension is None:
        raise RunError("The resume must be a PDF, DOCX or plain-text file; upload it again.")
    try:
        with profile.resume_file.open("rb") as stored:
            content = stored.read()
    except Exception as exc:  # a missing file: OSError locally, a client error on S3
        logger.warning("Resume %r of profile %s could not be read: %s", name, profile.pk, exc)
        raise RunError(MISSING_FILE_MESSAGE) from exc
    return ResumeDocument(filename=posixpath.basename(name), extension=extension, content=content)


def _parser(requested: str | None):
    try:
        return provider(HOOK, requested)
    except NoProvider as exc:
        raise RunError(f"No resume parser is installed ({exc}). Ask an administrator.") from exc
    except FieldErrors as exc:
        # The plugin a request named was uninstalled before the run started.
        raise RunError(
            f"The resume parser {requested!r} is no longer installed; start the parse again."
        ) from exc


def _parse(parser, document: ResumeDocument) -> ParsedResume:
    try:
        result = parser(document=document)
    except ResumeParseError as exc:
        raise RunError(exc.message) from exc
    except Exception as exc:
        # A bug in the plugin: its traceback goes to the log, the person gets what to do.
        logger.exception("Resume parser plugin %r raised on %s.", parser.name, document.filename)
        raise RunError(
            f"The resume parser ({parser.name}) failed on this file. Try again later, or upload "
            "the resume in another format (PDF, DOCX or plain text)."
        ) from exc
    if result is None:
        raise RunError(NO_RESULT_MESSAGE)
    if not isinstance(result, ParsedResume):
        logger.error(
            "Resume parser plugin %r returned %s, not a ParsedResume.",
            parser.name,
            type(result).__name__,
        )
        raise RunError(
            f"The resume parser ({parser.name}) returned no usable result. Ask an administrator "
            "to check the parser plugin."
        )
    return result


def _names(profile: CandidateProfile, result: ParsedResume) -> tuple[str, ...]:
    """The candidate's names: their account's and the one their resume gives."""
    user = profile.user
    info = result.resume_data.personal_info
    return (user.first_name, user.last_name, info.first_name, info.last_name, info.full_name)


def stored_values(result: ParsedResume, names: tuple[str, ...] = ()) -> dict[str, Any]:
    """The profile fields a parse writes; PostgreSQL text cannot hold NUL characters.

    `resume_text` is stored without contact details and without the candidate's `names`
    (documents.scrub): it is what search and ranking read, and scrubbing it once here keeps a
    ranking of 10,000 applicants from scrubbing 10,000 resumes. It and `resume_terms` are also
    stored without the words of the disability vocabulary (apps/candidates/disability_terms.py),
    so no employer search and no ranking feature keys on them; `disclosure_warnings` tells the
    candidate which passages of their file name them. `resume_data` stays as parsed: it is the
    candidate's own, and the document plugins receive filters its summary and skills."""
    try:
        # Validated again: a plugin may have built its result with `model_construct`.
        checked = ParsedResume.model_validate(result.model_dump())
    except ValueError as exc:
        raise RunError(
            "The resume parser returned data in the wrong shape. Ask an administrator to check "
            "the parser plugin."
        ) from exc
    text = checked.text.replace("\x00", "")
    resume_data = _without_nul(checked.resume_data.model_dump(mode="json"))
    terms = {
        term.replace("\x00", ""): count
        for term, count in checked.term_counts.items()
        if term.replace("\x00", "")
    }
    return {
        "resume_data": resume_data,
        "resume_text": strip_terms(scrub(text, names)),
        "resume_terms": without_terms(terms, text),
        "disclosure_warnings": disclosure_warnings(text, resume_sections(resume_data)),
    }


# The strings of each section of `resume_data` (contract section 7), for `disclosure_warnings`.
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": (),
    "skills": (),
    "work_experience": ("role", "company", "description", "location"),
    "education": ("institution", "degree", "field_of_study"),
    "projects": ("project_name", "description"),
    "certifications": ("name", "issuing_organization"),
    "languages": ("language",),
    "achievements": ("title", "description"),
}


def resume_sections(resume_data: Any) -> dict[str, list[str]]:
    """Section name -> its strings, from a stored `resume_data` (anything else: no section)."""
    data = resume_data if isinstance(resume_data, dict) else {}
    sections: dict[str, list[str]] = {}
    for name, fields in SECTION_FIELDS.items():
        value = data.get(name)
        items = value if isinstance(value, list) else [value]
        strings = []
        for item in items:
            if isinstance(item, str):
                strings.append(item)
            elif isinstance(item, dict):
                strings += [item[key] for key in fields if isinstance(item.get(key), str)]
        sections[name] = [string for string in strings if string]
    return sections


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value
