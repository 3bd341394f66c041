"""Ranking a job's applicants: the `rank_candidates` run, its handler, and what ranking-data reads.

A ranking is a run of the core's run model (platform_core.runs) whose subject is the job. The
job's `ranking_status` and `ranking_task_id` are read from its latest run (an annotation of the
job querysets), so there is no second state machine; the last GOOD ranking is a `Ranking` row,
written only when a run succeeds, so a failed run leaves the previous ranking readable.

The handler builds the plain data the plugin receives (`JobDocument`, `CandidateDocument`s from
apps/candidates/documents.py: nothing about who a candidate is, nothing about disability) for
every current applicant, asks the plugin the request or `RANKING_PLUGIN` names, checks the answer
(one `RankedCandidate` per applicant) and stores it. Its cost in queries does not grow with the
number of applicants.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, NotRequired

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from apps.candidates.documents import candidate_documents
from apps.candidates.models import CandidateProfile
from platform_core.documents import JobDocument, RankedCandidate
from platform_core.errors import FieldErrors
from platform_core.models import Run
from platform_core.plugins import NoProvider, Provider, provider
from platform_core.runs import RunContext, RunError, latest_run, start_run
from platform_core.terms import count_terms

from .models import Application, ApplicationStatus, JobPost, Ranking

logger = logging.getLogger(__name__)

KIND = "rank_candidates"
HOOK = "rank_candidates"
STATUS_ANNOTATION = "rank_run_status"
TASK_ANNOTATION = "rank_run_task_id"

NOT_RANKED, RANKING, RANKED, FAILED = "not_ranked", "ranking", "ranked", "failed"
STATUS_OF_RUN = {
    Run.Status.QUEUED: RANKING,
    Run.Status.RUNNING: RANKING,
    Run.Status.SUCCEEDED: RANKED,
    Run.Status.FAILED: FAILED,
}
WORK_MODES = {1: "onsite", 2: "remote", 3: "hybrid"}
JOB_TYPES = {
    1: "full-time",
    2: "part-time",
    3: "contract",
    4: "temporary",
    5: "internship",
    6: "volunteer",
    7: "other",
}
UNRANKED_REASON = "Applied after the last ranking: rank the candidates again to score them."


class _Entry(TypedDict):
    """A `RankedCandidate` as plain data: the plugin's answer is validated again into these
    (a plugin may hand back dicts or `model_construct`ed objects), at half the cost of models."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    candidate_id: int
    score: Annotated[float, Field(ge=0, le=100)]
    reasons: NotRequired[list[str]]
    breakdown: NotRequired[dict[str, float | int | str | list[str]]]


_RANKED_LIST = TypeAdapter(list[_Entry])


# --- status ---------------------------------------------------------------------------------------


def _job_runs() -> QuerySet[Run]:
    return Run.objects.filter(
        kind=KIND,
        subject_type=JobPost._meta.label_lower,
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("-created_at", "-pk")


def with_ranking_status(jobs: QuerySet, *, task_id: bool = True) -> QuerySet:
    """Annotate each job with its latest ranking run's status and (unless `task_id` is False:
    the public view has no task id) the run's task id, in the same query."""
    runs = _job_runs()
    annotations = {STATUS_ANNOTATION: Subquery(runs.values("status")[:1])}
    if task_id:
        annotations[TASK_ANNOTATION] = Subquery(runs.values("task_id")[:1])
    return jobs.annotate(**annotations)


def status_of(run_status: str | None) -> str:
    """`ranking_status` for a run status (None: never ranked)."""
    return STATUS_OF_RUN[Run.Status(run_status)] if run_status else NOT_RANKED


def ranking_status(job: JobPost) -> str:
    if hasattr(job, STATUS_ANNOTATION):
        return status_of(getattr(job, STATUS_ANNOTATION))
    run = latest_run(KIND, job)
    return status_of(run.status if run else None)


def ranking_task_id(job: JobPost) -> str:
    if hasattr(job, TASK_ANNOTATION):
        return getattr(job, TASK_ANNOTATION) or ""
    run = latest_run(KIND, job)
    return run.task_id if run else ""


# --- starting -------------------------------------------------------------------------------------


def start_ranking(job: JobPost, plugin: str | None = None) -> tuple[Run, bool]:
    """Start a ranking of the job's applicants, or return the one in progress: `(run, created)`.
    A run that ended never blocks a new one: applicants and their profiles change."""
    return start_run(KIND, job, plugin=plugin or "")


# --- the run handler ------------------------------------------------------------------------------


def rank_candidates_run(context: RunContext) -> None:
    """Rank every current applicant of the job and store the ranking.

    Registered for runs of kind `rank_candidates` (JobsConfig.ready).
    """
    job = context.subject
    assert isinstance(job, JobPost)  # runs of this kind are about jobs
    ranker = _ranker(context.run.plugin or None)
    context.set_plugin(ranker.name, ranker.version)
    context.progress(5)
    job_document = job_document_of(job)
    current = Application.objects.filter(job=job).exclude(status=ApplicationStatus.WITHDRAWN)
    applications = dict(current.values_list("candidate_id", "pk"))
    # By subquery, not by a list of ids: the cost does not grow with the pool.
    profiles = CandidateProfile.objects.filter(pk__in=current.values("candidate_id"))
    with _collection_paused() as loaded:
        candidates = candidate_documents(profiles, applications) if applications else []
        loaded()
        context.progress(30)
        ranked = _call(context, ranker, job_document, candidates)
        context.progress(90)
        entries = _entries(ranker, ranked, applications)
        # The last check before writing: a run replaced or reaped meanwhile raises RunEnded here.
        context.progress(95)
        with transaction.atomic():
            # The job's row is locked as an erasure (apps/accounts/erasure.py) locks the jobs of
            # the applications it deletes: a candidate erased while this run worked is left out
            # here, or their entry, written first, is removed by the erasure.
            list(JobPost.objects.select_for_update().filter(pk=job.pk).values_list("pk"))
            still = set(current.values_list("candidate_id", flat=True))
            entries = [entry for entry in entries if entry["candidate_id"] in still]
            Ranking.objects.update_or_create(
                job=job,
                defaults={
                    "run": context.run,
                    "plugin": ranker.name,
                    "plugin_version": ranker.version,
                    "entries": entries,
                    "ranked_count": len(entries),
                    "created_at": timezone.now(),
                },
            )


@contextmanager
def _collection_paused() -> Iterator[Callable[[], None]]:
    """No garbage collection while the pool loads, and the loaded pool frozen (`gc.freeze`) for
    the rest of the run: 10,000 documents are millions of long-lived objects, and each full
    collection walks all of them. Measured at 10,000 applicants, collections took a quarter of
    the scoring and more than half of checking the plugin's answer. Call the yielded function
    once the pool is loaded; collection resumes as it was when the run ends."""
    enabled = gc.isenabled()
    frozen = False

    def loaded() -> None:
        nonlocal frozen
        gc.freeze()
        frozen = True
        if enabled:
            gc.enable()

    gc.disable()
    try:
        yield loaded
    finally:
        if frozen:
            gc.unfreeze()
        if enabled:
            gc.enable()


def job_document_of(job: JobPost) -> JobDocument:
    """The job as plugins see it: its public fields and the term counts of its text."""
    skills = [skill.name for skill in job.skills.all()]
    return JobDocument(
        id=job.pk,
        title=job.title,
        description=job.job_desc,
        skills=skills,
        location=job.location,
        workplace_type=WORK_MODES.get(job.workplace_type, "onsite"),  # type: ignore[arg-type]
        job_type=JOB_TYPES.get(job.job_type, "other"),  # type: ignore[arg-type]
        visa_required=job.visa_required,
        terms=count_terms(f"{job.title}\n{job.title}\n{job.job_desc}", skills),
    )


def _ranker(requested: str | None) -> Provider:
    try:
        return provider(HOOK, requested)
    except NoProvider as exc:
        raise RunError(f"No ranking plugin is installed ({exc}). Ask an administrator.") from exc
    except FieldErrors as exc:
        raise RunError(
            f"The ranking plugin {requested!r} is no longer installed; rank the candidates again."
        ) from exc


def _call(context: RunContext, ranker: Provider, job: JobDocument, candidates: list) -> Any:
    """Call the plugin in a thread, so one that hangs ends the run after RANKING_TIMEOUT seconds
    instead of holding the worker; heartbeats keep the run alive meanwhile."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = ranker(job=job, candidates=candidates)
        except BaseException as exc:  # handed to the worker thread below
            outcome["error"] = exc

    timeout = settings.RANKING_TIMEOUT
    thread = threading.Thread(target=work, name=f"run-{context.run.pk}-ranker", daemon=True)
    with context.keep_alive():
        thread.start()
        thread.join(timeout)
    if thread.is_alive():
        logger.error("Ranking plugin %r did not answer within %s s.", ranker.name, timeout)
        raise RunError(
            f"The ranking plugin ({ranker.name}) did not answer within {timeout:g} seconds. "
            "Try again later, or ask an administrator to check the plugin."
        )
    if "error" in outcome:
        error = outcome["error"]
        logger.error("Ranking plugin %r raised.", ranker.name, exc_info=error)
        raise RunError(
            f"The ranking plugin ({ranker.name}) failed on this job. Try again later, or ask an "
            "administrator to check the plugin."
        ) from error
    return outcome.get("result")


def _garbage(ranker: Provider, why: str) -> RunError:
    logger.error("Ranking plugin %r returned an unusable ranking: %s", ranker.name, why)
    return RunError(
        f"The ranking plugin ({ranker.name}) returned no usable ranking ({why}). Ask an "
        "administrator to check the plugin."
    )


def _entries(ranker: Provider, ranked: Any, applications: dict[int, int]) -> list[dict]:
    """The stored entries, best first: exactly one per applicant, or the run fails."""
    if ranked is None:
        raise _garbage(ranker, "it answered nothing")
    if not isinstance(ranked, list):
        raise _garbage(ranker, f"a {type(ranked).__name__}, not a list")
    try:
        # Validated again: a plugin may hand back dicts or `model_construct`ed objects.
        checked = _RANKED_LIST.validate_python(
            [item.__dict__ if isinstance(item, RankedCandidate) else item for item in ranked]
        )
    except ValidationError as exc:
        raise _garbage(ranker, f"{exc.error_count()} invalid entries") from exc
    ids = [item["candidate_id"] for item in checked]
    if len(set(ids)) != len(ids) or set(ids) != set(applications):
        raise _garbage(
            ranker, f"{len(set(ids) & set(applications))} of {len(applications)} applicants"
        )
    return [
        {
            "candidate_id": item["candidate_id"],
            "application_id": applications[item["candidate_id"]],
            "score": round(item["score"], 1),
            "reasons": [reason[:500] for reason in item.get("reasons", [])[:20]],
            "breakdown": item.get("breakdown", {}),
        }
        for item in checked
    ]


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingData:
    """What `ranking-data/` answers (contract section 8)."""

    ranking_status: str
    ranking_task_id: str
    progress: int
    error: str | None
    ranker: dict[str, str]
    last_updated: datetime | None
    ranked_candidates: list[dict[str, Any]]


def ranking_data(job: JobPost) -> RankingData:
    """The latest run's status and the last good ranking, limited to the current applicants
    (every one exactly once: those who applied after it come last, unscored)."""
    run = latest_run(KIND, job)
    ranking = Ranking.objects.filter(job=job).first()
    current = {
        candidate_id: (application_id, slug, status)
        for candidate_id, application_id, slug, status in Application.objects.filter(job=job)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .order_by("applied_at", "pk")
        .values_list("candidate_id", "pk", "candidate__slug", "status")
    }
    listed: list[dict[str, Any]] = []
    for entry in ranking.entries if ranking else []:
        found = current.pop(entry["candidate_id"], None)
        if found is None:
            continue  # withdrew (or was deleted) since the ranking
        application_id, slug, status = found
        listed.append(
            {
                **entry,
                "candidate_slug": slug,
                "application_id": application_id,
                "application_status": status,
            }
        )
    if ranking is not None:
        listed.extend(
            {
                "candidate_id": candidate_id,
                "candidate_slug": slug,
                "application_id": application_id,
                "application_status": status,
                "score": 0.0,
                "reasons": [UNRANKED_REASON],
                "breakdown": {},
            }
            for candidate_id, (application_id, slug, status) in current.items()
        )
    status = status_of(run.status if run else None)
    if ranking is not None:
        ranker = {"plugin": ranking.plugin, "version": ranking.plugin_version}
    elif run is not None and run.plugin:
        ranker = {"plugin": run.plugin, "version": run.plugin_version}
    else:
        ranker = _configured_ranker()
    return RankingData(
        ranking_status=status,
        ranking_task_id=run.task_id if run else "",
        progress=100 if status == RANKED else (run.progress if run else 0),
        error=(run.error or None) if run else None,
        ranker=ranker,
        last_updated=ranking.created_at if ranking else None,
        ranked_candidates=listed,
    )


def _configured_ranker() -> dict[str, str]:
    try:
        chosen = provider(HOOK)
    except NoProvider:
        return {"plugin": "", "version": ""}
    return {"plugin": chosen.name, "version": chosen.version}
