"""The world every case of the access matrix runs in: eight callers and what they may touch.

C applied (DURING_APPLICATION, stage `applied`) to organization A's open job; A also has a draft
and a closed job. C and D each have one record of every kind and a note of their own; EA (A's
owner) wrote a recruiter note on C. A has two more employers who are callers too: a plain member
M and an admin AD; and a pending invitation. C has a resume, a video pitch and an avatar; A has
an avatar.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from ninja_jwt.tokens import AccessToken

from apps.accounts.models import Profile, User
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
EMP_APPLIED = "employer_EA_applied_org"  # A's (sole) owner
EMP_MEMBER = "employer_member_A"  # M, a plain member of A
EMP_ADMIN = "employer_admin_A"  # AD, an admin of A
EMP_OTHER = "employer_EB_other_org"
STAFF = "staff_S"
CALLERS = (ANON, OWNER, OTHER, EMP_APPLIED, EMP_MEMBER, EMP_ADMIN, EMP_OTHER, STAFF)
# The employers of organization A, whatever their role.
ORG_A = frozenset({EMP_APPLIED, EMP_MEMBER, EMP_ADMIN})


def statuses(
    *,
    anon=401,
    owner,
    other,
    emp_applied,
    member: int | None = None,
    admin: int | None = None,
    emp_other,
    staff,
) -> dict[str, int]:
    """The status each caller gets; anonymous is 401 unless the route is public. A's member and
    admin get what its owner EA gets unless the row says otherwise (`member=403, admin=200`):
    the roles differ only in managing the organization (contract §6, docs/domain-rules.md)."""
    return {
        ANON: anon,
        OWNER: owner,
        OTHER: other,
        EMP_APPLIED: emp_applied,
        EMP_MEMBER: emp_applied if member is None else member,
        EMP_ADMIN: emp_applied if admin is None else admin,
        EMP_OTHER: emp_other,
        STAFF: staff,
    }


def uniform(status: int, *, anon: int = 401) -> dict[str, int]:
    """Every authenticated caller gets `status` (routes that act on the caller's own data)."""
    return statuses(
        anon=anon, owner=status, other=status, emp_applied=status, emp_other=status, staff=status
    )


def answered(table: dict[str, int], success: int) -> dict[str, int]:
    """The table with every 200 replaced by `success` (201 for a create, 204 for a delete)."""
    return {caller: success if status == 200 else status for caller, status in table.items()}


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
    member: object  # M, a plain member of A (the caller EMP_MEMBER)
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


# Plain ORM rather than factories, and bulk inserts where no model logic is skipped: the world
# is built once per case (about 1,600 of them), and factory-boy's declaration resolution, then
# one INSERT (and savepoint) per row, cost more than the requests the cases make.


def _users(*specs: tuple[str, str, dict]) -> list[User]:
    """Users `(email, first name, extra fields)` and the Profile each gets (the post_save
    receiver does not run for a bulk insert), in two queries."""
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=email,
            first_name=first_name,
            last_name="Matrix",
            is_verified=True,
            password=password,
            **extra,
        )
        for email, first_name, extra in specs
    )
    return users


def _records_for(profile) -> dict:
    records = {
        "education": Education(
            profile=profile,
            institution=f"University of {profile.slug}",
            course_name="BSc",
            major="Computer Science",
            start_year=2015,
            end_year=2019,
        ),
        "skills": Skill(profile=profile, name=f"Skill of {profile.slug}"),
        "languages": Language(
            profile=profile, language="Portuguese", speaking="advanced", reading="advanced"
        ),
        "work-experience": WorkExperience(
            profile=profile, company=f"Company of {profile.slug}", role="Developer"
        ),
        "projects": Project(profile=profile, project_name=f"Project of {profile.slug}"),
        "achievements": Achievement(profile=profile, title="Hackathon win"),
        "certifications": Certification(profile=profile, name="WCAG auditor"),
    }
    for record in records.values():
        record.prepare()  # what save() derives, as before any bulk insert
    return records


def _organization(name: str, owner: User) -> Organization:
    return Organization.objects.create(
        name=name,
        url=f"https://{name.lower()}.example",
        industry=Industry.SOFTWARE_PRODUCTS,
        about="We hire for skills.",
        employee_size=EmployeeSize.MEDIUM,
        root_user=owner,
    )


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
    c_user, d_user, ea, member, admin, eb, staff = _users(
        ("cora@example.com", "Cora", {}),
        ("dan@example.com", "Dan", {}),
        ("owner@acme.example", "Acme owner", {}),
        ("member@acme.example", "Mia", {}),
        ("admin@acme.example", "Ada", {}),
        ("owner@globex.example", "Globex owner", {}),
        ("staff@example.com", "Sam", {"is_staff": True}),
    )
    profiles = [Profile(user=user) for user in (c_user, d_user, ea, member, admin, eb, staff)]
    profiles[0].avatar.save("face.png", ContentFile(AVATAR), save=False)
    Profile.objects.bulk_create(profiles)

    c = CandidateProfile(
        user=c_user,
        slug=new_slug("Cora"),
        is_available=False,  # employers see C only through its application
        disability_categories=C_DISABILITY["disability_categories"],
        accommodation_needs=C_DISABILITY["accommodation_needs"],
        workplace_accommodations=C_DISABILITY["workplace_accommodations"],
        disclosure_preference=C_DISABILITY["disclosure_preference"],
    )
    c.resume_file.save("resume.pdf", ContentFile(PDF), save=False)
    c.video_pitch.save("pitch.mp4", ContentFile(MP4), save=False)
    c.save()
    d = CandidateProfile.objects.create(
        user=d_user, slug=new_slug("Dan"), is_available=True, **D_DISABILITY
    )

    by_profile = {"C": _records_for(c), "D": _records_for(d)}
    for kind in by_profile["C"]:
        type(by_profile["C"][kind]).objects.bulk_create(
            [by_profile["C"][kind], by_profile["D"][kind]]
        )
    records = {
        (key, kind): record for key, made in by_profile.items() for kind, record in made.items()
    }

    org_a = _organization("Acme", ea)
    org_a.avatar.save("logo.png", ContentFile(ORG_AVATAR))
    org_b = _organization("Globex", eb)
    Membership.objects.bulk_create(
        [
            Membership(user=ea, organization=org_a, role=Role.OWNER),
            Membership(user=member, organization=org_a, role=Role.MEMBER),
            Membership(user=admin, organization=org_a, role=Role.ADMIN),
            Membership(user=eb, organization=org_b, role=Role.OWNER),
        ]
    )
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
        "c_note": Note(profile=c, author=c_user, note="My own reminder"),
        "d_note": Note(profile=d, author=d_user, note="Dan's reminder"),
        "ea_note": Note(profile=c, author=ea, organization=org_a, note="Strong match"),
    }
    Note.objects.bulk_create(notes.values())
    users = {
        ANON: None,
        OWNER: c_user,
        OTHER: d_user,
        EMP_APPLIED: ea,
        EMP_MEMBER: member,
        EMP_ADMIN: admin,
        EMP_OTHER: eb,
        STAFF: staff,
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
