"""Values that grow when normalised are measured after normalising (issue: text that grows).

"ß" casefolds to "ss" and "İ" lowercases to "i" + a combining dot: 100 × "ß" is a valid
100-character skill name whose key needs 200 characters, and a 160-character email of "İ" is
longer than 254 once lowercased. PostgreSQL refused such values with a 500 and SQLite stored them
past the column's length; now they are a 400 on both, and nothing is written.
"""

import pytest

from apps.accounts.models import User
from apps.candidates.models import Skill
from apps.jobs.models import JobPost, JobSkill
from apps.organizations.models import Invite, Role
from tests.apps.organizations.factories import MembershipFactory
from tests.helpers import client_for

GROWS_PAST_100 = "ß" * 51  # 51 characters, a 102-character key
FITS_100 = "ß" * 50  # 50 characters, a 100-character key
SKILL_TOO_LONG = ["Ensure this skill has at most 100 characters once letter case is folded."]
EMAIL_TOO_LONG = ["Ensure this field has at most 254 characters."]
# 150 × "İ" is 150 characters before and 300 after lowercasing.
GROWING_EMAIL = "İ" * 150 + "@example.com"


@pytest.fixture
def owner(db):
    return MembershipFactory(role=Role.OWNER)


def test_candidate_skill_growing_past_key_length_bad_request(candidate_api):
    response = candidate_api.post("/api/candidates/skills/", {"name": GROWS_PAST_100})

    assert response.status_code == 400
    assert response.json() == {"name": SKILL_TOO_LONG}
    assert Skill.objects.count() == 0


def test_candidate_skill_key_at_length_stored(candidate_api):
    response = candidate_api.post("/api/candidates/skills/", {"name": FITS_100})

    assert response.status_code == 201
    assert Skill.objects.get().key == "ss" * 50


def test_job_skill_growing_past_key_length_bad_request(owner):
    body = {"title": "Baker", "job_desc": "Bread.", "skills": ["Python", GROWS_PAST_100]}

    response = client_for(owner.user).post("/api/channels/jobs/", body)

    assert response.status_code == 400
    assert response.json() == {"skills.1": SKILL_TOO_LONG}
    assert (JobPost.objects.count(), JobSkill.objects.count()) == (0, 0)


def test_signup_email_growing_past_254_bad_request(api):
    body = {"email": GROWING_EMAIL, "password": "Correct-Horse-42"}

    response = api.post("/api/auth/signup/", body)

    assert response.status_code == 400
    assert response.json() == {"email": EMAIL_TOO_LONG}
    assert User.objects.count() == 0


def test_invite_email_growing_past_254_bad_request(owner):
    url = f"/api/organization/organizations/{owner.organization_id}/create-invite/"

    response = client_for(owner.user).post(url, {"email": GROWING_EMAIL})

    assert response.status_code == 400
    assert response.json() == {"email": EMAIL_TOO_LONG}
    assert Invite.objects.count() == 0
