"""The bias audit of an organization, under /api/organization/ (issue 17, contract section 12;
mounted by apps/organizations/api.py).

GET    organizations/{id}/bias-audit/?job=&from=&to=&k=   selection rates and impact ratios by group

Aggregates only, and only for the organization's owners and admins and for staff: a member of
the organization 403, a user in no organization (a candidate) 403, another organization 404.
"""

from ninja import Query, Router

from platform_core.errors import Forbidden
from platform_core.schemas import PathId

from . import services
from .bias_audit import Scope, audit, make_scope
from .schemas import BiasAuditFilters, BiasAuditOut

router = Router(tags=["organizations"])


def audit_scope(user, organization_id: int, filters: BiasAuditFilters) -> Scope:
    """The scope the caller may audit: owners, admins and staff only."""
    if not user.is_staff and services.employer_organization_id(user) is None:
        raise Forbidden("Only an organization's owners and admins see its bias audit.")
    found = services.managed_organization(user, organization_id)
    return make_scope(
        found.organization,
        job_id=filters.job,
        date_from=filters.date_from,
        date_to=filters.date_to,
        k=filters.k,
    )


@router.get("organizations/{int:organization_id}/bias-audit/", response=BiasAuditOut, by_alias=True)
def bias_audit(request, organization_id: PathId, filters: Query[BiasAuditFilters]):
    """Per outcome (`shortlisted_or_hired`, `hired`, `ranked_top_k`) and group (gender,
    ethnicity, disability, gender x ethnicity): applicants, selected, selection rate and impact
    ratio, flagged below 0.8. Groups under `BIAS_AUDIT_MIN_CELL` applicants, and any a sum would
    give away, are suppressed. Method: docs/bias-audit.md."""
    return audit(audit_scope(request.user, organization_id, filters))
