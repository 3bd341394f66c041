"""Jobs, browse and applications, under /api/channels/ (contract sections 8 and 11).

GET    jobs/                                the caller's organization's jobs (non-employers 403)
POST   jobs/                                create (employers)
GET    jobs/browse/                         public: open jobs, ?search= and filters
GET    jobs/{id}/                           members: full view; others: public view of an open job
PUT|PATCH|DELETE jobs/{id}/                 members
POST   jobs/{id}/apply/                     candidates, open jobs
GET    jobs/{id}/applications/              members; applicants through the disclosure rule
POST   jobs/{id}/applications/{app_id}/decision/   members: shortlisted | rejected | hired
                                            (the applicant 403, anyone else 404)
POST   jobs/{id}/rank-candidates/           members: rank the applicants in the background (202)
GET    jobs/{id}/ranking-data/              members: the ranking status and the last ranking
GET|DELETE jobs/{id}/invites/ ...          members: the job's invitations (invites_api.py)
POST   agent/                               employers: talent search in plain words
GET    candidate/applications/              the caller's applications
DELETE candidate/applications/{id}/         withdraw
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpResponse
from ninja import Query, Router, Status

from apps.candidates import disclosure_log
from platform_core.auth import OptionalAuth, authenticate_request
from platform_core.dumpers import list_response
from platform_core.errors import Forbidden, NotAuthenticated
from platform_core.models import Run
from platform_core.pagination import EXACT_COUNT_LIMIT, PageParams, paginate, paginate_prepared
from platform_core.payload import parse_payload, payload_openapi, schema_response
from platform_core.plugins import require_provider
from platform_core.schemas import PathId
from platform_core.throttling import throttle_ai

from . import accommodations, agent, ranking, services
from .invites_api import job_router as invites_router
from .schemas import (
    AgentIn,
    AgentOut,
    ApplicantFilters,
    ApplicationOut,
    ApplyOut,
    CandidateApplicationOut,
    DecisionIn,
    DecisionOut,
    JobCandidateOut,
    JobFilters,
    JobIn,
    JobOut,
    JobPatch,
    JobPublicOut,
    PublicBrowseFilters,
    RankIn,
    RankingDataOut,
    RankOut,
    WithdrawOut,
)

router = Router(tags=["jobs"])
router.add_router("", invites_router)


@router.get("jobs/", response=list[JobOut])
def list_jobs(request, response: HttpResponse, page: Query[PageParams], filters: Query[JobFilters]):
    """The jobs of the caller's organization, any status (`?status=` narrows)."""
    organization_id = services.require_employer(request.user)
    prepared = services.prepared_job_filters(filters)
    if prepared is None:
        jobs = services.filter_jobs(services.organization_jobs(request.user), filters)
        listed = paginate(request, response, jobs, page)
    else:
        shape, values = prepared
        listed = paginate_prepared(
            request,
            response,
            services.ORGANIZATION_JOB_LIST,
            page,
            *shape,
            organization_id=organization_id,
            **values,
        )
    return list_response(request, response, JobOut, [services.author_view(job) for job in listed])


@router.post("jobs/", response={201: JobOut})
def create_job(request, payload: JobIn):
    """Post a job for the caller's organization (status `open` unless given)."""
    return Status(201, services.create_job(request.user, payload))


@router.get("jobs/browse/", auth=None, response=list[JobPublicOut])
def browse_jobs(
    request, response: HttpResponse, page: Query[PageParams], filters: Query[PublicBrowseFilters]
):
    """Open jobs, for anyone: `?search=` over title, description, skills, organization and
    location; filters `workplace_type`, `job_type`, `location`, `skills`, `visa_required`,
    `organization`, `accommodations`; `ordering`. `?matches_my_needs=true` (signed-in
    candidates; anonymous 401, employers 400) keeps the jobs offering every accommodation the
    caller's own profile lists."""
    if filters.matches_my_needs:
        # Only this filter needs the caller: without it browse stays anonymous, so a stale
        # token in the client never turns a public list into a 401.
        user = authenticate_request(request)
        if user is None:
            raise NotAuthenticated()
        matching = services.filter_jobs(services.public_jobs(), filters)
        jobs: QuerySet | Callable[[], QuerySet] = services.offering_all(
            matching, services.needs_to_match(user)
        )
        prepared: dict[str, Callable] = {}
    else:
        jobs, prepared = services.browse_list(filters)
    listed = paginate(request, response, jobs, page, exact_up_to=EXACT_COUNT_LIMIT, **prepared)
    return list_response(request, response, JobPublicOut, listed)


@router.get(
    "jobs/{int:job_id}/",
    auth=OptionalAuth(),
    response={200: JobOut | JobCandidateOut | JobPublicOut},
)
def get_job(request, job_id: PathId):
    """Members of the job's organization get the full view; anyone else the public view of an
    open job (a draft or closed job is 404 to them). A candidate's view adds which of their own
    accommodation needs the job offers (`my_needs_offered`, `my_needs_missing`)."""
    job, manages = services.job_for_viewer(request.user, job_id)
    context = {"request": request}
    if manages:
        return schema_response(JobOut.model_validate(services.author_view(job), context=context))
    my_needs = accommodations.needs_of_user(request.user)
    if my_needs is not None:
        accommodations.with_needs_view([job], my_needs)
        return schema_response(JobCandidateOut.model_validate(job, context=context))
    return schema_response(JobPublicOut.model_validate(job, context=context))


def _update(request, job_id: int, payload, *, partial: bool):
    job = services.managed_job(request.user, job_id)
    return services.update_job(request.user, job, payload, partial=partial)


@router.put("jobs/{int:job_id}/", response=JobOut)
def replace_job(request, job_id: PathId, payload: JobIn):
    return _update(request, job_id, payload, partial=False)


@router.patch("jobs/{int:job_id}/", response=JobOut)
def patch_job(request, job_id: PathId, payload: JobPatch):
    """Change the fields sent; `skills` replaces the list."""
    return _update(request, job_id, payload, partial=True)


@router.delete("jobs/{int:job_id}/", response={204: None})
def delete_job(request, job_id: PathId):
    """Delete the job and its applications."""
    services.managed_job(request.user, job_id).delete()
    return Status(204, None)


# --- applications -------------------------------------------------------------------------------


@router.post("jobs/{int:job_id}/apply/", response={201: ApplyOut})
def apply(request, job_id: PathId):
    """Apply with the caller's candidate profile. Again → 409; a closed job → 400."""
    application = services.apply(request.user, job_id)
    return Status(
        201,
        {
            "message": "Application submitted.",
            "application_id": application.pk,
            "status": application.status,
        },
    )


@router.get("candidate/applications/", response=list[CandidateApplicationOut])
def candidate_applications(request, response: HttpResponse, page: Query[PageParams]):
    """The caller's applications, newest first. Each job shows which of the caller's own
    accommodation needs it offers."""
    applications = paginate(request, response, services.candidate_applications(request.user), page)
    my_needs = accommodations.needs_of_user(request.user) or []
    accommodations.with_needs_view([application.job for application in applications], my_needs)
    return list_response(request, response, CandidateApplicationOut, applications)


@router.delete("candidate/applications/{int:application_id}/", response=WithdrawOut)
def withdraw(request, application_id: PathId):
    """Withdraw an application that is still applied or shortlisted; one already hired, rejected
    or withdrawn is a 400."""
    application = services.withdraw(request.user, application_id)
    return {
        "message": "Application withdrawn.",
        "application_id": application.pk,
        "status": application.status,
    }


@router.get("jobs/{int:job_id}/applications/", response=list[ApplicationOut])
def job_applications(
    request,
    response: HttpResponse,
    job_id: PathId,
    page: Query[PageParams],
    filters: Query[ApplicantFilters],
):
    """Applicants of a job of the caller's organization (`?status=` narrows; an unknown status
    is a 400). Disability data shows only where the candidate's disclosure preference and the
    stage allow."""
    job = services.managed_job(request.user, job_id)
    status = {"status": filters.status} if filters.status else {}
    listed = paginate_prepared(
        request, response, services.APPLICANT_LIST, page, job_id=job.pk, **status
    )
    page_of = services.applicants_view(request.user, listed)
    disclosure_log.record(
        request.user, "channels_job_applications", [item.candidate for item in page_of]
    )
    return list_response(request, response, ApplicationOut, page_of)


@router.post("jobs/{int:job_id}/applications/{int:application_id}/decision/", response=DecisionOut)
def decide(request, job_id: PathId, application_id: PathId, payload: DecisionIn):
    """Shortlist, reject or hire; an impossible transition (e.g. from hired) is a 400.
    Applications are never public: on a job the caller does not manage, this is a 404, except
    for the applicant themself (403)."""
    job = services.job_for_decision(request.user, job_id, application_id)
    application = services.decide(job, application_id, payload.status)
    return {
        "message": f"Application {application.status}.",
        "status": application.status,
        "application_id": application.pk,
        "job_id": job.pk,
    }


# --- ranking ------------------------------------------------------------------------------------


@router.post(
    "jobs/{int:job_id}/rank-candidates/",
    response={202: RankOut},
    openapi_extra=payload_openapi(RankIn, required=False),
)
def rank_candidates(request, job_id: PathId):
    """Rank the job's current applicants in the background (members of its organization). The
    body is optional: `{"plugin": name}` picks an installed ranking plugin (an unknown one is a
    400). While a ranking runs, every call answers the same task id; once it ended, a call starts
    a new one. Poll `ranking-data/`."""
    job = services.managed_job(request.user, job_id)
    payload = parse_payload(request, RankIn)
    if payload.plugin:
        require_provider("rank_candidates", payload.plugin)
    throttle_ai(request)
    run, created = ranking.start_ranking(job, payload.plugin)
    status = ranking.STATUS_OF_RUN[Run.Status(run.status)]
    detail = "Ranking started." if created else "The candidates are being ranked."
    return Status(202, {"detail": detail, "ranking_status": status, "task_id": run.task_id})


@router.get("jobs/{int:job_id}/ranking-data/", response=RankingDataOut)
def ranking_data(request, job_id: PathId):
    """The latest ranking run's status, progress and error, and the last good ranking, best
    first (members of the job's organization). A failed run keeps the previous ranking."""
    job = services.managed_job(request.user, job_id)
    return ranking.ranking_data(job)


# --- talent-search agent ------------------------------------------------------------------------


@router.post("agent/", response=AgentOut)
def talent_agent(request, payload: AgentIn):
    """Search the candidates the caller's organization may see, in plain words ("a React
    developer in Toronto, remote, 5+ years"). Skills, a place, a work mode, a job type and years
    of experience are read without an LLM; candidates are scored by the ranking plugin, which
    never sees disability data, names or contact details. Employers only (others 403); an
    empty query is a 400."""
    if services.employer_organization_id(request.user) is None:
        raise Forbidden("Only members of an organization can search for talent.")
    throttle_ai(request)
    return agent.search(request.user, payload.query, {"request": request})
