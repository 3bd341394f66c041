"""Organizations, members and invitations, under /api/organization/ (contract sections 6 and 9).

GET    organizations/                          the caller's organization (staff: all), paginated
POST   organizations/                          create (JSON or multipart with `avatar`); caller is owner
GET    organizations/{id}/                     members and staff
PUT    organizations/{id}/  PATCH ...          owner or admin
DELETE organizations/{id}/                     owner only
GET    organizations/{id}/avatar/              the public logo image
POST   organizations/{id}/create-invite/       owner or admin; emails a single-use 7-day code
GET    organizations/{id}/invites/             owner or admin
DELETE organizations/{id}/invites/{invite_id}/ revoke (owner or admin)
PATCH  organizations/{id}/members/{user_id}/   change a role (owners alone touch owners)
DELETE organizations/{id}/members/{user_id}/   remove a member, or leave (never the last owner)
POST   invites/accept/                         join with an invitation code sent to your email
GET|POST test/candidate-insight/{candidate_id}/, POST test/candidate-insight/   (insight_api.py)
GET    organizations/{id}/bias-audit/          owner, admin or staff (bias_audit_api.py)
POST jobs/{job_id}/invite/, GET selected-candidates/   job invitations (apps/jobs/invites_api.py)
"""

from django.http import HttpResponse
from ninja import Query, Router, Status

from apps.jobs.invites_api import org_router as job_invites_router
from platform_core.errors import NotFound
from platform_core.files import file_response
from platform_core.pagination import PageParams, paginate
from platform_core.payload import parse_payload, payload_openapi
from platform_core.schemas import PathId

from . import services
from .bias_audit_api import router as bias_audit_router
from .insight_api import router as insight_router
from .models import Organization
from .schemas import (
    AcceptInviteIn,
    InviteCreatedOut,
    InviteIn,
    InviteOut,
    MemberPatch,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    OrganizationUserOut,
)

router = Router(tags=["organizations"])
router.add_router("", insight_router)
router.add_router("", bias_audit_router)
router.add_router("", job_invites_router)


@router.get("organizations/", response=list[OrganizationOut])
def list_organizations(request, response: HttpResponse, page: Query[PageParams]):
    """The caller's organization (a list of 0 or 1); staff see every organization."""
    return paginate(request, response, services.visible_organizations(request.user), page)


@router.post(
    "organizations/",
    response={201: OrganizationOut},
    openapi_extra=payload_openapi(OrganizationIn, files=("avatar",)),
)
def create_organization(request):
    """Create an organization; the caller becomes its owner. 409 for candidates and members."""
    payload = parse_payload(request, OrganizationIn)
    organization = services.create_organization(request.user, payload, request.FILES.get("avatar"))
    return Status(201, organization)


@router.get("organizations/{int:organization_id}/", response=OrganizationOut)
def get_organization(request, organization_id: PathId):
    """Members and staff; anyone else 404."""
    return services.access(request.user, organization_id).organization


def _update(request, organization_id: int, schema, *, partial: bool):
    found = services.managed_organization(request.user, organization_id)
    payload = parse_payload(request, schema)
    return services.update_organization(
        found, payload, request.FILES.get("avatar"), partial=partial
    )


@router.put(
    "organizations/{int:organization_id}/",
    response=OrganizationOut,
    openapi_extra=payload_openapi(OrganizationIn, files=("avatar",)),
)
def replace_organization(request, organization_id: PathId):
    """Replace the organization's fields (owner or admin); `name` is required."""
    return _update(request, organization_id, OrganizationIn, partial=False)


@router.patch(
    "organizations/{int:organization_id}/",
    response=OrganizationOut,
    openapi_extra=payload_openapi(OrganizationPatch, files=("avatar",)),
)
def patch_organization(request, organization_id: PathId):
    """Change the fields sent (owner or admin); multipart may carry a new `avatar`."""
    return _update(request, organization_id, OrganizationPatch, partial=True)


@router.delete("organizations/{int:organization_id}/", response={204: None})
def delete_organization(request, organization_id: PathId):
    """Delete the organization with its memberships and invitations (owner only)."""
    services.delete_organization(services.access(request.user, organization_id))
    return Status(204, None)


@router.get("organizations/{int:organization_id}/avatar/", auth=None)
def organization_avatar(request, organization_id: PathId):
    """The organization's logo: public branding, served to anyone."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None or not organization.avatar:
        raise NotFound()
    return file_response(organization.avatar)


# --- invitations --------------------------------------------------------------------------------


@router.post("organizations/{int:organization_id}/create-invite/", response={201: InviteCreatedOut})
def create_invite(request, organization_id: PathId, payload: InviteIn):
    """Invite an email address with a role (only an owner may invite an owner); a member → 409."""
    found = services.managed_organization(request.user, organization_id)
    invite, code = services.create_invite(found, request.user, payload.email, payload.role)
    return Status(
        201,
        {
            "id": invite.pk,
            "email": invite.email,
            "role": invite.role,
            "invite_code": code,
            "expires_at": invite.expires_at,
            "accepted": invite.accepted,
        },
    )


@router.get("organizations/{int:organization_id}/invites/", response=list[InviteOut])
def list_invites(request, organization_id: PathId, response: HttpResponse, page: Query[PageParams]):
    """Invitations of the organization, newest first (owner or admin). Codes are never shown."""
    found = services.managed_organization(request.user, organization_id)
    return paginate(request, response, services.invites_of(found), page)


@router.delete("organizations/{int:organization_id}/invites/{int:invite_id}/", response={204: None})
def revoke_invite(request, organization_id: PathId, invite_id: PathId):
    """Revoke an invitation that was not accepted yet (owner or admin); an accepted one → 409."""
    services.revoke_invite(services.managed_organization(request.user, organization_id), invite_id)
    return Status(204, None)


@router.post("invites/accept/", response=OrganizationOut)
def accept_invite(request, payload: AcceptInviteIn):
    """Join the organization of an invitation issued to the caller's email. A candidate, or a
    member of an organization already → 409."""
    return services.accept_invite(request.user, payload.invite_code)


# --- members ------------------------------------------------------------------------------------


@router.patch(
    "organizations/{int:organization_id}/members/{int:user_id}/", response=OrganizationUserOut
)
def change_member_role(request, organization_id: PathId, user_id: PathId, payload: MemberPatch):
    """Change a member's role. Admins manage admins and members; only owners touch owners.
    Demoting the last owner → 409."""
    found = services.access(request.user, organization_id)
    return services.change_role(found, user_id, payload.role)


@router.delete("organizations/{int:organization_id}/members/{int:user_id}/", response={204: None})
def remove_member(request, organization_id: PathId, user_id: PathId):
    """Remove a member (owner or admin), or leave (your own id). The last owner cannot go (409)."""
    found = services.access(request.user, organization_id)
    services.remove_member(found, request.user, user_id)
    return Status(204, None)
