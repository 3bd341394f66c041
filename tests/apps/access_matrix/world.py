"""The world every case of the access matrix runs in: six callers and what they may touch.

C applied (DURING_APPLICATION, stage `applied`) to organization A's open job; A also has a draft
and a closed job. C and D each have one record of every kind and a note of their own; EA wrote a
recruiter note on C. A has a plain member M and a pending invitation. C has a resume, a video
pitch and an avatar; A has an avatar.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from ninja_jwt.tokens import AccessToken

from apps.accounts.models import User
from apps.candidates.models import (
    Achievement,
    CandidateProfile,
    Certification,
    Education,
    Language,
    Note,
    Project,
    Skill,
    WorkExperience,
    new_slug,
)
from apps.jobs.models import Application, JobPost, JobStatus
from apps.organizations.models import (
    EmployeeSize,
    Industry,
    Invite,
    Membership,
    Organization,
    Role,
)
from tests.factories import PASSWORD
from tests.helpers import MP4, PDF, png_bytes

# --- callers ------------------------------------------------------------------------------------

ANON = "anonymous"
OWNER = "owner_C"
OTHER = "other_candidate_D"
EMP_APPLIED = "employer_EA_applied_org"
EMP_OTHER = "employer_EB_other_org"
STAFF = "staff_S"
CALLERS = (ANON, OWNER, OTHER, EMP_APPLIED, EMP_OTHER, STAFF)


def statuses(*, anon=401, owner, other, emp_applied, emp_other, staff) -> dict[str, int]:
    """The status each caller gets; anonymous is 401 unless the route is public."""
    return {
        ANON: anon,
        OWNER: owner,
        OTHER: other,
        EMP_APPLIED: emp_applied,
        EMP_OTHER: emp_other,
        STAFF: staff,
    }


def uniform(status: int, *, anon: int = 401) -> dict[str, int]:
    """Every authenticated caller gets `status` (routes that act on the caller's own data)."""
    return statuses(
        anon=anon, owner=status, other=status, emp_applied=status, emp_other=status, staff=status
    )


# Everyone authenticated gets 200 (their own data, possibly empty); anonymous 401.
EVERY_USER = uniform(200)
# Public routes: the same 200 for everyone, anonymous included.
PUBLIC = uniform(200, anon=200)

# --- disability ---------------------------------------------------------------------------------

DISABILITY_KEYS = (
    "disability_categories",
    "accommodation_needs",
    "workplace_accommodations",
    "disclosure_preference",
)
HIDDEN = dict.fromkeys(DISABILITY_KEYS)
SHOWN, NULL = "shown", "null"
C_DISABILITY = {
    "disability_categories": ["sensory"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["remote_work"],
    "disclosure_preference": "DURING_APPLICATION",
}
D_DISABILITY = {
    "disability_categories": ["physical"],
    "accommodation_needs": "NO",
    "workplace_accommodations": ["flexible_schedule"],
    "disclosure_preference": "DURING_APPLICATION",
}


def assert_disability(body: dict, state: str, values: dict, where: str) -> None:
    """The four keys are present; equal to `values` where shown, all null where hidden."""
    missing = [key for key in DISABILITY_KEYS if key not in body]
    assert not missing, (
        f"{where}: disability keys absent (must be present, null if hidden): {missing}"
    )
    actual = {key: body[key] for key in DISABILITY_KEYS}
    expected = values if state == SHOWN else HIDDEN
    assert actual == expected, f"{where}: disability should be {state}, got {actual}"


# --- the world ----------------------------------------------------------------------------------


# Two different images, so a download of one where the other was due shows.
AVATAR, ORG_AVATAR = png_bytes(color=(30, 120, 200)), png_bytes(color=(200, 90, 30))


@dataclass
class World:
    users: dict  # caller -> User (None for anonymous)
    tokens: dict  # caller -> Bearer access token (None for anonymous)
    profiles: dict  # "C", "D" -> CandidateProfile
    records: dict  # ("C" | "D", kind) -> record
    notes: dict  # "c_note", "d_note", "ea_note" -> Note
    org_a: Organization
    org_b: Organization
    jobs: dict  # "open", "draft", "closed" -> JobPost of A
    application: Application  # C's, to A's open job
    member: object  # a plain member M of A
    invite: Invite
    avatar: bytes  # C's
    org_avatar: bytes  # A's
    # What a row's body made for its effect to look at (a token's id).
    scratch: dict = field(default_factory=dict)

    @property
    def c(self) -> CandidateProfile:
        return self.profiles["C"]

    @property
    def d(self) -> CandidateProfile:
        return self.profiles["D"]

    @property
    def job(self) -> JobPost:
        return self.jobs["open"]


# Plain ORM rather than factories: the world is built once per case (about 900 of them), and
# factory-boy's declaration resolution cost more than the rows it writes.


def _user(email: str, first_name: str, **extra) -> User:
    return User.objects.create_user(
        email, PASSWORD, first_name=first_name, last_name="Matrix", is_verified=True, **extra
    )


def _candidate(email: str, first_name: str, **fields) -> CandidateProfile:
    user = _user(email, first_name)
    return CandidateProfile.objects.create(user=user, slug=new_slug(first_name), **fields)


def _records_for(profile) -> dict:
    return {
        "education": Education.objects.create(
            profile=profile,
            institution=f"University of {profile.slug}",
            course_name="BSc",
            major="Computer Science",
            start_year=2015,
            end_year=2019,
        ),
        "skills": Skill.objects.create(profile=profile, name=f"Skill of {profile.slug}"),
        "languages": Language.objects.create(
            profile=profile, language="Portuguese", speaking="advanced", reading="advanced"
        ),
        "work-experience": WorkExperience.objects.create(
            profile=profile, company=f"Company of {profile.slug}", role="Developer"
        ),
        "projects": Project.objects.create(
            profile=profile, project_name=f"Project of {profile.slug}"
        ),
        "achievements": Achievement.objects.create(profile=profile, title="Hackathon win"),
        "certifications": Certification.objects.create(profile=profile, name="WCAG auditor"),
    }


def _owned_organization(name: str):
    owner = _user(f"owner@{name.lower()}.example", f"{name} owner")
    organization = Organization.objects.create(
        name=name,
        url=f"https://{name.lower()}.example",
        industry=Industry.SOFTWARE_PRODUCTS,
        about="We hire for skills.",
        employee_size=EmployeeSize.MEDIUM,
        root_user=owner,
    )
    Membership.objects.create(user=owner, organization=organization, role=Role.OWNER)
    return organization, owner


def _jobs_of(organization, author) -> dict:
    titles = {
        "open": ("Accessibility engineer", JobStatus.OPEN),
        "draft": ("Braille designer", JobStatus.DRAFT),
        "closed": ("Caption editor", JobStatus.CLOSED),
    }
    return {
        key: JobPost.objects.create(
            organization=organization, user=author, title=title, status=status
        )
        for key, (title, status) in titles.items()
    }


def build_world() -> World:
    c = _candidate(
        "cora@example.com",
        "Cora",
        is_available=False,  # employers see C only through its application
        disability_categories=C_DISABILITY["disability_categories"],
        accommodation_needs=C_DISABILITY["accommodation_needs"],
        workplace_accommodations=C_DISABILITY["workplace_accommodations"],
        disclosure_preference=C_DISABILITY["disclosure_preference"],
    )
    c.resume_file.save("resume.pdf", ContentFile(PDF), save=False)
    c.video_pitch.save("pitch.mp4", ContentFile(MP4), save=False)
    c.save()
    c.user.profile.avatar.save("face.png", ContentFile(AVATAR))

    d = _candidate("dan@example.com", "Dan", is_available=True, **D_DISABILITY)

    records = {}
    for key, profile in (("C", c), ("D", d)):
        for kind, record in _records_for(profile).items():
            records[key, kind] = record

    org_a, ea = _owned_organization("Acme")
    org_a.avatar.save("logo.png", ContentFile(ORG_AVATAR))
    member = _user("member@acme.example", "Mia")
    Membership.objects.create(user=member, organization=org_a, role=Role.MEMBER)
    org_b, eb = _owned_organization("Globex")
    jobs = _jobs_of(org_a, ea)
    application = Application.objects.create(job=jobs["open"], candidate=c)
    invite = Invite.objects.create(
        organization=org_a,
        email="pending@example.com",
        code_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        invited_by=ea,
        expires_at=timezone.now() + timedelta(days=7),
    )
    notes = {
        "c_note": Note.objects.create(profile=c, author=c.user, note="My own reminder"),
        "d_note": Note.objects.create(profile=d, author=d.user, note="Dan's reminder"),
        "ea_note": Note.objects.create(
            profile=c, author=ea, organization=org_a, note="Strong match"
        ),
    }
    users = {
        ANON: None,
        OWNER: c.user,
        OTHER: d.user,
        EMP_APPLIED: ea,
        EMP_OTHER: eb,
        STAFF: _user("staff@example.com", "Sam", is_staff=True),
    }
    tokens = {key: (str(AccessToken.for_user(u)) if u else None) for key, u in users.items()}
    return World(
        users=users,
        tokens=tokens,
        profiles={"C": c, "D": d},
        records=records,
        notes=notes,
        org_a=org_a,
        org_b=org_b,
        jobs=jobs,
        application=application,
        member=member,
        invite=invite,
        avatar=AVATAR,
        org_avatar=ORG_AVATAR,
    )
