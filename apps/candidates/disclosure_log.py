"""The disclosure log: which employers (and staff) were shown a candidate's disability data.

`disclosure.py` decides who sees the data; this module remembers each time someone other than the
candidate did, so the candidate can read it back (`GET profiles/{slug}/disclosures/`). Every view
whose response carries profiles with `disclosure.disclosed` set calls `record` with its OpenAPI
operation id once the page is decided: one `DisclosureEvent` per profile that shows at least one
of the three fields with a value, all written by a single INSERT, so a list of 100 profiles costs
the same number of queries as a list of one.

Not recorded: the candidate's own reads (nothing is disclosed to them), reads in the Django admin
(it does not go through these views), and a disclosed profile whose three fields are all empty
(no disability data was shown). Staff reads through the API are recorded with role `staff` and no
organization. `purge_expired` drops rows older than DISCLOSURE_LOG_RETENTION_DAYS (a periodic
task, apps/candidates/tasks.py).
"""

import datetime as dt
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from platform_core.errors import NotFound

from .disclosure import disclosed
from .models import CandidateProfile, DisclosureEvent

DISABILITY_FIELDS = ("disability_categories", "accommodation_needs", "workplace_accommodations")


def shown_fields(profile: CandidateProfile) -> list[str]:
    """The disability fields a response shows with a value for this profile (none if hidden)."""
    if not disclosed(profile):
        return []
    return [field for field in DISABILITY_FIELDS if getattr(profile, field)]


def _viewer_role(viewer) -> tuple[int | None, str]:
    """The organization and role recorded for `viewer`. `mark_disclosure` already read the
    viewer's membership on this same user object, so this costs no query."""
    if viewer.is_staff:
        return None, DisclosureEvent.STAFF
    membership = getattr(viewer, "membership", None)
    if membership is None:
        return None, ""
    return membership.organization_id, membership.role


def record(viewer, endpoint: str, profiles: Iterable[CandidateProfile]) -> None:
    """Record that `viewer` was shown, by the operation `endpoint`, each of `profiles` whose
    disability data the response carries; one INSERT for all of them, none if there are none."""
    if not viewer.is_authenticated:
        return
    shown = [
        (profile, fields)
        for profile in profiles
        if profile.user_id != viewer.pk and (fields := shown_fields(profile))
    ]
    if not shown:
        return
    organization_id, role = _viewer_role(viewer)
    now = timezone.now()
    DisclosureEvent.objects.bulk_create(
        [
            DisclosureEvent(
                profile=profile,
                viewer=viewer,
                organization_id=organization_id,
                role=role,
                endpoint=endpoint,
                fields=fields,
                seen_at=now,
            )
            for profile, fields in shown
        ]
    )


def readable_log(
    viewer, slug: str, *, organization: int | None = None, since: dt.datetime | None = None
) -> QuerySet:
    """The log of the profile `slug`, newest first, for its candidate and staff; anyone else,
    employers whose own reads it lists included, gets a 404."""
    profiles = CandidateProfile.objects.filter(slug=slug)
    if not viewer.is_staff:
        profiles = profiles.filter(user=viewer)
    profile_id = profiles.values_list("pk", flat=True).first()
    if profile_id is None:
        raise NotFound()
    events = DisclosureEvent.objects.filter(profile_id=profile_id).select_related(
        "viewer", "organization"
    )
    if organization is not None:
        events = events.filter(organization_id=organization)
    if since is not None:
        if timezone.is_naive(since):
            since = timezone.make_aware(since, dt.UTC)
        events = events.filter(seen_at__gte=since)
    return events.order_by("-seen_at", "-id")


def summary(profile: CandidateProfile) -> dict:
    """For the candidate's own page: how many organizations have seen their data, and when an
    organization last did (staff reads are in the log but are no organization's)."""
    employers = ~Q(role=DisclosureEvent.STAFF)
    return DisclosureEvent.objects.filter(profile=profile).aggregate(
        organizations=Count("organization", distinct=True),
        last_seen_at=Max("seen_at", filter=employers),
    )


def attach_own_summary(viewer, profile) -> None:
    """On the candidate's own `full/`, set the `disclosure_summary` FullProfileOut shows; for
    anyone else the profile gets none, and the key stays out of the response."""
    if profile.user_id == viewer.pk:
        profile.disclosure_summary = summary(profile)


def purge_expired() -> int:
    """Delete the rows older than DISCLOSURE_LOG_RETENTION_DAYS; the number deleted."""
    cutoff = timezone.now() - timedelta(days=settings.DISCLOSURE_LOG_RETENTION_DAYS)
    deleted, _ = DisclosureEvent.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
