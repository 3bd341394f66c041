"""Job invitations and selected candidates (contract section 12, issue 15). Three routers, each
mounted by the app whose prefix it lives under:

/api/organization/ (org_router, mounted by apps/organizations/api.py)
POST   jobs/{job_id}/invite/                invite a candidate the caller may see to an open job
GET    selected-candidates/                 members: candidates who accepted an invite or were
                                            shortlisted or hired (an object, not a bare array)
/api/candidates/ (candidate_router, mounted by apps/candidates/api.py)
GET    job-invites/                         the caller's invitations, newest first
POST   job-invites/respond/                 accept or decline with the invitation's token
/api/channels/ (job_router, mounted by apps/jobs/api.py)
GET    jobs/{id}/invites/                   members: the job's invitations
DELETE jobs/{id}/invites/{invite_id}/       members: withdraw a pending invitation
"""

from django.http import HttpResponse
from ninja import Query, Router, Status

from platform_core.pagination import PageParams, paginate
from platform_core.schemas import PathId

from . import invites, services
from .schemas import (
    CandidateJobInviteOut,
    JobInviteCreatedOut,
    JobInviteIn,
    JobInviteOut,
    JobInviteRespondIn,
    JobInviteRespondOut,
    SelectedCandidatesOut,
)

org_router = Router(tags=["job invitations"])
candidate_router = Router(tags=["job invitations"])
job_router = Router(tags=["job invitations"])


@org_router.post("jobs/{int:job_id}/invite/", response={201: JobInviteCreatedOut})
def invite_candidate(request, job_id: PathId, payload: JobInviteIn):
    """Invite a candidate (a profile id the caller may see, else 404) to an open job of the
    caller's organization; the candidate is emailed a link. A second pending invitation for the
    same job and candidate → 409; the caller's closed job → 400, draft → 404; a non-member: 403
    on an open job, 404 otherwise. Invitations expire after 14 days."""
    created = invites.invite(request.user, job_id, payload.candidate_id)
    return Status(
        201,
        {
            "detail": "Invitation sent.",
            "id": created.pk,
            "status": created.status,
            "expires_at": created.expires_at,
        },
    )


@org_router.get("selected-candidates/", response=SelectedCandidatesOut)
def selected_candidates(request, page: Query[PageParams]):
    """Members of an organization (others 403): one entry per application to its jobs that came
    through an accepted invitation or was shortlisted or hired, newest first, paginated in
    `pagination` (`?page=`, `?page_size=`). No disability data."""
    return invites.selected_candidates(request.user, page, {"request": request})


@candidate_router.get("job-invites/", response=list[CandidateJobInviteOut])
def list_job_invites(request, response: HttpResponse, page: Query[PageParams]):
    """The caller's invitations to jobs, newest first (`[]` for anyone without any)."""
    return paginate(request, response, invites.candidate_invites(request.user), page)


@candidate_router.post("job-invites/respond/", response=JobInviteRespondOut)
def respond_to_job_invite(request, payload: JobInviteRespondIn):
    """Accept or decline an invitation with its token. Accepting applies the caller to the job
    (an existing application is kept); a job no longer open → 400. Another candidate's token or
    an unknown one → 404; one already answered, expired or withdrawn → 400."""
    answered = invites.respond(request.user, payload.token, payload.action)
    detail = (
        "Invitation accepted: your application was sent."
        if answered.status == "accepted"
        else "Invitation declined."
    )
    return {"detail": detail, "status": answered.status}


@job_router.get("jobs/{int:job_id}/invites/", response=list[JobInviteOut])
def list_invites_of_job(request, response: HttpResponse, job_id: PathId, page: Query[PageParams]):
    """The job's invitations, newest first, withdrawn ones included (members of its
    organization; others 403 on an open job, 404 otherwise)."""
    job = services.managed_job(request.user, job_id)
    return paginate(request, response, invites.job_invites(job), page)


@job_router.delete("jobs/{int:job_id}/invites/{int:invite_id}/", response={204: None})
def withdraw_invite(request, job_id: PathId, invite_id: PathId):
    """Withdraw a pending invitation (members); one answered, expired or withdrawn → 400."""
    invites.withdraw(services.managed_job(request.user, job_id), invite_id)
    return Status(204, None)
