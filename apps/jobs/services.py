"""Job and application logic. Scoped querysets first: every endpoint filters through them.

Jobs belong to an organization: its members manage them; the public sees open jobs only, through
browse and detail. On an open job, managing actions by a non-member are 403; a draft or closed job
is 404 to outsiders. Applications are never public: any action on an application of a job the
caller does not manage is 404, except a decision by the applicant themself (403: they know it).
"""

from collections.abc import Callable, Iterable
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apps.accounts.models import User
from apps.candidates.disclosure import mark_disclosure
from apps.candidates.models import CandidateProfile
from apps.candidates.schemas import DisabilityOut
from apps.candidates.services import profile_of
from apps.organizations.services import employer_organization_id
from platform_core.errors import BadRequest, Conflict, Forbidden, NotFound
from platform_core.prepared import PreparedQuery
from platform_core.schemas import skill_key, skill_keys
from platform_core.sql_json import AmongIds, JSONRows, holding_all
from platform_core.tasks import email_on_commit

from . import accommodations, ranking
from .models import (
    DERIVED_FIELDS,
    SEARCH_FIELDS,
    Application,
    ApplicationStatus,
    JobPost,
    JobSkill,
    JobStatus,
)
from .schemas import BrowseFilters, JobFilters, JobIn
from .skill_lists import with_skills

ACTIVE = frozenset(
    {ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED, ApplicationStatus.HIRED}
)
FINAL = frozenset(
    {ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}
)
DECISIONS = {
    ApplicationStatus.APPLIED: {
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.HIRED,
        ApplicationStatus.REJECTED,
    },
    ApplicationStatus.SHORTLISTED: {ApplicationStatus.HIRED, ApplicationStatus.REJECTED},
}


# --- scoped querysets ---------------------------------------------------------------------------


def public_jobs() -> QuerySet:
    """Open jobs, with what their public view shows."""
    jobs = (
        JobPost.objects.filter(status=JobStatus.OPEN)
        .select_related("organization")
        .defer(*DERIVED_FIELDS)
    )
    return ranking.with_ranking_status(with_skills(jobs), task_id=False)


def organization_jobs(user: User) -> QuerySet:
    """The jobs of the caller's organization, with what the members' view shows."""
    organization_id = employer_organization_id(user)
    if organization_id is None:
        return JobPost.objects.none()
    return _jobs_of_organization(organization_id)


def _jobs_of_organization(organization_id: int) -> QuerySet:
    candidate_profiles = CandidateProfile.objects.filter(user=OuterRef("user"))
    jobs = (
        JobPost.objects.filter(organization_id=organization_id)
        .select_related("organization", "user", "ranking")
        .defer("ranking__entries", *DERIVED_FIELDS)
        .annotate(
            applications_count=Count(
                "applications", filter=~Q(applications__status=ApplicationStatus.WITHDRAWN)
            ),
            _author_is_candidate=Exists(candidate_profiles),
        )
    )
    return ranking.with_ranking_status(with_skills(jobs))


def require_employer(user: User) -> int:
    organization_id = employer_organization_id(user)
    if organization_id is None:
        raise Forbidden("Only members of an organization can manage jobs.")
    return organization_id


# One job by id, as its organization's members or the public see it, compiled once per
# connection (every job route starts with one of them).
_organization_job = PreparedQuery(
    lambda organization_id, pk: _jobs_of_organization(organization_id).filter(pk=pk)[:1]
)
_public_job = PreparedQuery(lambda pk: public_jobs().filter(pk=pk)[:1])


def job_for_viewer(user: User, job_id: int) -> tuple[JobPost, bool]:
    """The job and whether the caller manages it; 404 unless they manage it or it is open."""
    organization_id = employer_organization_id(user)
    if organization_id is not None:
        found = _organization_job(organization_id=organization_id, pk=job_id)
        if found:
            return found[0], True
    found = _public_job(pk=job_id)
    if not found:
        raise NotFound()
    return found[0], False


# The job a managing route acts on (`managed_job`): its columns and organization, which the
# routes read (an invitation's email, a changed job's search text), without the skills, counts
# and ranking annotations only the job's views show.
_managed_job = PreparedQuery(
    lambda organization_id, pk: (
        JobPost.objects.filter(organization_id=organization_id, pk=pk)
        .select_related("organization")
        .order_by()[:1]
    )
)
_open_job_id = PreparedQuery(
    lambda pk: JobPost.objects.filter(pk=pk, status=JobStatus.OPEN).only("pk").order_by()[:1]
)


def managed_job(user: User, job_id: int) -> JobPost:
    """A job of the caller's organization. On someone else's open job: 403; any other job: 404."""
    organization_id = employer_organization_id(user)
    if organization_id is not None:
        found = _managed_job(organization_id=organization_id, pk=job_id)
        if found:
            return found[0]
    if _open_job_id(pk=job_id):
        raise Forbidden("Only members of the job's organization can do this.")
    raise NotFound()


def job_for_decision(user: User, job_id: int, application_id: int) -> JobPost:
    """A job of the caller's organization, to decide on one of its applications. Applications
    are never public, so anyone else gets 404 whatever the job's status, except the applicant
    themself, who knows the application: 403."""
    job = organization_jobs(user).filter(pk=job_id).first()
    if job is not None:
        return job
    if Application.objects.filter(pk=application_id, job_id=job_id, candidate__user=user).exists():
        raise Forbidden("Only members of the job's organization can decide on an application.")
    raise NotFound()


def author_view(job: JobPost) -> JobPost:
    """Attach the author's role flags computed in the query, so no row costs a query."""
    if job.user is not None:
        job.user._is_candidate = getattr(job, "_author_is_candidate", None)
    return job


# --- search and filters -------------------------------------------------------------------------


def _search(jobs: QuerySet, term: str) -> QuerySet:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVectorField
        from django.db.models.expressions import Col

        # The stored vector of migration 0007, indexed by GIN: a plan that filters rows reads it
        # instead of computing `to_tsvector` per job. It is no model field (SQLite has no such
        # column), so it is named as a column of the query's jobs table; `alias` keeps it out
        # of the selected columns.
        column = SearchVectorField()
        column.set_attributes_from_name("search_vector")
        return jobs.alias(search=Col(JobPost._meta.db_table, column)).filter(
            search=SearchQuery(term, config="english", search_type="websearch")
        )
    return jobs.filter(search_document__icontains=term)


def filter_jobs(jobs: QuerySet, filters: BrowseFilters) -> QuerySet:
    if filters.search and filters.search.strip():
        jobs = _search(jobs, filters.search.strip())
    if filters.workplace_type is not None:
        jobs = jobs.filter(workplace_type=filters.workplace_type)
    if filters.job_type is not None:
        jobs = jobs.filter(job_type=filters.job_type)
    if filters.location:
        jobs = jobs.filter(location__icontains=filters.location.strip())
    if filters.skills:
        jobs = having_skills(jobs, skill_keys(filters.skills))
    if filters.visa_required is not None:
        jobs = jobs.filter(visa_required=filters.visa_required)
    if filters.organization is not None:
        jobs = jobs.filter(organization_id=filters.organization)
    if filters.accommodations:
        jobs = offering_all(jobs, filters.accommodations.split(","))
    if isinstance(filters, JobFilters) and filters.status:
        jobs = jobs.filter(status=filters.status)
    field = filters.ordering
    return jobs.order_by(field, "-id" if field.startswith("-") else "id")


# The filters of a job list that reach the SQL as given (exact matches): a list filtered by
# only these, and by a search on PostgreSQL, is a prepared query (`ORGANIZATION_JOB_LIST`,
# `BROWSE_LIST`).
_EXACT_FILTERS = ("workplace_type", "job_type", "organization", "status")


def prepared_job_filters(filters: BrowseFilters) -> tuple[tuple, dict] | None:
    """The shape and values of a prepared job list for these filters, or None when one of them
    does not reach the SQL as given (location, skills, accommodations; a search on SQLite, which
    is a LIKE pattern): the ORM builds those lists. On PostgreSQL the search term is a parameter
    of `websearch_to_tsquery`, as given."""
    if filters.location or filters.skills or filters.accommodations:
        return None
    values = {name: getattr(filters, name, None) for name in _EXACT_FILTERS}
    values = {name: value for name, value in values.items() if value is not None}
    term = filters.search.strip() if filters.search else ""
    if term:
        if connection.vendor != "postgresql":
            return None
        values["search"] = term
    return (tuple(sorted(values)), filters.visa_required, filters.ordering), values


def _filtered(
    jobs: QuerySet, visa_required: bool | None, ordering: str, search: str = "", **values
) -> QuerySet:
    # The term is stripped already (prepared_job_filters); filter_jobs would strip the
    # stand-in values PreparedQuery compiles with, which end in a control character.
    if search:
        jobs = _search(jobs, search)
    filters = JobFilters.model_construct(visa_required=visa_required, ordering=ordering, **values)
    return filter_jobs(jobs, filters)


def _organization_job_list(
    names: tuple, visa_required: bool | None, ordering: str, organization_id: int, **values
) -> QuerySet:
    return _filtered(_jobs_of_organization(organization_id), visa_required, ordering, **values)


def _organization_job_count(
    names: tuple, visa_required: bool | None, ordering: str, organization_id: int, **values
) -> QuerySet:
    jobs = JobPost.objects.filter(organization_id=organization_id)
    return _filtered(jobs, visa_required, ordering, **values)


# The organization's job list (`list_jobs`) with exact filters only, compiled once per
# connection and filter shape: with its annotations, building and compiling the count and page
# queries cost more than running them (docs/performance.md).
ORGANIZATION_JOB_LIST = PreparedQuery(_organization_job_list, count_build=_organization_job_count)

# The public browse's page and bounded count with exact filters only (and a search on
# PostgreSQL), compiled once per connection and filter shape (`browse_list`).
BROWSE_LIST = PreparedQuery(
    lambda names, visa_required, ordering, **values: _filtered(
        public_jobs(), visa_required, ordering, **values
    ),
    count_build=lambda names, visa_required, ordering, **values: _filtered(
        JobPost.objects.filter(status=JobStatus.OPEN).only("pk"), visa_required, ordering, **values
    ),
    keys_first=True,
)


def browse_list(
    filters: BrowseFilters,
) -> tuple[QuerySet | Callable[[], QuerySet], dict[str, Callable]]:
    """The open jobs these filters keep, for `paginate`: the queryset, and with exact filters
    only `BROWSE_LIST`'s prepared page and count of the same rows (`rows`, `count`), which
    `paginate` then uses instead of the queryset; the queryset, which it only estimates a
    total past the exact count's limit from, is then a function that builds it."""
    prepared = prepared_job_filters(filters)
    if prepared is None:
        return filter_jobs(public_jobs(), filters), {}
    shape, values = prepared
    counted = partial(filter_jobs, JobPost.objects.filter(status=JobStatus.OPEN), filters)
    return counted, {
        "rows": partial(BROWSE_LIST.page, *shape, **values),
        "count": lambda limit: BROWSE_LIST.count_up_to(limit, *shape, **values),
    }


def having_skills(jobs: QuerySet, keys: Iterable[str]) -> QuerySet:
    """The jobs that have every skill of `keys` (casefolded, as `skill_key` gives them); on
    PostgreSQL served by the GIN index of migration 0008."""
    return holding_all(jobs, "skill_keys", keys)


def offering_all(jobs: QuerySet, wanted: Iterable[str]) -> QuerySet:
    """The jobs offering every one of `wanted` (values of the offered vocabulary); on
    PostgreSQL served by the GIN index of migration 0006."""
    return holding_all(jobs, "accommodations_offered", wanted)


def needs_to_match(user: User) -> list[str]:
    """The needs `?matches_my_needs=true` filters by: the caller's own, read from their profile
    for this request only (nothing is stored or logged). An employer has none to match: 400."""
    if employer_organization_id(user) is not None:
        raise BadRequest("matches_my_needs is for candidates: employers have no needs to match.")
    return accommodations.needs_of_user(user) or []


# --- jobs ---------------------------------------------------------------------------------------


def _skills(names: Iterable[str]) -> list[JobSkill]:
    """The skill rows for these names, in their order, creating missing ones (one row per name
    in any letter case), in a fixed number of queries however many names."""
    wanted: dict[str, str] = {}
    for name in names:
        wanted.setdefault(skill_key(name), name.strip())
    if not wanted:
        return []
    found = {skill.key: skill for skill in JobSkill.objects.filter(key__in=wanted)}
    missing = [JobSkill(name=name, key=key) for key, name in wanted.items() if key not in found]
    if missing:
        # A concurrent request may create the same skill: its row wins, ours is skipped.
        JobSkill.objects.bulk_create(missing, ignore_conflicts=True)
        created = JobSkill.objects.filter(key__in=[skill.key for skill in missing])
        found.update((skill.key, skill) for skill in created)
    return [found[key] for key in wanted]


def refresh_search_documents(jobs: QuerySet, chunk_size: int = 500) -> None:
    """Recompose the search text (title, description, skills, organization, location) and the
    skill keys of `jobs`: one query for their ids, then three per `chunk_size` jobs, whatever
    the number of skills."""
    ids = list(jobs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = (
            JobPost.objects.filter(pk__in=ids[start : start + chunk_size])
            .select_related("organization")
            .prefetch_related("skills")
            .only(*SEARCH_FIELDS, *DERIVED_FIELDS, "organization__name")
        )
        changed = []
        for job in chunk:
            values = job.compose_derived_fields()
            if any(getattr(job, name) != value for name, value in values.items()):
                job.__dict__.update(values)
                changed.append(job)
        JobPost.objects.bulk_update(changed, DERIVED_FIELDS)


def refresh_search_document(job: JobPost) -> None:
    """Recompose one job's search text and skill keys, in the database and on `job`."""
    values = job.compose_derived_fields()
    job.__dict__.update(values)
    JobPost.objects.filter(pk=job.pk).update(**values)


def save_job(job: JobPost, values: dict) -> JobPost:
    """Write a job and its skills. The search text follows by itself: `save()` recomposes it
    when the job's fields change, and the skills' M2M signal when they do."""
    skills = values.pop("skills", None)
    for field, value in values.items():
        setattr(job, field, value)
    with transaction.atomic():
        job.save()
        if skills is not None:
            job.skills.set(_skills(skills))
    return job


def create_job(user: User, data: JobIn) -> JobPost:
    organization_id = require_employer(user)
    job = save_job(JobPost(organization_id=organization_id, user=user), data.model_dump())
    return author_view(organization_jobs(user).get(pk=job.pk))


def update_job(user: User, job: JobPost, data: JobIn, *, partial: bool) -> JobPost:
    save_job(job, data.model_dump(exclude_unset=partial))
    return author_view(organization_jobs(user).get(pk=job.pk))


# --- applications -------------------------------------------------------------------------------


# The job an application goes to (any but a draft), compiled once per connection.
_applicable_job = PreparedQuery(
    lambda pk: JobPost.objects.filter(pk=pk).exclude(status=JobStatus.DRAFT).order_by()[:1]
)


def apply(user: User, job_id: int) -> Application:
    """Apply the caller's candidate profile to an open job; a second application is 409."""
    if employer_organization_id(user) is not None:
        raise Forbidden("Employers cannot apply to jobs.")
    profile = profile_of(user)
    if profile is None:
        raise Forbidden("Create your candidate profile before applying.")
    found = _applicable_job(pk=job_id)
    if not found:
        raise NotFound()
    job = found[0]
    if job.status == JobStatus.CLOSED:
        raise BadRequest("This job is closed and no longer takes applications.")
    try:
        with transaction.atomic():
            return Application.objects.create(job=job, candidate=profile)
    except IntegrityError as exc:
        raise Conflict("You already applied to this job.") from exc


def candidate_applications(user: User) -> QuerySet:
    return Application.objects.filter(candidate__user=user).select_related(
        "job", "job__organization"
    )


def withdraw(user: User, application_id: int) -> Application:
    with transaction.atomic():
        application = (
            candidate_applications(user)
            .select_for_update(of=("self",))
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            raise NotFound()
        if application.status in FINAL:
            raise BadRequest(f"An application that is {application.status} cannot be withdrawn.")
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
    return application


def job_applications(job: JobPost) -> QuerySet:
    """A managed job's applications, newest first, with the candidate's user and profile."""
    return _applications_of(job.pk)


# What an applicant view reads (ApplicationOut, ApplicantOut, and the disclosure decision and
# log: the preference and the disability fields). The rest of a candidate's row (preferences,
# files, dates) and of its user's was loaded and JSON-decoded on every row for nothing.
_APPLICANT_COLUMNS = (
    "job_id",
    "candidate_id",
    "status",
    "applied_at",
    "updated_at",
    "candidate__slug",
    "candidate__user_id",
    *(f"candidate__{name}" for name in DisabilityOut.model_fields),
    "candidate__user__first_name",
    "candidate__user__last_name",
    "candidate__user__email",
    "candidate__user__profile__user_id",
    "candidate__user__profile__avatar",
)


def _applications_of(job_id: int, **values: str) -> QuerySet:
    applications = Application.objects.filter(job_id=job_id, **values)
    return applications.select_related("candidate", "candidate__user", "candidate__user__profile")


# A job's applicant list (`?status=` or not), compiled once per connection: its count and page.
APPLICANT_LIST = PreparedQuery(
    lambda job_id, **values: _applications_of(job_id, **values).only(*_APPLICANT_COLUMNS),
    count_build=lambda job_id, **values: Application.objects.filter(job_id=job_id, **values),
)


def applicants_view(viewer: User, applications: list) -> list:
    """Decide disclosure for the page of applicants in one query."""
    mark_disclosure(viewer, [application.candidate for application in applications])
    return applications


def decide(job: JobPost, application_id: int, status: str) -> Application:
    """Move an application on (applied → shortlisted | hired | rejected, shortlisted → hired |
    rejected); anything else is a 400. The candidate is emailed."""
    with transaction.atomic():
        application = (
            job_applications(job).select_for_update(of=("self",)).filter(pk=application_id).first()
        )
        if application is None:
            raise NotFound()
        if status not in DECISIONS.get(application.status, set()):
            raise BadRequest(f"An application that is {application.status} cannot become {status}.")
        application.status = status
        application.save(update_fields=["status", "updated_at"])
        candidate = application.candidate.user
        email_on_commit(
            "jobs/email/decision.txt",
            {"user": candidate, "job": job, "status": status, "organization": job.organization},
            f"Your application for {job.title}",
            [candidate.email],
        )
    return application


class OrganizationApplications:
    """The application stages the candidates app asks about, for disclosure and visibility."""

    def applicants(self, organization_id: int) -> QuerySet:
        return (
            Application.objects.filter(job__organization_id=organization_id)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .values("candidate_id")
        )

    def stages_column(self, organization_id: int) -> JSONRows:
        # In no order: the stages are a set (`_carried_stages`), and a sort per profile costs.
        return JSONRows(
            _active_at(organization_id).filter(candidate_id=OuterRef("pk")),
            organization="job__organization_id",
            status="status",
        )

    def stages(self, organization_id: int, profile_ids: Iterable[int]) -> dict[int, set[str]]:
        stages: dict[int, set[str]] = {}
        ids = ",".join(str(int(profile_id)) for profile_id in profile_ids)
        for application in _ACTIVE_APPLICATIONS(organization_id=organization_id, ids=ids):
            stages.setdefault(application.candidate_id, set()).add(application.status)
        return stages


def _active_at(organization_id: int) -> QuerySet:
    """The active applications to an organization's jobs, unordered: what decides disclosure."""
    return Application.objects.filter(
        job__organization_id=organization_id, status__in=sorted(ACTIVE)
    ).order_by()


# The active applications of some candidates to an organization's jobs (`stages`, which every
# list deciding disclosure asks), compiled once per connection whatever the number of ids.
_ACTIVE_APPLICATIONS = PreparedQuery(
    lambda organization_id, ids: (
        _active_at(organization_id)
        .filter(AmongIds("candidate_id", ids))
        .only("candidate_id", "status")
    )
)
