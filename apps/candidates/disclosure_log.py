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
import json
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Coalesce
from django.utils import timezone

from platform_core.errors import NotFound

from .disclosure import disclosed
from .models import CandidateProfile, DisclosureEvent

# The prefix of `with_summary`'s annotations.
SUMMARY_ANNOTATION = "disclosure_summary_"

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
        (profile.pk, fields)
        for profile in profiles
        if profile.user_id != viewer.pk and (fields := shown_fields(profile))
    ]
    if shown:
        organization_id, role = _viewer_role(viewer)
        _insert(shown, viewer.pk, organization_id, role, endpoint, timezone.now())


# The columns `_insert` writes, in its statement's order: those all its events share, then
# those of each event.
_SHARED = ("viewer_id", "organization_id", "role", "endpoint", "seen_at")
_PER_EVENT = ("profile_id", "fields")

# Per vendor, the events' rows from one JSON array of `[profile_id, fields]` pairs, in the
# array's order (the order of the page, as the events' ids then are).
_EVENT_ROWS = {
    "postgresql": "(value->>0)::bigint, value->1 FROM jsonb_array_elements(%s::jsonb) "
    "WITH ORDINALITY AS event(value, position) ORDER BY position",
    "sqlite": "json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s) "
    "ORDER BY key",
}
_INSERT_SQL: dict[str, str] = {}


def _insert_sql(connection) -> str:
    """`_insert`'s statement for the connection's database, built once per vendor."""
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in (*_SHARED, *_PER_EVENT))
        table = quote(DisclosureEvent._meta.db_table)
        shared = ", ".join(["%s"] * len(_SHARED))
        rows = _EVENT_ROWS[connection.vendor]
        # Names from the model, values as parameters.
        sql = f"INSERT INTO {table} ({columns}) SELECT {shared}, {rows}"  # noqa: S608
        _INSERT_SQL[connection.vendor] = sql
    return sql


def _insert(rows: list[tuple[int, list[str]]], *shared) -> None:
    """Write one event per `(profile_id, fields)` row, all with the same viewer, organization,
    role, endpoint and time, by a single INSERT: atomic by itself, so outside a transaction it
    needs none (bulk_create's BEGIN and COMMIT were two more round trips), and inside the
    caller's it is part of it (the project runs on PostgreSQL and SQLite: `_EVENT_ROWS`)."""
    connection = connections[DisclosureEvent.objects.db]
    seen_at = DisclosureEvent._meta.get_field("seen_at")
    params = [*shared[:-1], seen_at.get_db_prep_save(shared[-1], connection), json.dumps(rows)]
    sql = _insert_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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


def _summary_aggregates() -> dict:
    """For the candidate's own page: how many organizations have seen their data, and when an
    organization last did (staff reads are in the log but are no organization's)."""
    employers = ~Q(role=DisclosureEvent.STAFF)
    return {
        "organizations": Count("organization", distinct=True),
        "last_seen_at": Max("seen_at", filter=employers),
    }


def summary(profile: CandidateProfile) -> dict:
    """`_summary_aggregates` of the profile's log, by a query of its own."""
    return DisclosureEvent.objects.filter(profile=profile).aggregate(**_summary_aggregates())


def with_summary(profiles: QuerySet) -> QuerySet:
    """Annotate each profile with its `summary`, as subqueries of the profile's own query (for
    a viewer whose profile it must be: the query then costs no round trip of its own)."""
    events = DisclosureEvent.objects.filter(profile=OuterRef("pk")).order_by().values("profile")
    subqueries: dict[str, BaseExpression] = {
        name: Subquery(events.annotate(value=value).values("value"))
        for name, value in _summary_aggregates().items()
    }
    # A profile without events has no group: COUNT reads NULL there, where `summary` reads 0.
    subqueries["organizations"] = Coalesce(subqueries["organizations"], 0)
    return profiles.annotate(
        **{f"{SUMMARY_ANNOTATION}{name}": value for name, value in subqueries.items()}
    )


def attach_own_summary(viewer, profile) -> None:
    """On the candidate's own `full/`, set the `disclosure_summary` FullProfileOut shows, from
    `with_summary` when the profile's query had it; for anyone else the profile gets none, and
    the key stays out of the response."""
    if profile.user_id != viewer.pk:
        return
    if hasattr(profile, f"{SUMMARY_ANNOTATION}organizations"):
        profile.disclosure_summary = {
            name: getattr(profile, f"{SUMMARY_ANNOTATION}{name}") for name in _summary_aggregates()
        }
    else:
        profile.disclosure_summary = summary(profile)


def purge_expired() -> int:
    """Delete the rows older than DISCLOSURE_LOG_RETENTION_DAYS; the number deleted."""
    cutoff = timezone.now() - timedelta(days=settings.DISCLOSURE_LOG_RETENTION_DAYS)
    deleted, _ = DisclosureEvent.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
