"""Job posts of an organization: create, list, detail, update and delete (contract sections 8, 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.jobs.models import Application, JobPost, JobSkill, JobStatus
from apps.organizations.models import Role
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, client_for

from .factories import ApplicationFactory, JobPostFactory
from .helpers import (
    JOBS,
    PRIVATE_KEYS,
    expected_members_view,
    expected_public_view,
    ids,
    iso,
    job_snapshot,
    job_url,
    titles,
)


def skill_id(name: str) -> int:
    return JobSkill.objects.get(name=name).pk


# --- create -------------------------------------------------------------------------------------


def test_create_as_employer_returns_201_with_members_view(employer, employer_api, organization):
    payload = {
        "title": "Data Engineer",
        "job_desc": "Pipelines and dashboards.",
        "workplace_type": 2,
        "location": "Vancouver",
        "job_type": 3,
        "skills": ["Python", "python", " SQL ", "PYTHON"],
        "estimated_salary": 85000,
        "visa_required": True,
    }

    response = employer_api.post(JOBS, payload)

    assert response.status_code == 201, response.content
    job = JobPost.objects.get()
    assert response.json() == {
        "id": job.pk,
        "organization": {"id": organization.pk, "name": "Acme", "avatar_url": None},
        "title": "Data Engineer",
        "job_desc": "Pipelines and dashboards.",
        "workplace_type": 2,
        "workplace_type_display": "Remote",
        "location": "Vancouver",
        "job_type": 3,
        "job_type_display": "Contract",
        "skills": [
            {"id": skill_id("Python"), "name": "Python"},
            {"id": skill_id("SQL"), "name": "SQL"},
        ],
        "estimated_salary": "85000",
        "visa_required": True,
        "accommodations_offered": [],
        "accessibility_notes": "",
        "status": "open",
        "ranking_status": "not_ranked",
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "user": {
            "id": employer.pk,
            "first_name": employer.first_name,
            "last_name": employer.last_name,
            "email": employer.email,
            "is_verified": True,
            "is_candidate": False,
        },
        "candidate_ranking_data": None,
        "ranking_task_id": "",
        "applications_count": 0,
    }
    assert (job.organization_id, job.user_id) == (organization.pk, employer.pk)
    assert JobSkill.objects.count() == 2


def test_create_with_only_title_uses_defaults(employer_api):
    response = employer_api.post(JOBS, {"title": "Tester"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in body if key not in {"id", "created_at", "updated_at"}} == {
        "organization": body["organization"],
        "title": "Tester",
        "job_desc": "",
        "workplace_type": 1,
        "workplace_type_display": "On-site",
        "location": "",
        "job_type": 1,
        "job_type_display": "Full-time",
        "skills": [],
        "estimated_salary": "",
        "visa_required": False,
        "accommodations_offered": [],
        "accessibility_notes": "",
        "status": "open",
        "ranking_status": "not_ranked",
        "user": body["user"],
        "candidate_ranking_data": None,
        "ranking_task_id": "",
        "applications_count": 0,
    }


def test_create_null_string_fields_read_back_as_empty_strings(employer_api):
    payload = {"title": "Tester", "job_desc": None, "location": None, "estimated_salary": None}

    response = employer_api.post(JOBS, payload)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["job_desc"], body["location"], body["estimated_salary"]) == ("", "", "")
    job = JobPost.objects.get()
    assert (job.job_desc, job.location, job.estimated_salary) == ("", "", "")


@pytest.mark.parametrize(
    ("salary", "expected"),
    [(85000, "85000"), (85000.5, "85000.5"), ("80k-90k CAD", "80k-90k CAD"), ("", "")],
)
def test_create_estimated_salary_reads_back_as_string(employer_api, salary, expected):
    response = employer_api.post(JOBS, {"title": "Tester", "estimated_salary": salary})

    assert response.status_code == 201, response.content
    assert response.json()["estimated_salary"] == expected
    assert JobPost.objects.get().estimated_salary == expected


@pytest.mark.parametrize(("value", "label"), [(1, "On-site"), (2, "Remote"), (3, "Hybrid")])
def test_create_workplace_type_has_display_label(employer_api, value, label):
    response = employer_api.post(JOBS, {"title": "Tester", "workplace_type": value})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["workplace_type"], body["workplace_type_display"]) == (value, label)
    detail = employer_api.get(job_url(body["id"])).json()
    assert (detail["workplace_type"], detail["workplace_type_display"]) == (value, label)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1, "Full-time"),
        (2, "Part-time"),
        (3, "Contract"),
        (4, "Temporary"),
        (5, "Internship"),
        (6, "Volunteer"),
        (7, "Other"),
    ],
)
def test_create_job_type_has_display_label(employer_api, value, label):
    response = employer_api.post(JOBS, {"title": "Tester", "job_type": value})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["job_type"], body["job_type_display"]) == (value, label)
    detail = employer_api.get(job_url(body["id"])).json()
    assert (detail["job_type"], detail["job_type_display"]) == (value, label)


def test_create_skills_reuse_one_row_per_name_across_jobs(employer_api, other_employer_api):
    first = employer_api.post(JOBS, {"title": "One", "skills": ["Python", "SQL"]}).json()

    response = other_employer_api.post(JOBS, {"title": "Two", "skills": ["sql", "PYTHON", "Go"]})

    assert response.status_code == 201, response.content
    assert response.json()["skills"] == [
        {"id": skill_id("Go"), "name": "Go"},
        {"id": skill_id("Python"), "name": "Python"},
        {"id": skill_id("SQL"), "name": "SQL"},
    ]
    assert first["skills"] == [
        {"id": skill_id("Python"), "name": "Python"},
        {"id": skill_id("SQL"), "name": "SQL"},
    ]
    assert sorted(JobSkill.objects.values_list("name", flat=True)) == ["Go", "Python", "SQL"]


@pytest.mark.parametrize("status", ["open", "closed", "draft"])
def test_create_with_status_keeps_it(employer_api, status):
    response = employer_api.post(JOBS, {"title": "Tester", "status": status})

    assert response.status_code == 201, response.content
    assert response.json()["status"] == status
    assert JobPost.objects.get().status == status


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "T", "workplace_type": 9}, "workplace_type"),
        ({"title": "T", "workplace_type": 0}, "workplace_type"),
        ({"title": "T", "job_type": 0}, "job_type"),
        ({"title": "T", "job_type": 8}, "job_type"),
        ({"title": "T", "status": "archived"}, "status"),
        ({"title": "T", "salary": "1"}, "salary"),
        ({"title": "T", "estimated_salary": True}, "estimated_salary"),
        ({"title": "T", "skills": "Python"}, "skills"),
        ({"title": "T", "visa_required": "maybe"}, "visa_required"),
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_create_invalid_field_returns_400_keyed_by_field(employer_api, payload, field):
    response = employer_api.post(JOBS, payload)

    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == [field]
    assert body[field] and all(isinstance(message, str) for message in body[field])
    assert JobPost.objects.count() == 0


def test_create_invalid_fields_each_keyed(employer_api):
    payload = {"title": "", "workplace_type": 9, "job_type": 0, "status": "x", "foo": 1}

    response = employer_api.post(JOBS, payload)

    assert response.status_code == 400
    assert sorted(response.json()) == ["foo", "job_type", "status", "title", "workplace_type"]
    assert JobPost.objects.count() == 0


def test_create_as_candidate_returns_403(candidate_api):
    response = candidate_api.post(JOBS, {"title": "Tester"})

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert JobPost.objects.count() == 0


def test_create_as_plain_user_returns_403(user_api):
    response = user_api.post(JOBS, {"title": "Tester"})

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert JobPost.objects.count() == 0


def test_create_anonymous_returns_401(api):
    response = api.post(JOBS, {"title": "Tester"})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert JobPost.objects.count() == 0


def test_create_with_cookie_auth_without_csrf_returns_403(employer):
    client = client_for(employer)
    client.token = None  # authenticate by the access cookie alone

    response = client.post(JOBS, {"title": "Tester"})

    assert response.status_code == 403
    assert JobPost.objects.count() == 0


# --- list ---------------------------------------------------------------------------------------


def test_list_returns_only_own_organization_jobs_newest_first(
    employer_api, open_job, closed_job, draft_job, other_organization
):
    JobPostFactory(organization=other_organization)
    JobPostFactory(organization=other_organization, status=JobStatus.DRAFT)

    response = employer_api.get(JOBS)

    assert response.status_code == 200
    assert ids(response) == [draft_job.pk, closed_job.pk, open_job.pk]
    assert response["X-Total-Count"] == "3"
    assert response.json()[2] == expected_members_view(open_job)


def test_list_of_other_organization_never_shows_these_jobs(
    other_employer_api, open_job, draft_job, other_organization
):
    theirs = JobPostFactory(organization=other_organization)

    response = other_employer_api.get(JOBS)

    assert response.status_code == 200
    assert ids(response) == [theirs.pk]


def test_list_for_any_member_role_returns_organization_jobs(organization, open_job):
    member = MembershipFactory(organization=organization, role=Role.MEMBER).user

    response = client_for(member).get(JOBS)

    assert response.status_code == 200
    assert ids(response) == [open_job.pk]


@pytest.mark.parametrize("status", ["open", "closed", "draft"])
def test_list_status_filter_returns_only_that_status(
    employer_api, open_job, closed_job, draft_job, status
):
    expected = {"open": open_job, "closed": closed_job, "draft": draft_job}[status]

    response = employer_api.get(JOBS, {"status": status})

    assert response.status_code == 200
    assert ids(response) == [expected.pk]


@pytest.mark.parametrize("value", ["archived", "Open", "opne", "open,closed"])
def test_list_unknown_status_filter_returns_400_keyed_by_status(employer_api, open_job, value):
    response = employer_api.get(JOBS, {"status": value})

    assert response.status_code == 400
    assert response.json() == {"status": ["Input should be 'open', 'closed' or 'draft'"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "salary"}, "ordering"),
        ({"ordering": "updated_at"}, "ordering"),
        ({"workplace_type": 4}, "workplace_type"),
        ({"job_type": 8}, "job_type"),
    ],
)
def test_list_unknown_enum_filter_returns_400_keyed_by_field(employer_api, open_job, params, field):
    response = employer_api.get(JOBS, params)

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_list_blank_filters_count_as_not_sent(employer_api, open_job, closed_job, draft_job):
    response = employer_api.get(JOBS, {"status": "", "ordering": "", "workplace_type": ""})

    assert response.status_code == 200
    assert ids(response) == [draft_job.pk, closed_job.pk, open_job.pk]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["Alpha", "Beta"]),
        ("-title", ["Beta", "Alpha"]),
        ("created_at", ["Beta", "Alpha"]),
    ],
)
def test_list_ordering(employer_api, organization, ordering, expected):
    JobPostFactory(organization=organization, title="Beta")
    JobPostFactory(organization=organization, title="Alpha", status=JobStatus.DRAFT)

    response = employer_api.get(JOBS, {"ordering": ordering})

    assert response.status_code == 200
    assert titles(response) == expected


def test_list_counts_applications_except_withdrawn(employer_api, open_job):
    ApplicationFactory(job=open_job)
    ApplicationFactory(job=open_job, status="shortlisted")
    ApplicationFactory(job=open_job, status="withdrawn")

    response = employer_api.get(JOBS)

    assert response.json() == [expected_members_view(open_job, applications_count=2)]


def test_list_as_candidate_returns_403(candidate_api):
    response = candidate_api.get(JOBS)

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_list_as_plain_user_returns_403(user_api, open_job):
    response = user_api.get(JOBS)

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_list_anonymous_returns_401(api, open_job):
    response = api.get(JOBS)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def _organization_with_jobs(organization, employer, count):
    for _ in range(count):
        job = JobPostFactory(
            organization=organization, user=employer, skills=["Python", "SQL", "Docker"]
        )
        ApplicationFactory(job=job)


def _count_list_queries(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_list_query_count_is_same_for_1_and_100_jobs(organization, employer, employer_api):
    _organization_with_jobs(organization, employer, 1)
    one = _count_list_queries(employer_api, JOBS, {"page_size": 100})
    _organization_with_jobs(organization, employer, 99)

    hundred = _count_list_queries(employer_api, JOBS, {"page_size": 100})

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]


# --- detail -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["open", "closed", "draft"])
def test_detail_as_member_returns_full_view(employer_api, organization, employer, status):
    job = JobPostFactory(organization=organization, user=employer, status=status, skills=["Go"])
    ApplicationFactory(job=job)

    response = employer_api.get(job_url(job))

    assert response.status_code == 200
    assert response.json() == expected_members_view(job, applications_count=1)


def test_detail_author_who_left_reads_user_null(employer_api, organization, open_job):
    open_job.user = None
    open_job.save()

    response = employer_api.get(job_url(open_job))

    assert response.status_code == 200
    assert response.json()["user"] is None


@pytest.fixture(params=["anonymous", "candidate", "plain_user", "other_employer"])
def outsider_api(request, api, db):
    if request.param == "anonymous":
        return api
    if request.param == "candidate":
        return client_for(CandidateProfileFactory().user)
    if request.param == "plain_user":
        return client_for(UserFactory())
    return client_for(MembershipFactory(role=Role.OWNER).user)


def test_detail_as_outsider_returns_public_view_of_open_job(outsider_api, organization):
    job = JobPostFactory(organization=organization, skills=["Python", "SQL"])
    ApplicationFactory(job=job)

    response = outsider_api.get(job_url(job))

    assert response.status_code == 200
    body = response.json()
    # A candidate's view adds which of their own needs the job offers (test_accommodations.py).
    public = {key: value for key, value in body.items() if not key.startswith("my_needs_")}
    assert public == expected_public_view(job)
    assert PRIVATE_KEYS.isdisjoint(body)


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_detail_as_outsider_not_open_returns_404(outsider_api, organization, status):
    job = JobPostFactory(organization=organization, status=status)

    response = outsider_api.get(job_url(job))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_detail_unknown_id_returns_404(employer_api):
    response = employer_api.get(job_url(999999))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_detail_with_bad_token_returns_401(api, open_job):
    response = api.get(job_url(open_job), token="not-a-token")

    assert response.status_code == 401
    assert "credentials" in response.json()["detail"]


# --- update -------------------------------------------------------------------------------------


def test_put_as_member_replaces_every_field(employer_api, organization, employer):
    job = JobPostFactory(
        organization=organization,
        user=employer,
        location="Toronto",
        job_desc="Old",
        visa_required=True,
        skills=["Python"],
    )
    payload = {"title": "Renamed", "workplace_type": 3, "job_type": 2, "skills": ["Rust"]}

    response = employer_api.put(job_url(job), payload)

    assert response.status_code == 200, response.content
    assert response.json() == expected_members_view(job)
    assert job_snapshot(job) | {"updated_at": None} == {
        "title": "Renamed",
        "job_desc": "",
        "workplace_type": 3,
        "location": "",
        "job_type": 2,
        "skills": ["Rust"],
        "estimated_salary": "",
        "visa_required": False,
        "status": "open",
        "updated_at": None,
    }


def test_put_without_title_returns_400_and_changes_nothing(employer_api, open_job):
    before = job_snapshot(open_job)

    response = employer_api.put(job_url(open_job), {"location": "Ottawa"})

    assert response.status_code == 400
    assert list(response.json()) == ["title"]
    assert job_snapshot(open_job) == before


def test_patch_as_member_changes_only_sent_fields(employer_api, organization, employer):
    job = JobPostFactory(organization=organization, user=employer, title="Keep", skills=["Python"])

    response = employer_api.patch(job_url(job), {"location": "Ottawa", "estimated_salary": 90000})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["location"], body["estimated_salary"]) == (
        "Keep",
        "Ottawa",
        "90000",
    )
    assert body["skills"] == [{"id": skill_id("Python"), "name": "Python"}]
    assert body == expected_members_view(job)


def test_patch_null_string_fields_store_empty_strings(employer_api, open_job):
    payload = {"job_desc": None, "location": None, "estimated_salary": None}

    response = employer_api.patch(job_url(open_job), payload)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["job_desc"], body["location"], body["estimated_salary"]) == ("", "", "")
    snapshot = job_snapshot(open_job)
    assert (snapshot["job_desc"], snapshot["location"], snapshot["estimated_salary"]) == (
        "",
        "",
        "",
    )


def test_patch_skills_replaces_the_list(employer_api, organization, employer):
    job = JobPostFactory(organization=organization, user=employer, skills=["Python", "SQL"])

    response = employer_api.patch(job_url(job), {"skills": ["Go", "Rust", "GO"]})

    assert response.status_code == 200, response.content
    assert response.json()["skills"] == [
        {"id": skill_id("Go"), "name": "Go"},
        {"id": skill_id("Rust"), "name": "Rust"},
    ]
    assert job_snapshot(job)["skills"] == ["Go", "Rust"]


def test_patch_status_closed_hides_job_from_outsiders(employer_api, api, open_job):
    response = employer_api.patch(job_url(open_job), {"status": "closed"})

    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    assert api.get(job_url(open_job)).status_code == 404


def test_patch_by_member_role_is_allowed(organization, open_job):
    member = MembershipFactory(organization=organization, role=Role.MEMBER).user

    response = client_for(member).patch(job_url(open_job), {"title": "By a member"})

    assert response.status_code == 200
    assert JobPost.objects.get(pk=open_job.pk).title == "By a member"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"workplace_type": 9}, "workplace_type"),
        ({"job_type": 0}, "job_type"),
        ({"status": "archived"}, "status"),
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"skills": None}, "skills"),
        ({"ranking_status": "ranked"}, "ranking_status"),
        ({"organization": 5}, "organization"),
    ],
)
def test_patch_invalid_returns_400_and_changes_nothing(employer_api, open_job, payload, field):
    before = job_snapshot(open_job)

    response = employer_api.patch(job_url(open_job), payload)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert job_snapshot(open_job) == before


@pytest.mark.parametrize(
    ("method", "payload"),
    [("put", {"title": "Taken over"}), ("patch", {"title": "Taken over"}), ("delete", None)],
)
def test_manage_other_organization_open_job_returns_403_and_changes_nothing(
    other_employer_api, open_job, method, payload
):
    before = job_snapshot(open_job)

    response = getattr(other_employer_api, method)(job_url(open_job), payload)

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert job_snapshot(open_job) == before


@pytest.mark.parametrize(
    ("method", "payload"),
    [("put", {"title": "Taken over"}), ("patch", {"title": "Taken over"}), ("delete", None)],
)
def test_manage_as_candidate_open_job_returns_403_and_changes_nothing(
    candidate_api, open_job, method, payload
):
    before = job_snapshot(open_job)

    response = getattr(candidate_api, method)(job_url(open_job), payload)

    assert response.status_code == 403
    assert job_snapshot(open_job) == before


@pytest.mark.parametrize("status", ["draft", "closed"])
@pytest.mark.parametrize(
    ("method", "payload"),
    [("put", {"title": "Taken over"}), ("patch", {"title": "Taken over"}), ("delete", None)],
)
def test_manage_other_organization_hidden_job_returns_404_and_changes_nothing(
    other_employer_api, organization, method, payload, status
):
    job = JobPostFactory(organization=organization, status=status)
    before = job_snapshot(job)

    response = getattr(other_employer_api, method)(job_url(job), payload)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert job_snapshot(job) == before


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_manage_anonymous_returns_401(api, open_job, method):
    before = job_snapshot(open_job)

    response = getattr(api, method)(job_url(open_job), {"title": "x"})

    assert response.status_code == 401
    assert job_snapshot(open_job) == before


# --- delete -------------------------------------------------------------------------------------


def test_delete_as_member_removes_job_and_its_applications(employer_api, open_job, closed_job):
    ApplicationFactory(job=open_job)
    kept = ApplicationFactory(job=closed_job)

    response = employer_api.delete(job_url(open_job))

    assert response.status_code == 204
    assert response.content == b""
    assert list(JobPost.objects.values_list("pk", flat=True)) == [closed_job.pk]
    assert list(Application.objects.values_list("pk", flat=True)) == [kept.pk]
    assert employer_api.get(job_url(open_job)).status_code == 404


def test_delete_keeps_shared_skills(employer_api, organization, employer):
    doomed = JobPostFactory(organization=organization, user=employer, skills=["Python"])
    kept = JobPostFactory(organization=organization, user=employer, skills=["Python"])

    employer_api.delete(job_url(doomed))

    assert job_snapshot(kept)["skills"] == ["Python"]
