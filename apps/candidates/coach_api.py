"""The career coach, resume prompts and generated "about", under /api/candidates/ (contract
sections 6, 7 and 12; mounted by apps/candidates/api.py).

POST   career-coach/                      a candidate's message to the coach → {output, thread_id, model}
POST   prompt/                            a question about a resume the caller may see
GET    career-coach/threads/              the caller's threads, newest first; ?kind=coach|prompt
GET|DELETE career-coach/threads/{thread_id}/   one of the caller's threads (messages oldest first)
POST   test/generate-about/               a short professional summary of the caller's profile

The AI endpoints count against the `ai` rate limit, run the plugin through the task path with a
timeout (504 when it does not answer, 502 when it fails) and never show it disability data.
"""

from django.http import HttpResponse
from ninja import Query, Router, Status

from platform_core.pagination import PageParams, paginate
from platform_core.payload import parse_payload, payload_openapi
from platform_core.throttling import throttle_ai

from . import coach
from .schemas import (
    CoachAnswerOut,
    CoachIn,
    CoachThreadDetailOut,
    CoachThreadFilters,
    CoachThreadOut,
    GenerateAboutIn,
    GeneratedAboutOut,
    PromptIn,
)

router = Router(tags=["career coach"])


@router.post("career-coach/", response=CoachAnswerOut)
def career_coach(request, payload: CoachIn):
    """Send the career coach a message (candidates only, about themself: 403 otherwise) in a
    new thread (`thread_id` null) or one of the caller's coach threads (anyone else's, or an
    unknown one: 404). The message is kept even when the coach fails to answer (504 / 502)."""
    throttle_ai(request)
    return coach.coach(request.user, payload.input_text, payload.thread_id, payload.resume_slug)


@router.post("prompt/", response=CoachAnswerOut)
def resume_prompt(request, payload: PromptIn):
    """Ask about a resume: a candidate about their own, an employer about a candidate they may
    see; any other `resume_slug` is a 404. A `thread_id` continues a prompt thread about the
    same profile (any other: 404). The question is kept even when no answer comes (504 / 502)."""
    throttle_ai(request)
    return coach.prompt(request.user, payload.input_text, payload.resume_slug, payload.thread_id)


@router.get("career-coach/threads/", response=list[CoachThreadOut])
def list_coach_threads(
    request, response: HttpResponse, page: Query[PageParams], filters: Query[CoachThreadFilters]
):
    """The caller's coach and prompt threads, the most recently active first."""
    threads = coach.user_threads(request.user)
    if filters.kind:
        threads = threads.filter(kind=filters.kind)
    return paginate(request, response, threads, page)


@router.get("career-coach/threads/{thread_id}/", response=CoachThreadDetailOut)
def get_coach_thread(request, thread_id: str):
    """One of the caller's threads with its messages, oldest first."""
    return coach.find_thread(request.user, thread_id)


@router.delete("career-coach/threads/{thread_id}/", response={204: None})
def delete_coach_thread(request, thread_id: str):
    """Delete one of the caller's threads with its messages."""
    coach.find_thread(request.user, thread_id).delete()
    return Status(204, None)


@router.post(
    "test/generate-about/",
    response=GeneratedAboutOut,
    openapi_extra=payload_openapi(GenerateAboutIn, required=False),
)
def generate_about(request):
    """A short professional summary of the caller's own profile, from their records and parsed
    resume (candidates only: 403 otherwise; a `resume_slug` not theirs: 404). It never mentions
    disability data. A plugin that fails answers 502; one too slow, 504."""
    payload = parse_payload(request, GenerateAboutIn)
    throttle_ai(request)
    return {"generated_about": coach.generate_about(request.user, payload.resume_slug)}
