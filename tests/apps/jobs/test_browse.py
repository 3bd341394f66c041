"""The public job browse: open jobs only, search, filters, ordering, pagination (contract §3, §8)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.jobs.models import JobPost, JobStatus, Ranking
from platform_core.models import Run
from tests.apps.organizations.factories import OrganizationFactory

from .factories import ApplicationFactory, JobPostFactory
from .helpers import BROWSE, PRIVATE_KEYS, expected_public_view, ids, job_url, titles

ORGANIZATIONS = "/api/organization/organizations/"


def links(response) -> dict[str, str]:
    """{rel: url} of the Link header."""
    header = response.get("Link", "")
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


# --- visibility ---------------------------------------------------------------------------------


def test_browse_anonymous_returns_only_open_jobs(api, organization, other_organization):
    mine = JobPostFactory(organization=organization, skills=["Python", "SQL"])
    theirs = JobPostFactory(organization=other_organization)
    JobPostFactory(organization=organization, status=JobStatus.CLOSED)
    JobPostFactory(organization=other_organization, status=JobStatus.DRAFT)
    ApplicationFactory(job=mine)

    response = api.get(BROWSE)

    assert response.status_code == 200
    assert response.json() == [expected_public_view(theirs), expected_public_view(mine)]
    assert response["X-Total-Count"] == "2"


def test_browse_anonymous_never_shows_private_keys(api, organization, employer):
    job = JobPostFactory(organization=organization, user=employer)
    run = Run.objects.create(
        kind="rank_candidates",
        subject_type="jobs.jobpost",
        subject_id=str(job.pk),
        status=Run.Status.SUCCEEDED,
        task_id="task-123",
    )
    Ranking.objects.create(job=job, run=run, plugin="ranking", created_at=run.created_at)

    response = api.get(BROWSE)

    assert response.status_code == 200
    assert len(response.json()) == 1
    assert all(PRIVATE_KEYS.isdisjoint(item) for item in response.json())
    assert "task-123" not in response.content.decode()


def test_browse_as_member_still_returns_public_view(employer_api, open_job):
    response = employer_api.get(BROWSE)

    assert response.status_code == 200
    assert response.json() == [expected_public_view(open_job)]


def test_browse_is_a_bare_array_when_empty(api, draft_job, closed_job):
    response = api.get(BROWSE)

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "0"


# --- search -------------------------------------------------------------------------------------


@pytest.fixture
def searchable(db):
    """One job whose title, description, skill, organization and location each hold a word no
    other job has, and one ordinary job."""
    target = JobPostFactory(
        organization=OrganizationFactory(name="Northwind"),
        title="Accessibility Auditor",
        job_desc="Review screen reader support.",
        skills=["Figma"],
        location="Halifax",
    )
    other = JobPostFactory(
        organization=OrganizationFactory(name="Acme"),
        title="Backend Developer",
        job_desc="Build the API.",
        skills=["Python"],
        location="Toronto",
    )
    return target, other


@pytest.mark.parametrize(
    "term",
    ["Auditor", "screen", "figma", "Northwind", "Halifax", "HALIFAX", "auditor"],
    ids=["title", "description", "skill", "organization", "location", "upper", "lower"],
)
def test_browse_search_matches_each_part_of_a_job(api, searchable, term):
    target, _ = searchable

    response = api.get(BROWSE, {"search": term})

    assert response.status_code == 200
    assert ids(response) == [target.pk]


def test_browse_search_without_match_returns_empty(api, searchable):
    response = api.get(BROWSE, {"search": "astronaut"})

    assert response.status_code == 200
    assert response.json() == []


def test_browse_search_never_returns_closed_or_draft(api, organization):
    JobPostFactory(organization=organization, title="Auditor", status=JobStatus.CLOSED)
    JobPostFactory(organization=organization, title="Auditor", status=JobStatus.DRAFT)
    shown = JobPostFactory(organization=organization, title="Auditor")

    response = api.get(BROWSE, {"search": "Auditor"})

    assert ids(response) == [shown.pk]


def test_browse_search_finds_organization_by_new_name_after_rename(api, organization, employer):
    job = JobPostFactory(organization=organization, title="Backend Developer")
    organization.root_user = employer
    organization.save(update_fields=["root_user"])
    owner_api = api.__class__()
    owner_api.login(employer.email)

    renamed = owner_api.patch(f"{ORGANIZATIONS}{organization.pk}/", {"name": "Zenith"})

    assert renamed.status_code == 200, renamed.content
    assert ids(api.get(BROWSE, {"search": "Zenith"})) == [job.pk]
    assert api.get(BROWSE, {"search": "Acme"}).json() == []


def test_browse_search_follows_skills_changed_by_patch(api, employer_api, open_job):
    employer_api.patch(job_url(open_job), {"skills": ["Kotlin"]})

    response = api.get(BROWSE, {"search": "Kotlin"})

    assert ids(response) == [open_job.pk]


def test_browse_search_too_long_returns_400(api, open_job):
    response = api.get(BROWSE, {"search": "x" * 201})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


# --- filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 3])
def test_browse_workplace_type_filter(api, organization, value):
    jobs = {wt: JobPostFactory(organization=organization, workplace_type=wt) for wt in (1, 2, 3)}

    response = api.get(BROWSE, {"workplace_type": value})

    assert response.status_code == 200
    assert ids(response) == [jobs[value].pk]


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, 6, 7])
def test_browse_job_type_filter(api, organization, value):
    jobs = {jt: JobPostFactory(organization=organization, job_type=jt) for jt in range(1, 8)}

    response = api.get(BROWSE, {"job_type": value})

    assert response.status_code == 200
    assert ids(response) == [jobs[value].pk]


@pytest.mark.parametrize("term", ["toronto", "TORONTO", "ront", "Toronto, ON"])
def test_browse_location_filter_is_case_insensitive_substring(api, organization, term):
    toronto = JobPostFactory(organization=organization, location="Toronto, ON")
    JobPostFactory(organization=organization, location="Ottawa, ON")

    response = api.get(BROWSE, {"location": term})

    assert ids(response) == [toronto.pk]


@pytest.mark.parametrize("value", ["Python,SQL", "python,sql", " SQL , PYTHON ", "Python,SQL,"])
def test_browse_skills_filter_requires_every_skill(api, organization, value):
    both = JobPostFactory(organization=organization, skills=["Python", "SQL", "Docker"])
    JobPostFactory(organization=organization, skills=["Python"])
    JobPostFactory(organization=organization, skills=["SQL"])
    JobPostFactory(organization=organization)

    response = api.get(BROWSE, {"skills": value})

    assert ids(response) == [both.pk]


def test_browse_single_skill_filter(api, organization):
    first = JobPostFactory(organization=organization, skills=["Python", "SQL"])
    second = JobPostFactory(organization=organization, skills=["python"])
    JobPostFactory(organization=organization, skills=["SQL"])

    response = api.get(BROWSE, {"skills": "PYTHON"})

    assert ids(response) == [second.pk, first.pk]


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_browse_visa_required_filter(api, organization, value, expected):
    jobs = {flag: JobPostFactory(organization=organization, visa_required=flag) for flag in (1, 0)}

    response = api.get(BROWSE, {"visa_required": value})

    assert ids(response) == [jobs[int(expected)].pk]


def test_browse_organization_filter(api, organization, other_organization):
    JobPostFactory(organization=organization)
    theirs = JobPostFactory(organization=other_organization)
    JobPostFactory(organization=other_organization, status=JobStatus.DRAFT)

    response = api.get(BROWSE, {"organization": other_organization.pk})

    assert ids(response) == [theirs.pk]


def test_browse_filters_combine(api, organization, other_organization):
    match = JobPostFactory(
        organization=organization,
        workplace_type=2,
        job_type=2,
        skills=["Python"],
        location="Remote",
    )
    JobPostFactory(organization=organization, workplace_type=2, job_type=1, skills=["Python"])
    JobPostFactory(organization=other_organization, workplace_type=2, job_type=2, skills=["Python"])

    response = api.get(
        BROWSE,
        {"workplace_type": 2, "job_type": 2, "skills": "python", "organization": organization.pk},
    )

    assert ids(response) == [match.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"workplace_type": 9}, "workplace_type"),
        ({"workplace_type": "remote"}, "workplace_type"),
        ({"job_type": 0}, "job_type"),
        ({"visa_required": "maybe"}, "visa_required"),
        ({"organization": "acme"}, "organization"),
        ({"ordering": "salary"}, "ordering"),
        ({"ordering": "-updated_at"}, "ordering"),
        ({"page_size": 0}, "page_size"),
        ({"page": 0}, "page"),
        ({"page": "two"}, "page"),
    ],
)
def test_browse_invalid_parameter_returns_400_keyed_by_field(api, open_job, params, field):
    response = api.get(BROWSE, params)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == [field]


def test_browse_unknown_ordering_names_the_choices(api, open_job):
    response = api.get(BROWSE, {"ordering": "salary"})

    assert response.status_code == 400
    assert response.json() == {
        "ordering": ["Input should be 'created_at', '-created_at', 'title' or '-title'"]
    }


def test_browse_blank_parameters_count_as_not_sent(api, organization):
    older = JobPostFactory(organization=organization, title="Alpha")
    newer = JobPostFactory(organization=organization, title="Beta")
    blank = dict.fromkeys(
        ["search", "workplace_type", "job_type", "location", "skills", "visa_required"], ""
    )

    response = api.get(BROWSE, {**blank, "organization": "", "ordering": ""})

    assert response.status_code == 200
    assert ids(response) == [newer.pk, older.pk]


ORDERINGS = ["created_at", "-created_at", "title", "-title"]


def enum_of(schema: dict) -> list:
    """The enum of a parameter schema, through an `anyOf` with null."""
    if "enum" in schema:
        return schema["enum"]
    (choice,) = [item for item in schema.get("anyOf", []) if item.get("type") != "null"]
    return choice["enum"]


@pytest.mark.parametrize("route", ["jobs/", "jobs/browse/", "jobs/{job_id}/applications/"])
def test_openapi_documents_enum_filters(api, route):
    """`?status=` and `?ordering=` are enums in the schema, so clients see the choices."""
    schema = api.get("/api/openapi.json").json()
    path = next(
        value for key, value in schema["paths"].items() if key.endswith(f"/channels/{route}")
    )
    parameters = {item["name"]: item["schema"] for item in path["get"]["parameters"]}
    expected = {
        "jobs/": {"status": ["open", "closed", "draft"], "ordering": ORDERINGS},
        "jobs/browse/": {"ordering": ORDERINGS},
        "jobs/{job_id}/applications/": {
            "status": ["applied", "shortlisted", "hired", "rejected", "withdrawn"]
        },
    }[route]
    assert {name: enum_of(parameters[name]) for name in expected} == expected


# --- ordering -----------------------------------------------------------------------------------


@pytest.fixture
def titled(organization):
    """Jobs created in the order Bravo, Charlie, Alpha."""
    return [
        JobPostFactory(organization=organization, title=t) for t in ("Bravo", "Charlie", "Alpha")
    ]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["Alpha", "Charlie", "Bravo"]),
        ("-created_at", ["Alpha", "Charlie", "Bravo"]),
        ("created_at", ["Bravo", "Charlie", "Alpha"]),
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("-title", ["Charlie", "Bravo", "Alpha"]),
    ],
)
def test_browse_ordering(api, titled, ordering, expected):
    params = {"ordering": ordering} if ordering else {}

    response = api.get(BROWSE, params)

    assert response.status_code == 200
    assert titles(response) == expected


# --- pagination ---------------------------------------------------------------------------------


def test_browse_page_size_is_capped_at_100(api, organization):
    JobPostFactory.create_batch(101, organization=organization)

    response = api.get(BROWSE, {"page_size": 10000})

    assert response.status_code == 200
    assert len(response.json()) == 100
    assert response["X-Total-Count"] == "101"
    assert set(links(response)) == {"next", "last"}
    assert "page_size=100" in links(response)["next"]


def test_browse_default_page_size_is_50(api, organization):
    JobPostFactory.create_batch(51, organization=organization)

    response = api.get(BROWSE)

    assert len(response.json()) == 50
    assert response["X-Total-Count"] == "51"


def test_browse_pagination_headers_on_each_page(api, titled):
    first = api.get(BROWSE, {"page_size": 2, "ordering": "title"})
    last = api.get(BROWSE, {"page_size": 2, "ordering": "title", "page": 2})
    beyond = api.get(BROWSE, {"page_size": 2, "ordering": "title", "page": 3})

    assert (titles(first), titles(last), beyond.json()) == (["Alpha", "Bravo"], ["Charlie"], [])
    assert first["X-Total-Count"] == last["X-Total-Count"] == "3"
    assert set(links(first)) == {"next", "last"}
    assert set(links(last)) == {"prev", "first"}
    assert "page=2" in links(first)["next"] and "ordering=title" in links(first)["next"]
    assert "page=1" in links(last)["prev"]


def test_browse_following_next_link_returns_next_page(api, titled):
    first = api.get(BROWSE, {"page_size": 2, "ordering": "-title"})

    following = api.get(links(first)["next"])

    assert titles(following) == ["Alpha"]


def _count_browse_queries(api):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(BROWSE, {"page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_browse_query_count_is_same_for_1_and_100_jobs(api, db):
    organizations = OrganizationFactory.create_batch(3)

    def make(n):
        for i in range(n):
            JobPostFactory(organization=organizations[i % 3], skills=[f"S{i}", "Python", "SQL"])

    make(1)
    one = _count_browse_queries(api)
    make(99)

    hundred = _count_browse_queries(api)

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]


@pytest.mark.parametrize("ordering", ["-created_at", "created_at", "title", "-title"])
def test_browse_pages_list_every_job_once_in_order_even_when_the_ordered_field_ties(
    api, organization, ordering
):
    """A page picks its jobs' ids first and reads them after (PreparedQuery keys_first): with
    every job the same title and time, the id alone orders them, on the page as in the pick."""
    jobs = JobPostFactory.create_batch(7, organization=organization, title="Welder")
    JobPostFactory(organization=organization, status=JobStatus.CLOSED, title="Welder")
    JobPost.objects.update(created_at=jobs[0].created_at)
    newest_first = ordering.startswith("-")
    expected = sorted(job.pk for job in jobs)[:: -1 if newest_first else 1]

    seen = []
    for number in (1, 2, 3, 4):
        response = api.get(BROWSE, {"ordering": ordering, "page_size": 3, "page": number})
        assert response["X-Total-Count"] == "7"
        seen += ids(response)

    assert seen == expected
