"""Accommodations offered on jobs, browsing by them and by one's own needs (issue 15).

A job lists what its employer offers (`accommodations_offered`, the candidates' vocabulary minus
`not_needed`/`prefer_to_discuss_later`) and `accessibility_notes`. Browse filters by a list
(`?accommodations=`) or by the caller's own needs (`?matches_my_needs=true`); the candidate, and
only they, sees which of their needs a job offers. Neither filter stores, logs or shows anything
an employer could learn from.
"""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.jobs import services
from apps.jobs.accommodations import OFFERED
from apps.jobs.models import JobPost, JobStatus
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import OrganizationFactory
from tests.factories import UserFactory
from tests.helpers import NOT_PROVIDED, ApiClient, client_for

from .factories import ApplicationFactory, JobPostFactory
from .helpers import BROWSE, JOBS, MY_APPLICATIONS, expected_public_view, ids, job_url

NEEDS_KEYS = {"my_needs_offered", "my_needs_missing"}
# The vocabulary of contract section 7 without the two answers that are not accommodations.
EXPECTED_OFFERED = (
    "flexible_schedule",
    "remote_work",
    "assistive_technology",
    "accessible_workspace",
    "flexible_deadlines",
    "support_person",
    "other",
)


def job_offering(organization, *offered, **fields):
    return JobPostFactory(organization=organization, accommodations_offered=list(offered), **fields)


def candidate_needing(*accommodations):
    """A candidate profile listing `accommodations` in `workplace_accommodations`."""
    return CandidateProfileFactory(workplace_accommodations=list(accommodations))


def test_the_offered_vocabulary_is_the_candidates_minus_the_two_answers():
    assert OFFERED == EXPECTED_OFFERED


# --- writing and reading the fields -------------------------------------------------------------


def test_create_stores_accommodations_and_notes_and_every_view_reads_them(
    employer_api, api, candidate_api
):
    payload = {
        "title": "Analyst",
        "accommodations_offered": [" Remote_Work ", "flexible_schedule", "remote_work"],
        "accessibility_notes": "Step-free entrance. Interviews by video or in writing.",
    }

    response = employer_api.post(JOBS, payload)

    assert response.status_code == 201, response.content
    job = JobPost.objects.get()
    assert job.accommodations_offered == ["remote_work", "flexible_schedule"]
    assert job.accessibility_notes == payload["accessibility_notes"]
    views = {
        "members": response.json(),
        "members detail": employer_api.get(job_url(job)).json(),
        "members list": employer_api.get(JOBS).json()[0],
        "public detail": api.get(job_url(job)).json(),
        "browse": api.get(BROWSE).json()[0],
        "candidate detail": candidate_api.get(job_url(job)).json(),
    }
    for where, body in views.items():
        assert body["accommodations_offered"] == ["remote_work", "flexible_schedule"], where
        assert body["accessibility_notes"] == payload["accessibility_notes"], where


def test_create_without_them_defaults_to_empty(employer_api):
    response = employer_api.post(JOBS, {"title": "Tester"})

    assert response.status_code == 201
    assert (response.json()["accommodations_offered"], response.json()["accessibility_notes"]) == (
        [],
        "",
    )


@pytest.mark.parametrize(
    "value", ["not_needed", "prefer_to_discuss_later", "wheelchair", "", "remote work"]
)
def test_create_with_a_value_outside_the_offered_vocabulary_returns_400(employer_api, value):
    response = employer_api.post(
        JOBS, {"title": "Tester", "accommodations_offered": ["remote_work", value]}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["accommodations_offered"]
    assert JobPost.objects.count() == 0


def test_create_with_accommodations_not_a_list_returns_400(employer_api):
    response = employer_api.post(JOBS, {"title": "Tester", "accommodations_offered": "remote_work"})

    assert response.status_code == 400
    assert list(response.json()) == ["accommodations_offered"]


def test_accessibility_notes_take_2000_characters_and_no_more(employer_api):
    longest = employer_api.post(JOBS, {"title": "A", "accessibility_notes": "x" * 2000})
    too_long = employer_api.post(JOBS, {"title": "B", "accessibility_notes": "x" * 2001})

    assert longest.status_code == 201
    assert too_long.status_code == 400
    assert list(too_long.json()) == ["accessibility_notes"]
    assert JobPost.objects.count() == 1


def test_null_notes_are_stored_as_empty(employer_api):
    response = employer_api.post(JOBS, {"title": "A", "accessibility_notes": None})

    assert response.status_code == 201
    assert response.json()["accessibility_notes"] == ""


def test_patch_replaces_the_list_and_other_patches_keep_it(employer_api, organization, employer):
    job = job_offering(organization, "remote_work", "other", user=employer)

    replaced = employer_api.patch(job_url(job), {"accommodations_offered": ["support_person"]})
    kept = employer_api.patch(job_url(job), {"title": "Renamed"})

    assert replaced.status_code == kept.status_code == 200
    assert kept.json()["accommodations_offered"] == ["support_person"]
    job.refresh_from_db()
    assert (job.title, job.accommodations_offered) == ("Renamed", ["support_person"])


def test_patch_with_an_unknown_value_changes_nothing(employer_api, organization, employer):
    job = job_offering(organization, "remote_work", user=employer)

    response = employer_api.patch(job_url(job), {"accommodations_offered": ["not_needed"]})

    assert response.status_code == 400
    assert list(response.json()) == ["accommodations_offered"]
    job.refresh_from_db()
    assert job.accommodations_offered == ["remote_work"]


def test_put_without_them_clears_them(employer_api, organization, employer):
    job = JobPostFactory(
        organization=organization,
        user=employer,
        accommodations_offered=["remote_work"],
        accessibility_notes="Ramp at the side door.",
    )

    response = employer_api.put(job_url(job), {"title": "Replaced"})

    assert response.status_code == 200
    job.refresh_from_db()
    assert (job.accommodations_offered, job.accessibility_notes) == ([], "")


# --- ?accommodations= ---------------------------------------------------------------------------


@pytest.fixture
def offering(organization, other_organization):
    """Open jobs offering various accommodations, and a closed one offering everything."""
    return {
        "both": job_offering(organization, "flexible_schedule", "remote_work"),
        "all three": job_offering(
            other_organization, "assistive_technology", "remote_work", "flexible_schedule"
        ),
        "remote only": job_offering(organization, "remote_work"),
        "flexible only": job_offering(other_organization, "flexible_schedule"),
        "none": job_offering(organization),
        "closed": job_offering(organization, *OFFERED, status=JobStatus.CLOSED),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("remote_work,flexible_schedule", ["all three", "both"]),
        ("flexible_schedule,remote_work", ["all three", "both"]),
        (" Remote_Work , FLEXIBLE_SCHEDULE,", ["all three", "both"]),
        ("remote_work", ["remote only", "all three", "both"]),
        ("assistive_technology,remote_work", ["all three"]),
        ("support_person", []),
        ("remote_work,remote_work", ["remote only", "all three", "both"]),
    ],
)
def test_browse_accommodations_returns_open_jobs_offering_every_one(api, offering, value, expected):
    response = api.get(BROWSE, {"accommodations": value})

    assert response.status_code == 200
    assert ids(response) == [offering[key].pk for key in expected]
    assert response["X-Total-Count"] == str(len(expected))


def test_browse_accommodations_items_are_the_public_view(api, offering):
    response = api.get(BROWSE, {"accommodations": "assistive_technology"})

    assert response.json() == [expected_public_view(offering["all three"])]


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_browse_blank_accommodations_counts_as_not_sent(api, offering, value):
    response = api.get(BROWSE, {"accommodations": value})

    assert response.status_code == 200
    assert response["X-Total-Count"] == "5"


@pytest.mark.parametrize(
    "value", ["remote_work,not_needed", "prefer_to_discuss_later", "teleport", "remote work"]
)
def test_browse_unknown_accommodation_returns_400_keyed_by_the_parameter(api, offering, value):
    response = api.get(BROWSE, {"accommodations": value})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["accommodations"]
    assert "flexible_schedule" in body["accommodations"][0]  # names the allowed values


def test_browse_accommodations_combines_with_other_filters(api, organization):
    wanted = job_offering(organization, "remote_work", workplace_type=2)
    job_offering(organization, "remote_work", workplace_type=1)
    JobPostFactory(organization=organization, workplace_type=2)

    response = api.get(BROWSE, {"accommodations": "remote_work", "workplace_type": 2})

    assert ids(response) == [wanted.pk]


def test_members_job_list_filters_by_accommodations_too(employer_api, organization):
    remote = job_offering(organization, "remote_work", status=JobStatus.DRAFT)
    job_offering(organization, "flexible_schedule")

    response = employer_api.get(JOBS, {"accommodations": "remote_work"})

    assert ids(response) == [remote.pk]


def test_openapi_documents_the_new_filters(api):
    schema = api.get("/api/openapi.json").json()
    browse = schema["paths"]["/api/channels/jobs/browse/"]["get"]
    names = {parameter["name"] for parameter in browse["parameters"]}

    assert {"accommodations", "matches_my_needs"} <= names


# --- ?matches_my_needs=true ---------------------------------------------------------------------


def test_matches_my_needs_returns_exactly_the_jobs_offering_all_of_the_callers_needs(offering):
    candidate = candidate_needing("remote_work", "not_needed", "flexible_schedule")
    expected = [
        job.pk
        for job in JobPost.objects.filter(status=JobStatus.OPEN).order_by("-created_at", "-id")
        if {"remote_work", "flexible_schedule"} <= set(job.accommodations_offered)
    ]

    response = client_for(candidate.user).get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 200
    assert ids(response) == expected == [offering["all three"].pk, offering["both"].pk]


def test_matches_my_needs_reads_the_profile_as_it_is_now(offering):
    candidate = candidate_needing("assistive_technology")
    client = client_for(candidate.user)
    first = client.get(BROWSE, {"matches_my_needs": "true"})
    candidate.workplace_accommodations = ["flexible_schedule"]
    candidate.save()

    second = client.get(BROWSE, {"matches_my_needs": "true"})

    assert ids(first) == [offering["all three"].pk]
    assert ids(second) == [offering[key].pk for key in ("flexible only", "all three", "both")]


@pytest.mark.parametrize(
    "listed",
    [[], ["not_needed"], ["prefer_to_discuss_later"], ["not_needed", "prefer_to_discuss_later"]],
)
def test_matches_my_needs_without_needs_returns_the_unfiltered_list(offering, listed):
    candidate = candidate_needing(*listed)

    response = client_for(candidate.user).get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 200
    assert response["X-Total-Count"] == "5"


def test_matches_my_needs_for_a_user_without_a_profile_returns_the_unfiltered_list(offering):
    response = client_for(UserFactory()).get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 200
    assert response["X-Total-Count"] == "5"


def test_matches_my_needs_anonymous_returns_401(api, offering):
    response = api.get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_matches_my_needs_with_a_bad_token_returns_401_but_browse_alone_ignores_it(offering):
    client = ApiClient()
    client.token = "not-a-token"

    assert client.get(BROWSE, {"matches_my_needs": "true"}).status_code == 401
    assert client.get(BROWSE).status_code == 200


def test_matches_my_needs_for_an_employer_returns_400(employer_api, offering):
    response = employer_api.get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 400
    assert "matches_my_needs" in response.json()["detail"]


def test_matches_my_needs_false_or_blank_is_no_filter_even_anonymous(api, offering):
    for value in ("false", ""):
        response = api.get(BROWSE, {"matches_my_needs": value})
        assert (response.status_code, response["X-Total-Count"]) == (200, "5"), value


def test_matches_my_needs_not_a_boolean_returns_400(api, offering):
    response = api.get(BROWSE, {"matches_my_needs": "maybe"})

    assert response.status_code == 400
    assert list(response.json()) == ["matches_my_needs"]


def test_matches_my_needs_with_cookie_authentication(offering):
    candidate = candidate_needing("assistive_technology")
    client = client_for(candidate.user)
    client.token = None  # the access cookie alone, as the web client's proxy sends it

    response = client.get(BROWSE, {"matches_my_needs": "true"})

    assert response.status_code == 200
    assert ids(response) == [offering["all three"].pk]


def test_matches_my_needs_and_accommodations_both_apply(offering):
    candidate = candidate_needing("remote_work")

    response = client_for(candidate.user).get(
        BROWSE, {"matches_my_needs": "true", "accommodations": "assistive_technology"}
    )

    assert ids(response) == [offering["all three"].pk]


# --- my_needs_offered / my_needs_missing --------------------------------------------------------


def test_job_detail_shows_a_candidate_which_of_their_needs_it_offers(organization):
    job = job_offering(organization, "flexible_schedule", "remote_work", "other")
    candidate = candidate_needing(
        "support_person", "remote_work", "prefer_to_discuss_later", "flexible_schedule"
    )

    body = client_for(candidate.user).get(job_url(job)).json()

    assert body["my_needs_offered"] == ["remote_work", "flexible_schedule"]
    assert body["my_needs_missing"] == ["support_person"]
    assert {key: body[key] for key in body if key not in NEEDS_KEYS} == expected_public_view(job)


def test_job_detail_of_a_candidate_without_needs_shows_empty_lists(candidate_api, organization):
    job = job_offering(organization, "remote_work")

    body = candidate_api.get(job_url(job)).json()

    assert (body["my_needs_offered"], body["my_needs_missing"]) == ([], [])


@pytest.mark.parametrize("caller", ["anonymous", "member", "other employer", "plain user", "staff"])
def test_job_detail_never_shows_needs_to_anyone_but_a_candidate(
    api,
    employer_api,
    other_employer_api,
    user_api,
    staff_api,
    organization,
    employer,
    caller,
):
    client = {
        "anonymous": api,
        "member": employer_api,
        "other employer": other_employer_api,
        "plain user": user_api,
        "staff": staff_api,
    }[caller]
    job = job_offering(organization, "remote_work", user=employer)

    body = client.get(job_url(job)).json()

    assert body["id"] == job.pk
    assert NEEDS_KEYS.isdisjoint(body)


def test_browse_items_never_carry_needs(offering):
    candidate = candidate_needing("remote_work")

    response = client_for(candidate.user).get(BROWSE, {"matches_my_needs": "true"})

    assert all(NEEDS_KEYS.isdisjoint(item) for item in response.json())


def test_my_applications_show_my_needs_for_each_job(organization, other_organization):
    candidate = candidate_needing("remote_work", "not_needed", "assistive_technology")
    remote = job_offering(organization, "remote_work")
    everything = job_offering(other_organization, *OFFERED, status=JobStatus.CLOSED)
    nothing = job_offering(organization)
    for job in (remote, everything, nothing):
        ApplicationFactory(job=job, candidate=candidate)

    response = client_for(candidate.user).get(MY_APPLICATIONS)

    shown = {
        item["job"]["id"]: (item["job"]["my_needs_offered"], item["job"]["my_needs_missing"])
        for item in response.json()
    }
    assert shown == {
        remote.pk: (["remote_work"], ["assistive_technology"]),
        everything.pk: (["remote_work", "assistive_technology"], []),
        nothing.pk: ([], ["remote_work", "assistive_technology"]),
    }


# --- privacy: nothing stored, logged or shown to employers --------------------------------------


def _employer_views(client, job, candidate) -> list[tuple[str, int, bytes, str, str]]:
    """Every job and applicant endpoint an employer reads, as (path, status, body, total, link)."""
    paths = [
        JOBS,
        f"{JOBS}?accommodations=remote_work",
        job_url(job),
        BROWSE,
        f"{BROWSE}?accommodations=remote_work",
        job_url(job, "applications/"),
        job_url(job, "ranking-data/"),
        job_url(job, "invites/"),
        "/api/organization/selected-candidates/",
        "/api/candidates/profiles/",
        f"/api/candidates/profiles/{candidate.slug}/",
        f"/api/candidates/profiles/{candidate.slug}/full/",
    ]
    views = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.content)
        views.append(
            (
                path,
                response.status_code,
                response.content,
                response.get("X-Total-Count", ""),
                response.get("Link", ""),
            )
        )
    return views


def _candidate_filters(client, job) -> list:
    """What a candidate does with the feature: filter by their needs and by a list, read a job
    and their applications."""
    return [
        client.get(BROWSE, {"matches_my_needs": "true"}),
        client.get(BROWSE, {"matches_my_needs": "true", "accommodations": "flexible_schedule"}),
        client.get(BROWSE, {"accommodations": "remote_work,support_person"}),
        client.get(job_url(job)),
        client.get(MY_APPLICATIONS),
    ]


def test_an_employers_every_endpoint_is_unchanged_by_a_candidates_filtering(
    organization, employer, employer_api
):
    job = job_offering(organization, "remote_work", "support_person", user=employer)
    job_offering(organization, "flexible_schedule")
    candidate = CandidateProfileFactory(
        workplace_accommodations=["remote_work", "support_person"],
        disability_categories=["sensory"],
        accommodation_needs="YES",
        disclosure_preference="AFTER_JOB_OFFER",  # applied, not hired: hidden from employers
    )
    ApplicationFactory(job=job, candidate=candidate)
    before = _employer_views(employer_api, job, candidate)

    responses = _candidate_filters(client_for(candidate.user), job)

    assert [response.status_code for response in responses] == [200] * 5
    assert ids(responses[0]) == [job.pk]
    assert _employer_views(employer_api, job, candidate) == before
    assert all(b"my_needs" not in body for _path, _status, body, _total, _link in before)


def test_filtering_writes_nothing_to_the_database(organization):
    job = job_offering(organization, "remote_work")
    candidate = candidate_needing("remote_work")
    ApplicationFactory(job=job, candidate=candidate)
    client = client_for(candidate.user)

    with CaptureQueriesContext(connection) as queries:
        _candidate_filters(client, job)

    statements = [query["sql"].lstrip().split(None, 1)[0].upper() for query in queries]
    assert statements and set(statements) == {"SELECT"}


def test_filtering_logs_nothing_about_the_needs(organization, caplog):
    job = job_offering(organization, "remote_work")
    candidate = candidate_needing("assistive_technology")
    ApplicationFactory(job=job, candidate=candidate)
    client = client_for(candidate.user)
    caplog.set_level(logging.DEBUG)

    _candidate_filters(client, job)
    client.get(BROWSE, {"accommodations": "not_needed"})  # a refused value is not logged either

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "assistive_technology" not in logged
    assert "matches_my_needs" not in logged
    assert "not_needed" not in logged


# --- speed --------------------------------------------------------------------------------------


def _count_queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BROWSE, {**params, "page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


@pytest.mark.parametrize(
    "params",
    [{"accommodations": "remote_work,flexible_schedule"}, {"matches_my_needs": "true"}],
)
def test_browse_query_count_is_same_for_1_and_100_jobs(db, params):
    organizations = OrganizationFactory.create_batch(3)
    client = client_for(candidate_needing("flexible_schedule", "remote_work").user)

    def make(n):
        for i in range(n):
            JobPostFactory(
                organization=organizations[i % 3],
                skills=[f"S{i}", "Python"],
                accommodations_offered=["remote_work", "flexible_schedule", "other"],
            )
            job_offering(organizations[i % 3], "remote_work")  # not listed

    make(1)
    one = _count_queries(client, params)
    make(99)

    hundred = _count_queries(client, params)

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]


def test_my_applications_query_count_is_same_for_1_and_many(organization):
    candidate = candidate_needing("remote_work")
    client = client_for(candidate.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(MY_APPLICATIONS)
        assert response.status_code == 200
        return len(queries)

    ApplicationFactory(job=job_offering(organization, "remote_work"), candidate=candidate)
    one = count()
    for _ in range(20):
        ApplicationFactory(job=job_offering(OrganizationFactory(), "other"), candidate=candidate)

    assert count() == one


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_the_filter_can_use_the_gin_index(organization):
    for _ in range(3):
        job_offering(organization, "remote_work")
    jobs = services.offering_all(JobPost.objects.all(), ["remote_work"])
    sql, params = jobs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "job_accommodations_gin" in plan
