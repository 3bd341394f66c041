"""The job lists and lookups read a job's skills in the job's own query (skill_lists.py), the
browse page is a prepared query when its filters allow, a managing route's job lookup carries
only the job, and the applicant list only the columns it shows. Every body is the one the full
rows give: the skills in the prefetch's order (JobSkill's default, by name), for 0, 1 and
several skills, on the prepared and the ORM paths, on SQLite and PostgreSQL."""

import json

import pytest
from django.db import connection
from django.test import RequestFactory

from apps.accounts.models import Profile
from apps.candidates.choices import DisabilityCategory, DisclosurePreference
from apps.candidates.disclosure import STAGES_ANNOTATION, disclosed, mark_disclosure
from apps.candidates.models import CandidateProfile
from apps.jobs import services, skill_lists
from apps.jobs.models import Application, ApplicationStatus, JobPost, JobStatus
from apps.jobs.schemas import ApplicationOut, JobFilters, PublicBrowseFilters
from platform_core.renderers import render_json
from tests.apps.candidates.factories import CandidateProfileFactory

from .factories import ApplicationFactory, JobPostFactory
from .helpers import BROWSE, JOBS, expected_members_view, expected_public_view, job_url

pytestmark = pytest.mark.django_db

# Not in insertion order, nor in id order, and in mixed letter case: the order shown is the
# database's ORDER BY name, as the prefetch gave it.
SKILL_SETS = [
    [],
    ["Python"],
    ["python3", "Django", "aws", "Zig", "C++", "ab c", "Ab", 'Straße "Ops"'],
]


@pytest.fixture
def jobs(organization, employer):
    return [
        JobPostFactory(organization=organization, user=employer, title=f"Role {i}", skills=skills)
        for i, skills in enumerate(SKILL_SETS)
    ]


def _by_id(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content
    return {job["id"]: job for job in response.json()}


def _skill_names(body: dict) -> list[str]:
    return [skill["name"] for skill in body["skills"]]


def test_browse_bodies_are_the_full_rows_views(api, jobs):
    prepared = _by_id(api.get(BROWSE))
    orm = _by_id(api.get(BROWSE, {"location": "toronto"}))  # a LIKE filter: the ORM's list

    expected = {job.pk: expected_public_view(job) for job in jobs}
    assert prepared == orm == expected
    assert [len(expected[job.pk]["skills"]) for job in jobs] == [0, 1, 8]


def test_browse_search_bodies_are_the_full_rows_views(api, jobs):
    found = _by_id(api.get(BROWSE, {"search": "accessible"}))

    assert found == {job.pk: expected_public_view(job) for job in jobs}


def test_organization_job_list_bodies_are_the_full_rows_views(employer_api, jobs):
    prepared = _by_id(employer_api.get(JOBS))
    orm = _by_id(employer_api.get(JOBS, {"location": "toronto"}))
    searched = _by_id(employer_api.get(JOBS, {"search": "accessible"}))

    expected = {job.pk: expected_members_view(job) for job in jobs}
    assert prepared == orm == searched == expected


@pytest.mark.parametrize("viewer", ["api", "employer_api", "candidate_api"])
def test_job_detail_bodies_are_the_full_rows_views(request, jobs, viewer):
    client = request.getfixturevalue(viewer)
    for job in jobs:
        body = client.get(job_url(job)).json()
        expected = expected_members_view(job) if viewer == "employer_api" else None
        if expected is None:
            expected = expected_public_view(job)
            body = {key: value for key, value in body.items() if key in expected}
        assert body == expected


def test_skills_shown_follow_a_change_on_the_next_request(api, employer_api, jobs):
    job = jobs[1]
    for _ in range(2):  # the second time through the compiled queries
        api.get(BROWSE), employer_api.get(JOBS), api.get(job_url(job))

    changed = employer_api.patch(job_url(job), {"skills": ["Rust", "Go"]})

    assert _skill_names(changed.json()) == ["Go", "Rust"]
    assert _skill_names(_by_id(api.get(BROWSE))[job.pk]) == ["Go", "Rust"]
    assert _skill_names(_by_id(employer_api.get(JOBS))[job.pk]) == ["Go", "Rust"]
    assert _skill_names(api.get(job_url(job)).json()) == ["Go", "Rust"]
    assert _skill_names(employer_api.get(job_url(job)).json()) == ["Go", "Rust"]
    employer_api.patch(job_url(job), {"skills": []})
    assert _by_id(api.get(BROWSE))[job.pk]["skills"] == []


def test_job_read_without_the_annotation_lists_its_skills(jobs):
    job = JobPost.objects.get(pk=jobs[2].pk)

    listed = [skill.name for skill in skill_lists.skills_of(job)]

    assert listed == _skill_names(expected_public_view(job))


# --- which path a list takes --------------------------------------------------------------------


@pytest.mark.parametrize("filters", [JobFilters, PublicBrowseFilters])
def test_search_is_prepared_only_on_postgresql(filters):
    prepared = services.prepared_job_filters(filters(search="  python  "))

    if connection.vendor == "postgresql":
        assert prepared is not None and prepared[1] == {"search": "python"}
    else:
        assert prepared is None  # a LIKE pattern reaches the SQL transformed


@pytest.mark.parametrize("name", ["location", "skills", "accommodations"])
def test_filters_that_are_not_exact_keep_the_orm(name):
    value = "remote_work" if name == "accommodations" else "x"

    assert services.prepared_job_filters(PublicBrowseFilters(**{name: value})) is None


def test_browse_blank_search_is_the_unsearched_prepared_list(api, jobs):
    assert services.prepared_job_filters(PublicBrowseFilters(search="   ")) is not None
    assert _by_id(api.get(BROWSE, {"search": "   "})) == _by_id(api.get(BROWSE))


# --- managing routes ----------------------------------------------------------------------------


def test_managing_someone_elses_job_is_403_if_open_else_404(other_employer_api, organization):
    open_job = JobPostFactory(organization=organization)
    draft = JobPostFactory(organization=organization, status=JobStatus.DRAFT)
    closed = JobPostFactory(organization=organization, status=JobStatus.CLOSED)

    statuses = [
        other_employer_api.get(job_url(job, "applications/")).status_code
        for job in (open_job, draft, closed)
    ]

    assert statuses == [403, 404, 404]
    assert other_employer_api.get(job_url(10**9, "applications/")).status_code == 404


# --- the applicant list -------------------------------------------------------------------------


def _reference_applicants(viewer, job, path) -> list[dict]:
    """The applicant list from full rows (every column of the candidate, its user and profile),
    rendered as the API renders it."""
    rows = list(
        Application.objects.filter(job=job).select_related(
            "candidate", "candidate__user", "candidate__user__profile"
        )
    )
    mark_disclosure(viewer, [row.candidate for row in rows])
    context = {"request": RequestFactory().get(path)}
    dumped = [ApplicationOut.model_validate(row, context=context).model_dump() for row in rows]
    return json.loads(render_json(dumped))


def test_applicant_bodies_are_the_full_rows_views(employer, employer_api, open_job):
    preferences = ["DURING_APPLICATION", "DURING_INTERVIEW", "AFTER_JOB_OFFER", "NOT_APPLICABLE"]
    for index, preference in enumerate(preferences):
        candidate = CandidateProfileFactory(
            disclosure_preference=preference,
            disability_categories=["physical"],
            accommodation_needs="A quiet room",
            workplace_accommodations=["remote_work"],
        )
        status = [ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED][index % 2]
        ApplicationFactory(job=open_job, candidate=candidate, status=status)
    Profile.objects.filter(user__candidate_profile__isnull=False).update(avatar="avatars/a.png")
    path = job_url(open_job, "applications/")

    response = employer_api.get(path)

    assert response.status_code == 200
    assert response.json() == _reference_applicants(employer, open_job, path)
    assert [row["candidate"]["disability_categories"] for row in response.json()].count(None) == 2


def test_stages_match_the_orm_for_any_ids(organization, other_organization):
    mine = JobPostFactory(organization=organization)
    theirs = JobPostFactory(organization=other_organization)
    candidates = [CandidateProfileFactory() for _ in range(5)]
    statuses = list(ApplicationStatus)
    for index, candidate in enumerate(candidates):
        ApplicationFactory(job=mine, candidate=candidate, status=statuses[index])
        ApplicationFactory(job=theirs, candidate=candidate, status=ApplicationStatus.SHORTLISTED)
    ids = [candidate.pk for candidate in candidates]
    stages = services.OrganizationApplications().stages

    for chosen in ([], ids[:1], ids, [*ids, 10**9]):
        expected: dict[int, set[str]] = {}
        for candidate_id, status in Application.objects.filter(
            job__organization=organization, candidate_id__in=chosen, status__in=services.ACTIVE
        ).values_list("candidate_id", "status"):
            expected.setdefault(candidate_id, set()).add(status)
        assert stages(organization.pk, chosen) == expected
    assert stages(organization.pk, ids) == {
        ids[0]: {"applied"},
        ids[1]: {"shortlisted"},
        ids[2]: {"hired"},
    }


def test_the_stages_column_carries_what_stages_gives(organization, other_organization):
    mine = JobPostFactory(organization=organization)
    theirs = JobPostFactory(organization=other_organization)
    candidates = [CandidateProfileFactory() for _ in range(len(ApplicationStatus) + 1)]
    for candidate, status in zip(candidates, ApplicationStatus, strict=False):
        ApplicationFactory(job=mine, candidate=candidate, status=status)
        ApplicationFactory(job=theirs, candidate=candidate, status=ApplicationStatus.SHORTLISTED)
    ids = [candidate.pk for candidate in candidates]
    source = services.OrganizationApplications()

    read = CandidateProfile.objects.filter(pk__in=ids).annotate(
        carried=source.stages_column(organization.pk)
    )

    carried = {profile.pk: profile.carried for profile in read}
    assert all(isinstance(rows, list) for rows in carried.values())
    assert {row["organization"] for rows in carried.values() for row in rows} == {organization.pk}
    assert {pk: {row["status"] for row in rows} for pk, rows in carried.items() if rows} == (
        source.stages(organization.pk, ids)
    )
    assert carried[ids[-1]] == []


def _employer_list_row(employer_api, candidate):
    response = employer_api.get("/api/candidates/profiles/")
    assert response.status_code == 200
    return {row["slug"]: row for row in response.json()}[candidate.slug]


def test_the_employer_list_discloses_by_the_stages_it_carries(
    organization, other_organization, employer_api, monkeypatch
):
    def asked(*args):
        raise AssertionError("the list asked for the stages by a query of their own")

    monkeypatch.setattr(services.OrganizationApplications, "stages", asked)
    candidate = CandidateProfileFactory(
        is_available=True,
        disclosure_preference=DisclosurePreference.DURING_INTERVIEW,
        disability_categories=[DisabilityCategory.PHYSICAL],
    )
    application = ApplicationFactory(
        job=JobPostFactory(organization=other_organization),
        candidate=candidate,
        status=ApplicationStatus.SHORTLISTED,
    )

    row = _employer_list_row(employer_api, candidate)

    assert row["disability_categories"] is None, "shortlisted elsewhere discloses nothing here"

    application.job = JobPostFactory(organization=organization)
    application.save()
    row = _employer_list_row(employer_api, candidate)

    assert row["disability_categories"] == [DisabilityCategory.PHYSICAL]


def test_carried_stages_read_for_another_organization_never_disclose(
    organization, other_organization, employer
):
    candidate = CandidateProfileFactory(disclosure_preference=DisclosurePreference.DURING_INTERVIEW)
    candidate.__dict__[STAGES_ANNOTATION] = [
        {"organization": other_organization.pk, "status": ApplicationStatus.SHORTLISTED}
    ]

    assert not disclosed(mark_disclosure(employer, [candidate])[0])

    candidate.__dict__[STAGES_ANNOTATION] = [
        {"organization": organization.pk, "status": ApplicationStatus.SHORTLISTED}
    ]
    assert disclosed(mark_disclosure(employer, [candidate])[0])
