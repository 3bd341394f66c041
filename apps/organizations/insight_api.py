"""The employer's insight on a candidate, under /api/organization/ (contract section 12; mounted
by apps/organizations/api.py).

GET    test/candidate-insight/{candidate_id}/   the insight on a candidate the caller may see
POST   test/candidate-insight/{candidate_id}/   the same (the web client retries with POST on 405)
POST   test/candidate-insight/                  the same, with `{candidate_id}` in the body

Members of an organization only; the candidate is a profile id they may see (contract section 6),
else 404. The plugin receives the candidate as ranking does (no disability data, names or
contact details) and the organization's open jobs.
"""

from ninja import Router

from apps.candidates import coach
from platform_core.errors import FieldErrors
from platform_core.payload import payload_openapi, request_data, validate_data
from platform_core.schemas import PathId
from platform_core.throttling import throttle_ai

from .schemas import CandidateInsightIn, CandidateInsightOut

router = Router(tags=["organizations"])


def _insight(request, candidate_id: int) -> dict:
    return {
        "candidate_id": candidate_id,
        "employer_insight": coach.insight(request.user, candidate_id),
    }


@router.get("test/candidate-insight/{int:candidate_id}/", response=CandidateInsightOut)
def candidate_insight(request, candidate_id: PathId):
    """A short insight on a candidate the caller's organization may see: strengths against its
    open jobs, gaps, questions to ask. Members of an organization only (others 403). A plugin
    that fails answers 502; one too slow, 504."""
    throttle_ai(request)
    return _insight(request, candidate_id)


@router.post(
    "test/candidate-insight/{int:candidate_id}/",
    response=CandidateInsightOut,
    openapi_extra=payload_openapi(CandidateInsightIn, required=False),
)
def candidate_insight_by_post(request, candidate_id: PathId):
    """The same insight by POST; a `candidate_id` in the body must be the path's. A plugin that
    fails answers 502; one too slow, 504."""
    data = request_data(request)
    if data:
        payload = validate_data(CandidateInsightIn, data)
        if payload.candidate_id != candidate_id:
            raise FieldErrors({"candidate_id": "Does not match the candidate in the path."})
    throttle_ai(request)
    return _insight(request, candidate_id)


@router.post("test/candidate-insight/", response=CandidateInsightOut)
def candidate_insight_of(request, payload: CandidateInsightIn):
    """The same insight, for the candidate named in the body (one the caller may not see: 404).
    A plugin that fails answers 502; one too slow, 504."""
    throttle_ai(request)
    return _insight(request, payload.candidate_id)
