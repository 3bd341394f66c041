"""Who may see a candidate's disability data: the one place that decides (contract section 6).

`disability_categories`, `accommodation_needs` and `workplace_accommodations` are shown to:
- the candidate themself, and staff;
- an employer, only for a candidate who applied to a job of the employer's organization, and only
  once that application reached the stage the candidate chose in `disclosure_preference`:
  DURING_APPLICATION once applied, DURING_INTERVIEW once shortlisted, AFTER_JOB_OFFER once hired;
  AFTER_STARTING_WORK and NOT_APPLICABLE never. A rejected or withdrawn application discloses
  nothing.
Nobody else, ever. Where hidden, the fields read `null`. The data is never handed to ranking,
search, plugins or an LLM.

Applications belong to the jobs app, which sits above this one: it registers an
`ApplicationStages` source here at start-up. Without one, no employer sees disability data.
A list may read the stages in its own query (`with_stages`); `mark_disclosure` otherwise asks
for them by one query of its own.
"""

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Expression, Q, QuerySet

from apps.organizations.services import employer_organization_id

from .choices import DisclosurePreference

APPLIED, SHORTLISTED, HIRED = "applied", "shortlisted", "hired"

STAGES_THAT_DISCLOSE: dict[str, frozenset[str]] = {
    DisclosurePreference.DURING_APPLICATION: frozenset({APPLIED, SHORTLISTED, HIRED}),
    DisclosurePreference.DURING_INTERVIEW: frozenset({SHORTLISTED, HIRED}),
    DisclosurePreference.AFTER_JOB_OFFER: frozenset({HIRED}),
    DisclosurePreference.AFTER_STARTING_WORK: frozenset(),
    DisclosurePreference.NOT_APPLICABLE: frozenset(),
}


class ApplicationStages(Protocol):
    """What the jobs app tells this one about applications to an organization's jobs."""

    def applicants(self, organization_id: int) -> QuerySet:
        """Profile ids of candidates with a current (not withdrawn) application to the org."""

    def stages(self, organization_id: int, profile_ids: Iterable[int]) -> dict[int, set[str]]:
        """For each profile id, the statuses of its applications to the org's jobs."""

    def stages_column(self, organization_id: int) -> Expression:
        """For each profile of the outer query (`OuterRef("pk")`), the same as a JSON array of
        `{"organization": id, "status": status}`, one per application."""


_source: ApplicationStages | None = None


def register_application_stages(source: ApplicationStages) -> None:
    global _source
    _source = source


def disclosure_allows(preference: str, stages: Iterable[str]) -> bool:
    """Whether an application at any of `stages` reveals data under `preference`."""
    allowed = STAGES_THAT_DISCLOSE.get(preference, frozenset())
    return any(stage in allowed for stage in stages)


def employer_scope(viewer) -> Q | None:
    """For an employer, the profiles they may see (available, or applied to their organization)."""
    organization_id = employer_organization_id(viewer)
    if organization_id is None:
        return None
    return organization_scope(organization_id)


def organization_scope(organization_id: int) -> Q:
    """The profiles an organization's members may see: available, or applied to it."""
    scope = Q(is_available=True)
    if _source is not None:
        scope |= Q(pk__in=_source.applicants(organization_id))
    return scope


# The annotation `with_stages` gives each profile.
STAGES_ANNOTATION = "_application_stages"


def with_stages(profiles: QuerySet, organization_id: int) -> QuerySet:
    """`profiles`, each with its application stages at the organization (`stages_column`), for
    `mark_disclosure` to read instead of asking by a query of its own."""
    if _source is None:
        return profiles
    return profiles.annotate(**{STAGES_ANNOTATION: _source.stages_column(organization_id)})


def _carried_stages(profiles: list, organization_id: int) -> dict[int, set[str]] | None:
    """The stages the profiles carry (`with_stages`), or None unless every one of them does.
    Only the organization's own applications count, whichever organization they were read for."""
    stages: dict[int, set[str]] = {}
    for profile in profiles:
        carried = profile.__dict__.get(STAGES_ANNOTATION)
        if not isinstance(carried, list):
            return None
        stages[profile.pk] = {
            row["status"] for row in carried if row.get("organization") == organization_id
        }
    return stages


def mark_disclosure(viewer, profiles: list) -> list:
    """Decide, for each profile, whether `viewer` sees its disability data (one query at most,
    none for profiles read `with_stages`)."""
    if not profiles:
        return profiles
    if viewer.is_authenticated and viewer.is_staff:
        decided = {profile.pk: True for profile in profiles}
    else:
        decided = {profile.pk: profile.user_id == viewer.pk for profile in profiles}
        organization_id = employer_organization_id(viewer)
        if organization_id is not None and _source is not None:
            stages = _carried_stages(profiles, organization_id)
            if stages is None:
                stages = _source.stages(organization_id, [profile.pk for profile in profiles])
            for profile in profiles:
                if disclosure_allows(profile.disclosure_preference, stages.get(profile.pk, ())):
                    decided[profile.pk] = True
    for profile in profiles:
        profile._disability_disclosed = decided[profile.pk]
    return profiles


def disclosed(profile) -> bool:
    """Whether this profile object was marked as disclosing; unmarked means hidden (fail closed)."""
    return getattr(profile, "_disability_disclosed", False) is True
