"""The selected candidates of an organization (issue 15): applications to its jobs that came
through an accepted invitation or were shortlisted or hired, as an object with `media_base_url`,
`results` and `pagination`; members only, no disability data."""

import secrets
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.jobs.models import Application, JobInvite, Ranking
from tests.apps.candidates.factories import CandidateProfileFactory, WorkExperienceFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.helpers import NOT_PROVIDED, png_bytes

SELECTED = "/api/organization/selected-candidates/"
RESPOND = "/api/candidates/job-invites/respond/"


def accepted_invite(job, candidate, *, days_ago=0) -> Application:
    """An invite the candidate accepted `days_ago`, with the application it made."""
    application = ApplicationFactory(job=job, candidate=candidate)
    JobInvite.objects.create(
        job=job,
        candidate=candidate,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=14),
        status="accepted",
        responded_at=timezone.now() - timedelta(days=days_ago),
    )
    return application


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_selected_candidates_shape_with_role_experience_match_and_avatar(
    employer_api, organization, api, own_media_root
):
    job = JobPostFactory(organization=organization, title="Data analyst")
    candidate = CandidateProfileFactory(
        disability_categories=["sensory"],
        workplace_accommodations=["remote_work"],
        disclosure_preference="DURING_APPLICATION",
    )
    user = candidate.user
    user.profile.location = "Toronto, ON"
    user.profile.save()
    user.profile.avatar.save("face.png", ContentFile(png_bytes()))
    WorkExperienceFactory(
        profile=candidate,
        role="Junior analyst",
        start_date=date(2015, 1, 1),
        end_date=date(2018, 1, 1),
    )
    WorkExperienceFactory(
        profile=candidate, role="Senior analyst", start_date=date(2018, 1, 1), current=True
    )
    application = accepted_invite(job, candidate)
    Ranking.objects.create(
        job=job,
        plugin="ranking",
        created_at=timezone.now(),
        entries=[{"candidate_id": candidate.pk, "application_id": application.pk, "score": 86.6}],
    )
    invite = JobInvite.objects.get()

    response = employer_api.get(SELECTED)

    body = response.json()
    years = int((date.today() - date(2015, 1, 1)).days / 365.25)
    assert body == {
        "media_base_url": "http://testserver",
        "results": [
            {
                "id": application.pk,
                "candidate_id": candidate.pk,
                "candidate_slug": candidate.slug,
                "name": user.get_full_name(),
                "role": "Senior analyst",
                "location": "Toronto, ON",
                "experience": f"{years} years",
                "match_percent": 87,
                "status": "accepted",
                "avatar_path": f"/api/candidates/avatars/{user.pk}/",
                "job": {"id": job.pk, "title": "Data analyst"},
                "accepted_at": body["results"][0]["accepted_at"],
            }
        ],
        "pagination": {"page": 1, "page_size": 50, "total": 1},
    }
    assert body["results"][0]["accepted_at"].startswith(invite.responded_at.date().isoformat())
    avatar = employer_api.get(body["media_base_url"] + body["results"][0]["avatar_path"])
    assert avatar.status_code == 200
    assert b"".join(avatar.streaming_content) == png_bytes()
    assert api.get(body["results"][0]["avatar_path"]).status_code == 401


def test_selected_candidates_without_records_avatar_or_ranking(employer_api, organization):
    accepted_invite(JobPostFactory(organization=organization), CandidateProfileFactory())

    [item] = results(employer_api.get(SELECTED))

    assert (item["role"], item["experience"], item["location"]) == ("", "", "")
    assert (item["match_percent"], item["avatar_path"]) == (None, None)


def test_selected_candidates_are_accepted_shortlisted_and_hired_newest_first(
    employer_api, organization
):
    job = JobPostFactory(organization=organization)
    accepted = accepted_invite(job, CandidateProfileFactory(), days_ago=3)
    shortlisted = ApplicationFactory(job=job, status="shortlisted")
    hired = accepted_invite(job, CandidateProfileFactory(), days_ago=5)
    Application.objects.filter(pk=hired.pk).update(status="hired")
    hired.refresh_from_db()
    # Not selected: applied without an invite, rejected or withdrawn after accepting, declined.
    ApplicationFactory(job=job)
    for status in ("rejected", "withdrawn"):
        Application.objects.filter(pk=accepted_invite(job, CandidateProfileFactory()).pk).update(
            status=status
        )
    declined = ApplicationFactory(job=job)
    JobInvite.objects.create(
        job=job,
        candidate=declined.candidate,
        token="declined-token",
        expires_at=timezone.now(),
        status="declined",
    )
    # Another organization's selections stay its own.
    ApplicationFactory(status="shortlisted")

    listed = [(item["id"], item["status"]) for item in results(employer_api.get(SELECTED))]

    # The shortlist and the hire changed just now; the invite was accepted three days ago.
    assert sorted(listed[:2]) == sorted([(shortlisted.pk, "shortlisted"), (hired.pk, "hired")])
    assert listed[2:] == [(accepted.pk, "accepted")]


def test_selected_candidates_pagination(employer_api, organization):
    job = JobPostFactory(organization=organization)
    made = [accepted_invite(job, CandidateProfileFactory(), days_ago=day) for day in range(5)]

    page = employer_api.get(SELECTED, {"page": 2, "page_size": 2}).json()
    past = employer_api.get(SELECTED, {"page": 9, "page_size": 2}).json()

    assert [item["id"] for item in page["results"]] == [made[2].pk, made[3].pk]
    assert page["pagination"] == {"page": 2, "page_size": 2, "total": 5}
    assert past["results"] == [] and past["pagination"]["total"] == 5
    assert employer_api.get(SELECTED, {"page_size": 0}).status_code == 400


def test_selected_candidates_show_no_disability_data(employer_api, organization):
    candidate = CandidateProfileFactory(
        disability_categories=["physical"], disclosure_preference="DURING_APPLICATION"
    )
    accepted_invite(JobPostFactory(organization=organization), candidate)

    response = employer_api.get(SELECTED)

    text = response.content.decode()
    for word in ("disab", "accommodation", "physical", "disclosure"):
        assert word not in text


def test_selected_candidates_members_only(
    candidate_api, staff_api, api, other_employer_api, organization
):
    accepted_invite(JobPostFactory(organization=organization), CandidateProfileFactory())

    assert candidate_api.get(SELECTED).status_code == 403
    assert staff_api.get(SELECTED).status_code == 403
    assert (api.get(SELECTED).status_code, api.get(SELECTED).json()) == (401, NOT_PROVIDED)
    assert results(other_employer_api.get(SELECTED)) == []


def _count(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SELECTED, {"page_size": 100})
    return len(results(response)), len(queries)


def test_selected_candidates_query_count_same_for_1_and_30(
    employer_api, organization, own_media_root
):
    def one_more(index):
        job = JobPostFactory(organization=organization)
        candidate = CandidateProfileFactory()
        candidate.user.profile.avatar.save("a.png", ContentFile(png_bytes()))
        WorkExperienceFactory(profile=candidate, start_date=date(2020, 1, 1))
        accepted_invite(job, candidate)
        Ranking.objects.create(
            job=job,
            plugin="ranking",
            created_at=timezone.now(),
            entries=[{"candidate_id": candidate.pk, "score": 50 + index}],
        )

    one_more(0)
    one = _count(employer_api)
    for index in range(1, 30):
        one_more(index)

    thirty = _count(employer_api)

    assert (one[0], thirty[0]) == (1, 30)
    assert thirty[1] == one[1]
