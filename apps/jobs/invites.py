"""Job invitations and the selected candidates of an organization (issue 15, contract section 12).

An employer invites a candidate they may see (contract section 6) to apply to one of their open
jobs; the candidate is emailed a link with the invite's token and answers with it. Accepting
applies the candidate as `apply/` does, in the same transaction as the answer; an invite row is
locked while it is answered or withdrawn, so of two concurrent answers (or an answer and a
withdrawal) exactly one wins. A pending invite past `expires_at` reads as `expired`.

The selected candidates of an organization are the applications to its jobs that came through an
accepted invite or were shortlisted or hired; a later rejection or withdrawal removes them.
"""

import secrets
from collections.abc import Iterable
from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.candidates.disclosure import employer_scope
from apps.candidates.experience import covered_years, years_text
from apps.candidates.models import CandidateProfile, WorkExperience
from apps.organizations.services import employer_organization_id
from platform_core.errors import BadRequest, Conflict, Forbidden, NotFound
from platform_core.pagination import MAX_PAGE_SIZE, PageParams
from platform_core.schemas import absolute_url
from platform_core.tasks import email_on_commit

from . import services
from .models import (
    Application,
    ApplicationStatus,
    InviteStatus,
    JobInvite,
    JobPost,
    JobStatus,
    Ranking,
)

INVITE_TTL = timedelta(days=14)
SELECTED_STATUSES = (ApplicationStatus.SHORTLISTED, ApplicationStatus.HIRED)


# --- scoped querysets ---------------------------------------------------------------------------


def candidate_invites(user: User) -> QuerySet:
    """The caller's invites, newest first, with the job and organization their list shows."""
    return JobInvite.objects.filter(candidate__user=user).select_related("job", "job__organization")


def job_invites(job: JobPost) -> QuerySet:
    """A managed job's invites, newest first, withdrawn ones included."""
    return JobInvite.objects.filter(job=job).select_related("candidate")


# --- inviting -----------------------------------------------------------------------------------


def invite(user: User, job_id: int, candidate_id: int) -> JobInvite:
    """Invite a candidate the caller may see to an open job of the caller's organization.

    Non-members get 403 on an open job and 404 on any other (as for every managing action); the
    caller's own draft is 404 and own closed job 400. A candidate the caller may not see is 404
    exactly as an unknown id. A second pending invite for the same job and candidate is 409.
    """
    job = services.managed_job(user, job_id)
    if job.status == JobStatus.DRAFT:
        raise NotFound()
    if job.status == JobStatus.CLOSED:
        raise BadRequest("This job is closed: open it again before inviting candidates.")
    scope = employer_scope(user)
    assert scope is not None  # managed_job let only members through
    candidate = (
        CandidateProfile.objects.filter(scope, pk=candidate_id).select_related("user").first()
    )
    if candidate is None:
        raise NotFound()
    now = timezone.now()
    with transaction.atomic():
        # An expired invite no longer blocks a new one (the unique constraint counts pending rows).
        JobInvite.objects.filter(
            job=job, candidate=candidate, status=InviteStatus.PENDING, expires_at__lte=now
        ).update(status=InviteStatus.EXPIRED)
        try:
            with transaction.atomic():
                created = JobInvite.objects.create(
                    job=job,
                    candidate=candidate,
                    invited_by=user,
                    token=secrets.token_urlsafe(32),
                    expires_at=now + INVITE_TTL,
                )
        except IntegrityError as exc:
            raise Conflict("This candidate already has a pending invitation to this job.") from exc
        _email_invite(created, job, candidate)
    return created


def _email_invite(invite: JobInvite, job: JobPost, candidate: CandidateProfile) -> None:
    link = f"{settings.FRONTEND_URL.rstrip('/')}/candidate/job-invites?token={invite.token}"
    email_on_commit(
        "jobs/email/job_invite.txt",
        {
            "user": candidate.user,
            "job": job,
            "organization": job.organization,
            "link": link,
            "expires_at": invite.expires_at,
        },
        f"{job.organization.name} invites you to apply for {job.title}",
        [candidate.user.email],
    )


# --- answering and withdrawing ------------------------------------------------------------------


def _require_pending(invite: JobInvite) -> None:
    status = invite.current_status
    if status == InviteStatus.PENDING:
        return
    messages = {
        InviteStatus.ACCEPTED: "This invitation was already accepted.",
        InviteStatus.DECLINED: "This invitation was already declined.",
        InviteStatus.EXPIRED: "This invitation has expired.",
        InviteStatus.WITHDRAWN: "This invitation was withdrawn by the employer.",
    }
    raise BadRequest(messages[InviteStatus(status)])


def respond(user: User, token: str, action: str) -> JobInvite:
    """Accept or decline the caller's invite. Someone else's token, or an unknown one, is 404; a
    used, expired or withdrawn one 400. Accepting applies the caller to the job by `apply/`'s
    rules (an existing application is kept); a job no longer open is a 400 and nothing changes."""
    with transaction.atomic():
        invite = (
            JobInvite.objects.select_for_update().filter(token=token, candidate__user=user).first()
        )
        if invite is None:
            raise NotFound()
        _require_pending(invite)
        if action == "accept":
            # Locked so that a concurrent close of the job waits for this answer, or wins first.
            job = JobPost.objects.select_for_update().only("status").get(pk=invite.job_id)
            if job.status != JobStatus.OPEN:
                raise BadRequest(
                    "This job is no longer open, so the invitation cannot be accepted."
                )
            # Already applied: that application stands for the accepted invite.
            with suppress(Conflict):
                services.apply(user, invite.job_id)
            invite.status = InviteStatus.ACCEPTED
        else:
            invite.status = InviteStatus.DECLINED
        invite.responded_at = timezone.now()
        invite.save(update_fields=["status", "responded_at"])
    return invite


def withdraw(job: JobPost, invite_id: int) -> None:
    """Withdraw a pending invite of a managed job; an answered, expired or withdrawn one is 400."""
    with transaction.atomic():
        invite = JobInvite.objects.select_for_update().filter(pk=invite_id, job=job).first()
        if invite is None:
            raise NotFound()
        _require_pending(invite)
        invite.status = InviteStatus.WITHDRAWN
        invite.save(update_fields=["status"])


# --- selected candidates ------------------------------------------------------------------------


def selected_applications(organization_id: int) -> QuerySet:
    """Applications to the organization's jobs that came through an accepted invite (still
    `applied`) or were shortlisted or hired, newest selection first, with what the list shows.

    `accepted_at` is when the invite was accepted, or for a shortlisted or hired application
    when it last changed (its status is all that changes)."""
    accepted = JobInvite.objects.filter(
        job=OuterRef("job"), candidate=OuterRef("candidate"), status=InviteStatus.ACCEPTED
    ).order_by("-responded_at")
    records = WorkExperience.objects.order_by("id")
    return (
        Application.objects.filter(job__organization_id=organization_id)
        .annotate(invite_accepted_at=Subquery(accepted.values("responded_at")[:1]))
        .filter(
            Q(status__in=SELECTED_STATUSES)
            | Q(status=ApplicationStatus.APPLIED, invite_accepted_at__isnull=False)
        )
        .annotate(
            accepted_at=Case(
                When(status=ApplicationStatus.APPLIED, then=F("invite_accepted_at")),
                default=F("updated_at"),
            )
        )
        .select_related("job", "candidate__user__profile")
        .prefetch_related(Prefetch("candidate__work_experience", queryset=records))
        .order_by("-accepted_at", "-id")
    )


def selected_candidates(user: User, page: PageParams, context: dict) -> dict[str, Any]:
    """The page of the organization's selected candidates, in a fixed number of queries."""
    organization_id = employer_organization_id(user)
    if organization_id is None:
        raise Forbidden("Only members of an organization can see its selected candidates.")
    applications = selected_applications(organization_id)
    size = min(page.page_size, MAX_PAGE_SIZE)
    total = applications.count()
    start = (page.page - 1) * size
    rows = list(applications[start : start + size]) if start < total else []
    scores = _scores({row.job_id for row in rows})
    return {
        # Origin of the API: each `avatar_path` is an absolute path under it.
        "media_base_url": absolute_url(context, "/").rstrip("/"),
        "results": [_selected(row, scores) for row in rows],
        "pagination": {"page": page.page, "page_size": size, "total": total},
    }


def _scores(job_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """(job id, candidate id) -> the integer score of each job's latest ranking."""
    scores = {}
    for job_id, entries in Ranking.objects.filter(job_id__in=job_ids).values_list(
        "job_id", "entries"
    ):
        for entry in entries:
            scores[job_id, entry["candidate_id"]] = round(entry["score"])
    return scores


def _selected(application: Application, scores: dict) -> dict[str, Any]:
    candidate = application.candidate
    user = candidate.user
    records = list(candidate.work_experience.all())
    status = application.status
    if status == ApplicationStatus.APPLIED:
        status = InviteStatus.ACCEPTED
    return {
        "id": application.pk,
        "candidate_id": candidate.pk,
        "candidate_slug": candidate.slug,
        "name": user.get_full_name(),
        "role": _latest_role(records),
        "location": user.profile.location,
        "experience": years_text(covered_years((r.start_date, r.end_date) for r in records)),
        "match_percent": scores.get((application.job_id, candidate.pk)),
        "status": status,
        "avatar_path": (
            reverse("api:candidates_candidate_avatar", kwargs={"user_id": user.pk})
            if user.profile.avatar
            else None
        ),
        "job": {"id": application.job_id, "title": application.job.title},
        "accepted_at": application.accepted_at,  # type: ignore[attr-defined]  # annotated
    }


def _latest_role(records: list[WorkExperience]) -> str:
    """The current role, else the one that ended last, else the one that started last."""
    if not records:
        return ""
    latest = max(
        records,
        key=lambda record: (
            record.current,
            record.end_date or date.min,
            record.start_date or date.min,
            record.pk,
        ),
    )
    return latest.role
