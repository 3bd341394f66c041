"""The career coach, resume prompts, generated "about" and employer insight: who may ask about
whom, what the plugin receives, and the threads the conversations are kept in.

The plugin is the one `CAREER_COACH_PLUGIN` names (hooks `coach_reply` and `answer_prompt`),
asked through the task path with a timeout (platform_core/calls.py). It receives plain types
only: a `CoachCandidate` (the candidate's own view of themself) or a `CandidateDocument`
(apps/candidates/documents.py), and `JobDocument`s. None of them has a field for disability data,
accommodations, the disclosure preference or demographics, so none of that ever reaches a
plugin or an LLM, whoever asks.

Who asks about whom (contract section 6):
- the coach and generate-about: a candidate about themself (no candidate profile: 403);
- a prompt: a candidate about their own profile, an employer about a candidate they may see
  (`visible_profiles`); anything else is a 404, as if the profile did not exist;
- the insight: a member of an organization about a candidate they may see (non-members: 403).

A message's flow: the user's message is stored (and committed) first, then the plugin is asked;
only a valid answer is stored as the coach's message. A plugin that times out (504) or fails
(502) leaves the thread with the user's message and no half answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from pydantic import BaseModel

from apps.accounts.models import User
from apps.jobs.models import JobPost, JobStatus, WorkplaceType
from apps.jobs.ranking import JOB_TYPES, WORK_MODES, job_document_of
from apps.organizations.services import employer_organization_id
from platform_core.calls import call_provider
from platform_core.documents import (
    CandidateDocument,
    CandidatePreferences,
    CoachCandidate,
    CoachMessage,
    CoachReply,
    JobDocument,
    PromptAnswer,
    PromptTask,
)
from platform_core.errors import Forbidden, NotFound, UpstreamError, UpstreamTimeout
from platform_core.schemas import skill_key

from .documents import candidate_documents
from .models import CandidateProfile, CoachThread, CoachThreadMessage, Skill
from .services import visible_profiles

# The thread's newest messages the plugin receives (it trims them to its own token budget).
HISTORY_MESSAGES = 40
# Open jobs the plugin receives, best fit first.
MAX_JOBS = 20
TITLE_LENGTH = 80
KEPT = "Your message is kept in the thread."
NO_PROFILE = "Only candidates can use the career coach: create your candidate profile first."

WORKPLACE_TYPE_OF = {mode: value for value, mode in WORK_MODES.items()}
JOB_TYPE_OF = {kind: value for value, kind in JOB_TYPES.items()}


@dataclass(frozen=True)
class Answer:
    """What the coach and prompt endpoints answer."""

    output: str
    thread_id: str
    model: str


# --- who asks about whom --------------------------------------------------------------------------


def own_candidate_profile(user: User, slug: str | None = None) -> CandidateProfile:
    """The caller's own profile (403 without one); a `slug` naming any other profile is a 404."""
    profile = CandidateProfile.objects.select_related("user__profile").filter(user=user).first()
    if profile is None:
        raise Forbidden(NO_PROFILE)
    if slug is not None and slug != profile.slug:
        raise NotFound()
    return profile


def _visible(user: User) -> QuerySet[CandidateProfile]:
    """The profiles `user` may see (`visible_profiles`), without the notes its lists show."""
    return visible_profiles(user).prefetch_related(None)


def prompt_subject(user: User, slug: str) -> CandidateProfile:
    """The profile a prompt is about: for an employer, one they may see; for anyone else, their
    own. Else 404."""
    if employer_organization_id(user) is not None:
        profiles = _visible(user)
    else:
        profiles = CandidateProfile.objects.filter(user=user)
    profile = profiles.filter(slug=slug).first()
    if profile is None:
        raise NotFound()
    return profile


def insight_subject(user: User, candidate_id: int) -> tuple[CandidateProfile, int]:
    """The candidate profile an organization member asks about, with the organization's id:
    403 for someone in no organization, 404 for a candidate they may not see."""
    organization_id = employer_organization_id(user)
    if organization_id is None:
        raise Forbidden("Only members of an organization can ask for a candidate insight.")
    profile = _visible(user).filter(pk=candidate_id).first()
    if profile is None:
        raise NotFound()
    return profile, organization_id


# --- what the plugin receives ---------------------------------------------------------------------


def document_of(profile: CandidateProfile) -> CandidateDocument:
    """The profile as plugins see it (apps/candidates/documents.py)."""
    return candidate_documents(CandidateProfile.objects.filter(pk=profile.pk))[0]


def job_documents(jobs: QuerySet[JobPost]) -> list[JobDocument]:
    """At most MAX_JOBS of `jobs`, in its order, as `JobDocument`s with their organization's
    name: one query for the jobs, one for their skills."""
    jobs = jobs.select_related("organization").prefetch_related("skills")[:MAX_JOBS]
    return [
        job_document_of(job).model_copy(update={"organization": job.organization.name})
        for job in jobs
    ]


def fitting_jobs(preferences: CandidatePreferences, skills: list[str]) -> list[JobDocument]:
    """Open jobs that fit the candidate's preferences: a work mode and a job type they chose
    (when they chose any), and where they live unless they would relocate (remote jobs and jobs
    that name no place fit anywhere). Those needing most of their skills come first."""
    jobs = JobPost.objects.filter(status=JobStatus.OPEN)
    if preferences.work_modes:
        jobs = jobs.filter(
            workplace_type__in=[WORKPLACE_TYPE_OF[mode] for mode in preferences.work_modes]
        )
    if preferences.employment_types:
        jobs = jobs.filter(
            job_type__in=[JOB_TYPE_OF[kind] for kind in preferences.employment_types]
        )
    place = preferences.location.split(",")[0].strip()
    if place and not preferences.willing_to_relocate:
        jobs = jobs.filter(
            Q(location__icontains=place) | Q(location="") | Q(workplace_type=WorkplaceType.REMOTE)
        )
    keys = sorted({skill_key(name) for name in skills})
    if keys:
        jobs = jobs.annotate(fit=Count("skills", filter=Q(skills__key__in=keys)))
        return job_documents(jobs.order_by("-fit", "-created_at", "-id"))
    return job_documents(jobs.order_by("-created_at", "-id"))


def organization_open_jobs(organization_id: int) -> list[JobDocument]:
    """The organization's open jobs, newest first."""
    jobs = JobPost.objects.filter(organization_id=organization_id, status=JobStatus.OPEN)
    return job_documents(jobs.order_by("-created_at", "-id"))


def coach_candidate(profile: CandidateProfile) -> CoachCandidate:
    """The candidate's own view of themself for the coach: first name, the ranking view of
    their records and preferences, which profile sections are filled in, and the open jobs that
    fit them. `profile` comes with its user's account profile (`own_candidate_profile`)."""
    document = document_of(profile)
    account = profile.user.profile
    preferences = document.preferences
    sections = {
        "resume": bool(profile.resume_file),
        "parsed_resume": document.has_parsed_resume,
        # The profile's own skill records: skills only a parsed resume lists are not yet there.
        "skills": Skill.objects.filter(profile=profile).exists(),
        "work_experience": bool(document.work_experience),
        "education": bool(document.education),
        "languages": bool(document.languages),
        "projects": bool(document.projects),
        "certifications": bool(document.certifications),
        "work_modes": bool(preferences.work_modes),
        "employment_types": bool(preferences.employment_types),
        "location": bool(preferences.location),
        "links": any((account.linkedin_url, account.github_url, account.portfolio_url)),
        "photo": bool(account.avatar),
        "video_pitch": bool(profile.video_pitch),
    }
    return CoachCandidate(
        first_name=profile.user.first_name,
        document=document,
        sections=sections,
        open_jobs=fitting_jobs(preferences, document.skills),
    )


# --- threads --------------------------------------------------------------------------------------


def user_threads(user: User) -> QuerySet[CoachThread]:
    """The caller's threads, newest activity first, with what a list shows (one query a page).

    A prompt thread's answers describe its candidate, so it is listed and readable only while the
    caller may still see that candidate: an employer whose applicant withdrew, or who is no
    longer in the organization, no longer reads what the plugin said about them."""
    visible = Q(kind=CoachThread.Kind.COACH) | Q(subject__in=_visible(user).values("pk"))
    return (
        CoachThread.objects.filter(visible, user=user)
        .select_related("subject")
        .annotate(message_count=Count("messages"))
        .order_by("-updated_at", "-id")
    )


def find_thread(user: User, thread_id: str) -> CoachThread:
    """One of the caller's threads with its messages (oldest first); anyone else's is a 404."""
    threads = user_threads(user).prefetch_related("messages")
    return get_object_or_404(threads, thread_id=thread_id)


def _continued(
    user: User, thread_id: str | None, kind: str, subject: CandidateProfile
) -> CoachThread | None:
    """The thread a message continues (None: a new one). Another user's, unknown, of the other
    kind or, for a prompt, about another profile: 404."""
    if thread_id is None:
        return None
    thread = CoachThread.objects.filter(user=user, thread_id=thread_id, kind=kind).first()
    if thread is None or (kind == CoachThread.Kind.PROMPT and thread.subject_id != subject.pk):
        raise NotFound()
    return thread


def _store_question(
    user: User, thread: CoachThread | None, kind: str, subject: CandidateProfile, text: str
) -> CoachThread:
    """Store the user's message (a new thread's first) and commit it, before the plugin runs."""
    with transaction.atomic():
        if thread is None:
            thread = CoachThread.objects.create(
                user=user, kind=kind, subject=subject, title=text[:TITLE_LENGTH]
            )
        else:
            thread.save(update_fields=["updated_at"])
        CoachThreadMessage.objects.create(
            thread=thread, role=CoachThreadMessage.Role.USER, content=text
        )
    return thread


def _store_answer(thread: CoachThread, content: str, model: str) -> None:
    with transaction.atomic():
        CoachThreadMessage.objects.create(
            thread=thread,
            role=CoachThreadMessage.Role.COACH,
            # PostgreSQL text cannot hold NUL characters; they never mean anything in an answer.
            content=content.replace("\x00", ""),
            model=model,
        )
        thread.save(update_fields=["updated_at"])


def _history(thread: CoachThread, *, newest_excluded: bool = False) -> list[CoachMessage]:
    """The thread's last HISTORY_MESSAGES messages, oldest first (without the newest one, the
    question just stored, when `newest_excluded`)."""
    start = 1 if newest_excluded else 0
    rows = thread.messages.order_by("-id").values_list("role", "content")
    recent = list(rows[start : start + HISTORY_MESSAGES])
    return [
        CoachMessage.model_validate({"role": role, "content": content})
        for role, content in reversed(recent)
    ]


def _asked(hook: str, *, in_thread: bool, **arguments: Any) -> BaseModel:
    """Call the plugin; in a thread, a timeout or failure also says the message is kept."""
    try:
        return call_provider(hook, **arguments)
    except UpstreamTimeout as exc:
        if not in_thread:
            raise
        raise UpstreamTimeout(f"{exc.detail} {KEPT}") from exc
    except UpstreamError as exc:
        if not in_thread:
            raise
        raise UpstreamError(f"{exc.detail} {KEPT}") from exc


# --- the flows ------------------------------------------------------------------------------------


def coach(user: User, text: str, thread_id: str | None, resume_slug: str | None) -> Answer:
    """A candidate's message to the career coach, in a new thread or one of their coach
    threads; the coach's reply."""
    profile = own_candidate_profile(user, resume_slug)
    thread = _continued(user, thread_id, CoachThread.Kind.COACH, profile)
    thread = _store_question(user, thread, CoachThread.Kind.COACH, profile, text)
    candidate = coach_candidate(profile)
    reply = CoachReply.model_validate(
        _asked("coach_reply", in_thread=True, candidate=candidate, messages=_history(thread))
    )
    _store_answer(thread, reply.content, reply.model)
    return Answer(output=reply.content, thread_id=thread.thread_id, model=reply.model)


def prompt(user: User, text: str, resume_slug: str, thread_id: str | None) -> Answer:
    """A question about a candidate's resume (the caller's own, or, for an employer, one they
    may see), in a new prompt thread or one about the same profile; the answer."""
    subject = prompt_subject(user, resume_slug)
    thread = _continued(user, thread_id, CoachThread.Kind.PROMPT, subject)
    thread = _store_question(user, thread, CoachThread.Kind.PROMPT, subject, text)
    document = document_of(subject)
    organization_id = employer_organization_id(user)
    if organization_id is not None:
        jobs = organization_open_jobs(organization_id)
    else:
        jobs = fitting_jobs(document.preferences, document.skills)
    history = _history(thread, newest_excluded=True)
    answer = _answer("question", text, document, jobs, history, in_thread=True)
    _store_answer(thread, answer.answer, answer.model)
    return Answer(output=answer.answer, thread_id=thread.thread_id, model=answer.model)


def generate_about(user: User, resume_slug: str | None = None) -> str:
    """A short professional summary of the caller's own profile, for its "about"."""
    document = document_of(own_candidate_profile(user, resume_slug))
    jobs = fitting_jobs(document.preferences, document.skills)
    return _answer("about", "", document, jobs, []).answer


def insight(user: User, candidate_id: int) -> str:
    """For a member of an organization: a candidate's strengths and gaps against the
    organization's open jobs, and questions to ask them."""
    profile, organization_id = insight_subject(user, candidate_id)
    document = document_of(profile)
    return _answer("insight", "", document, organization_open_jobs(organization_id), []).answer


def _answer(
    task: PromptTask,
    text: str,
    document: CandidateDocument,
    jobs: list[JobDocument],
    messages: list[CoachMessage],
    *,
    in_thread: bool = False,
) -> PromptAnswer:
    answered = _asked(
        "answer_prompt",
        in_thread=in_thread,
        task=task,
        prompt=text,
        candidate=document,
        jobs=jobs,
        messages=messages,
    )
    return PromptAnswer.model_validate(answered)
