"""Access matrix: every candidate and organization endpoint, walked by six callers.

The callers: anonymous; the owner C (a candidate, not available, who applied to a job of
organization A with disclosure `DURING_APPLICATION`); another candidate D; the owner EA of
organization A; the owner EB of organization B (C did not apply there); and a staff user S.
Each row of a table is one endpoint and method with the status each caller gets (contract
sections 2, 6, 7, 9, 10, 11 and docs/domain-rules.md: 404 for a caller who may not see an object,
403 for one who may see it but not change it), and, for the reads that return a profile, whether
the disability fields are shown (C's values) or present and null. Writes also assert their
effect: it happened exactly for the callers the table allows.

How disclosure follows the application's stage for each `disclosure_preference` is tested in
tests/apps/jobs/test_applications.py; this module fixes the stage (applied, DURING_APPLICATION).

Every (row, caller) case gets a fresh world built with factories, so destructive rows do not
disturb the others.
"""

import hashlib
import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from ninja_jwt.tokens import AccessToken
from PIL import Image

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
)
from apps.jobs.models import Application, JobPost, JobStatus
from apps.organizations.models import Invite, Membership, Organization, Role
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    EducationFactory,
    LanguageFactory,
    NoteFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.apps.organizations.factories import MembershipFactory, OrganizationFactory
from tests.conftest import ApiClient
from tests.factories import StaffFactory

CANDIDATES = "/api/candidates/"
PROFILES = f"{CANDIDATES}profiles/"
ORGS = "/api/organization/organizations/"

NOT_FOUND = {"detail": "Not found."}
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00\x00\x00\x00mp42isom" + b"\x00" * 512

# --- callers ------------------------------------------------------------------------------------

ANON = "anonymous"
OWNER = "owner_C"
OTHER = "other_candidate_D"
EMP_APPLIED = "employer_EA_applied_org"
EMP_OTHER = "employer_EB_other_org"
STAFF = "staff_S"
CALLERS = (ANON, OWNER, OTHER, EMP_APPLIED, EMP_OTHER, STAFF)


def statuses(*, anon=401, owner, other, emp_applied, emp_other, staff) -> dict[str, int]:
    return {
        ANON: anon,
        OWNER: owner,
        OTHER: other,
        EMP_APPLIED: emp_applied,
        EMP_OTHER: emp_other,
        STAFF: staff,
    }


# Reads of C's profile and its files: C, EA (C applied to A) and staff; D and EB may not see it.
PROFILE_READ = statuses(owner=200, other=404, emp_applied=200, emp_other=404, staff=200)
# Writes to C's profile: only C; those who may read it (EA, staff) get 403, the others 404.
PROFILE_WRITE = statuses(owner=200, other=404, emp_applied=403, emp_other=404, staff=403)
PROFILE_DELETE = {**PROFILE_WRITE, OWNER: 204}
# C's own records and notes by id: nobody but C (records are scoped to the caller's profile).
OWN_ONLY = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404)
OWN_ONLY_DELETE = {**OWN_ONLY, OWNER: 204}
# EA's recruiter note on C (organization A's): only EA, its author.
EA_ONLY = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=404)
EA_ONLY_DELETE = {**EA_ONLY, EMP_APPLIED: 204}
# Listing records: everyone authenticated gets their own (possibly empty) list.
LIST_OWN = statuses(owner=200, other=200, emp_applied=200, emp_other=200, staff=200)
# Creating a record: candidates on their own profile; no profile is a 403.
CREATE_OWN = statuses(owner=201, other=201, emp_applied=403, emp_other=403, staff=403)
# Organization A: EA (its owner) and staff; everyone else 404.
ORG_MANAGE = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=200)
ORG_DELETE = {**ORG_MANAGE, EMP_APPLIED: 204, STAFF: 204}
ORG_CREATE = {**ORG_MANAGE, EMP_APPLIED: 201, STAFF: 201}
# A second profile or organization: a user is a candidate or an employer, never both (409).
ONE_ROLE = statuses(owner=409, other=409, emp_applied=409, emp_other=409, staff=201)
ACCEPT_INVITE = statuses(owner=409, other=409, emp_applied=409, emp_other=409, staff=200)
PUBLIC = statuses(anon=200, owner=200, other=200, emp_applied=200, emp_other=200, staff=200)

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

# Disability state of C's profile for each caller who may read it (detail, full/, writes' echo).
C_PROFILE_STATE = {OWNER: SHOWN, EMP_APPLIED: SHOWN, STAFF: SHOWN}
# GET profiles/: (profile, state) in order, for each caller. D is available, so both employers
# list D, without its disability data (D applied nowhere); C is listed only where it may be seen.
LIST_STATE = {
    OWNER: [("C", SHOWN)],
    OTHER: [("D", SHOWN)],
    EMP_APPLIED: [("C", SHOWN), ("D", NULL)],
    EMP_OTHER: [("D", NULL)],
    STAFF: [("C", SHOWN), ("D", SHOWN)],
}
# Notes shown on C's profile (`get_all_notes`): C's own to C, organization A's to EA, none to staff.
C_PROFILE_NOTES = {OWNER: ["c_note"], EMP_APPLIED: ["ea_note"], STAFF: []}
# GET notes/: the caller's own notes, or their organization's.
NOTES_LIST = {
    OWNER: ["c_note"],
    OTHER: ["d_note"],
    EMP_APPLIED: ["ea_note"],
    EMP_OTHER: [],
    STAFF: [],
}


# --- the world ----------------------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class World:
    users: dict
    tokens: dict
    profiles: dict  # "C", "D" -> CandidateProfile
    records: dict  # ("C" | "D", kind) -> record
    notes: dict  # "c_note", "d_note", "ea_note" -> Note
    org_a: Organization
    org_b: Organization
    job: JobPost
    application: Application
    member: object  # a plain member M of A
    invite: Invite
    avatar: bytes
    org_avatar: bytes

    @property
    def c(self) -> CandidateProfile:
        return self.profiles["C"]

    @property
    def d(self) -> CandidateProfile:
        return self.profiles["D"]


def _records_for(profile) -> dict:
    return {
        "education": EducationFactory(profile=profile),
        "skills": SkillFactory(profile=profile),
        "languages": LanguageFactory(profile=profile),
        "work-experience": WorkExperienceFactory(profile=profile),
        "projects": Project.objects.create(profile=profile, name=f"Project of {profile.slug}"),
        "achievements": Achievement.objects.create(profile=profile, title="Hackathon win"),
        "certifications": Certification.objects.create(profile=profile, name="WCAG auditor"),
    }


def _owned_organization(name: str):
    organization = OrganizationFactory(name=name)
    owner = MembershipFactory(organization=organization, role=Role.OWNER).user
    organization.root_user = owner
    organization.save(update_fields=["root_user"])
    return organization, owner


def build_world() -> World:
    c = CandidateProfileFactory(
        user__first_name="Cora",
        is_available=False,  # employers see C only through its application
        disability_categories=C_DISABILITY["disability_categories"],
        accommodation_needs=C_DISABILITY["accommodation_needs"],
        workplace_accommodations=C_DISABILITY["workplace_accommodations"],
        disclosure_preference=C_DISABILITY["disclosure_preference"],
    )
    c.resume_file.save("resume.pdf", ContentFile(PDF), save=False)
    c.video_pitch.save("pitch.mp4", ContentFile(MP4), save=False)
    c.save()
    avatar = png_bytes()
    c.user.profile.avatar.save("face.png", ContentFile(avatar))

    d = CandidateProfileFactory(user__first_name="Dan", is_available=True, **D_DISABILITY)

    records = {}
    for key, profile in (("C", c), ("D", d)):
        for kind, record in _records_for(profile).items():
            records[key, kind] = record

    org_a, ea = _owned_organization("Acme")
    org_avatar = png_bytes()
    org_a.avatar.save("logo.png", ContentFile(org_avatar))
    member = MembershipFactory(organization=org_a, role=Role.MEMBER).user
    org_b, eb = _owned_organization("Globex")
    job = JobPost.objects.create(
        organization=org_a, user=ea, title="Accessibility engineer", status=JobStatus.OPEN
    )
    application = Application.objects.create(job=job, candidate=c)
    invite = Invite.objects.create(
        organization=org_a,
        email="pending@example.com",
        code_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        invited_by=ea,
        expires_at=timezone.now() + timedelta(days=7),
    )
    notes = {
        "c_note": NoteFactory(profile=c, note="My own reminder"),
        "d_note": NoteFactory(profile=d, note="Dan's reminder"),
        "ea_note": NoteFactory(profile=c, author=ea, organization=org_a, note="Strong match"),
    }
    users = {
        ANON: None,
        OWNER: c.user,
        OTHER: d.user,
        EMP_APPLIED: ea,
        EMP_OTHER: eb,
        STAFF: StaffFactory(),
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
        job=job,
        application=application,
        member=member,
        invite=invite,
        avatar=avatar,
        org_avatar=org_avatar,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


# --- checks -------------------------------------------------------------------------------------


def assert_disability(body: dict, state: str, values: dict, where: str) -> None:
    """The four keys are present; equal to `values` where shown, all null where hidden."""
    missing = [key for key in DISABILITY_KEYS if key not in body]
    assert not missing, (
        f"{where}: disability keys absent (must be present, null if hidden): {missing}"
    )
    actual = {key: body[key] for key in DISABILITY_KEYS}
    expected = values if state == SHOWN else HIDDEN
    assert actual == expected, f"{where}: disability should be {state}, got {actual}"


def check_c_profile(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert (body["id"], body["slug"]) == (w.c.pk, w.c.slug), f"{where}: not C's profile: {body}"
    assert_disability(body, C_PROFILE_STATE[caller], C_DISABILITY, where)
    note_ids = [note["id"] for note in body["get_all_notes"]]
    expected_notes = [w.notes[key].pk for key in C_PROFILE_NOTES[caller]]
    assert note_ids == expected_notes, f"{where}: get_all_notes {note_ids} != {expected_notes}"


def check_c_full(w: World, caller: str, response, where: str) -> None:
    check_c_profile(w, caller, response, where)
    verified = response.json()["verified_profile"]
    assert_disability(
        verified["accessibility_needs"],
        C_PROFILE_STATE[caller],
        C_DISABILITY,
        f"{where} (verified_profile.accessibility_needs)",
    )
    for kind in RECORD_KINDS:
        key = kind.relation
        ids = [record["id"] for record in verified[key]]
        assert ids == [w.records["C", kind.path].pk], f"{where}: verified_profile.{key} = {ids}"


def check_profile_list(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert isinstance(body, list), f"{where}: a list is a bare array, got {body}"
    listed = [item["slug"] for item in body]
    expected = LIST_STATE[caller]
    assert listed == [w.profiles[key].slug for key, _ in expected], (
        f"{where}: listed {listed}, expected {[key for key, _ in expected]} (C={w.c.slug}, "
        f"D={w.d.slug}); C listed: {w.c.slug in listed}"
    )
    values = {"C": C_DISABILITY, "D": D_DISABILITY}
    for item, (key, state) in zip(body, expected, strict=True):
        assert_disability(item, state, values[key], f"{where} (profile {key} in the list)")


def check_download(content: Callable[[World], bytes]):
    def check(w: World, caller: str, response, where: str) -> None:
        received = b"".join(response.streaming_content)
        assert received == content(w), f"{where}: the downloaded bytes differ"

    return check


def check_notes_list(w: World, caller: str, response, where: str) -> None:
    ids = [note["id"] for note in response.json()]
    expected = [w.notes[key].pk for key in NOTES_LIST[caller]]
    assert ids == expected, f"{where}: notes {ids}, expected {NOTES_LIST[caller]} = {expected}"


def check_created_note(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    organization = w.org_a.pk if caller == EMP_APPLIED else None
    assert (body["profile"], body["organization"], body["note"]) == (
        w.c.slug,
        organization,
        "Matrix note",
    ), f"{where}: {body}"


def _profile_of(w: World, caller: str):
    return CandidateProfile.objects.get(user=w.users[caller])


def check_org_list(w: World, caller: str, response, where: str) -> None:
    expected = {
        OWNER: [],
        OTHER: [],
        EMP_APPLIED: [w.org_a.pk],
        EMP_OTHER: [w.org_b.pk],
        STAFF: [w.org_a.pk, w.org_b.pk],
    }[caller]
    ids = [item["id"] for item in response.json()]
    assert ids == expected, f"{where}: organizations {ids}, expected {expected} (A={w.org_a.pk})"


def check_org_a(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["id"] == w.org_a.pk, f"{where}: {body}"
    members = sorted(user["id"] for user in body["users"])
    expected = sorted([w.users[EMP_APPLIED].pk, w.member.pk])
    assert members == expected, f"{where}: users {members} != {expected}"


# --- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    method: str
    route: str  # the route as the app's router declares it
    path: Callable[[World], str]
    statuses: dict
    body: Callable[[World, str], dict] | None = None  # (world, caller) -> request body
    check: Callable | None = None  # extra assertions on a 2xx response
    # For writes: whether the change reached its target (C's data, organization A, ...).
    effect: Callable[[World], bool] | None = None
    # Callers whose call makes `effect` true; by default those answered 2xx.
    effect_by: frozenset | None = None
    app: str = "candidates"  # the API prefix: /api/candidates/ or /api/organization/
    variant: str = ""  # which object, where one route is walked on several

    @property
    def label(self) -> str:
        return f"/api/{self.app}/{self.route}" + (f" [{self.variant}]" if self.variant else "")


def c_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"{PROFILES}{w.c.slug}/{suffix}"


def org_a_url(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"{ORGS}{w.org_a.pk}/{suffix}"


def fresh(instance):
    return type(instance).objects.filter(pk=instance.pk).first()


PROFILE_PUT = {
    "willing_to_relocate": True,
    "employment_type_preferences": ["full-time"],
    "work_mode_preferences": ["remote"],
    "has_workvisa": False,
    "expected_salary_range": "90k",
    "is_available": False,
    **C_DISABILITY,
}

PROFILE_ROWS = [
    Row(
        "post",
        "profiles/",
        lambda w: PROFILES,
        ONE_ROLE,
        body=lambda w, caller: {},
        effect=lambda w: CandidateProfile.objects.count() == 3,
    ),
    Row("get", "profiles/", lambda w: PROFILES, LIST_OWN, check=check_profile_list),
    Row("get", "profiles/{slug}/", c_url(), PROFILE_READ, check=check_c_profile),
    Row(
        "put",
        "profiles/{slug}/",
        c_url(),
        PROFILE_WRITE,
        body=lambda w, caller: PROFILE_PUT,
        check=check_c_profile,
        effect=lambda w: fresh(w.c).expected_salary_range == "90k",
    ),
    Row(
        "patch",
        "profiles/{slug}/",
        c_url(),
        PROFILE_WRITE,
        body=lambda w, caller: {"expected_salary_range": "95k"},
        check=check_c_profile,
        effect=lambda w: fresh(w.c).expected_salary_range == "95k",
    ),
    Row(
        "delete",
        "profiles/{slug}/",
        c_url(),
        PROFILE_DELETE,
        effect=lambda w: fresh(w.c) is None,
    ),
    Row("get", "profiles/{slug}/full/", c_url("full/"), PROFILE_READ, check=check_c_full),
    Row(
        "get",
        "profiles/{slug}/resume/",
        c_url("resume/"),
        PROFILE_READ,
        check=check_download(lambda w: PDF),
    ),
    Row(
        "get",
        "profiles/{slug}/video-pitch/",
        c_url("video-pitch/"),
        PROFILE_READ,
        check=check_download(lambda w: MP4),
    ),
    Row(
        "post",
        "profiles/{slug}/verify-profile/",
        c_url("verify-profile/"),
        PROFILE_WRITE,
        body=lambda w, caller: {"skills": ["Rust", "Go"]},
        check=check_c_profile,
        effect=lambda w: (
            sorted(Skill.objects.filter(profile=w.c).values_list("name", flat=True))
            == ["Go", "Rust"]
        ),
    ),
    Row(
        "post",
        "profiles/{slug}/create-notes/",
        c_url("create-notes/"),
        # C's own note, or a recruiter note of EA's organization; staff may read the profile
        # but is neither its candidate nor a recruiter (403).
        statuses(owner=201, other=404, emp_applied=201, emp_other=404, staff=403),
        body=lambda w, caller: {"note": "Matrix note"},
        check=check_created_note,
        effect=lambda w: Note.objects.filter(profile=w.c, note="Matrix note").exists(),
    ),
    Row(
        "get",
        "avatars/{int:user_id}/",
        lambda w: f"{CANDIDATES}avatars/{w.c.user_id}/",
        PROFILE_READ,
        check=check_download(lambda w: w.avatar),
    ),
]


@dataclass(frozen=True)
class RecordKind:
    path: str
    relation: str
    model: type
    create: dict
    put: dict
    patch: dict


RECORD_KINDS = [
    RecordKind(
        "education",
        "education",
        Education,
        {"institution": "MIT", "start_year": 2010, "end_year": 2014},
        {
            "institution": "Open University",
            "course_name": "BA",
            "major": "History",
            "start_year": 2001,
            "end_year": 2004,
        },
        {"major": "Mathematics"},
    ),
    RecordKind("skills", "skills", Skill, {"name": "Rust"}, {"name": "Haskell"}, {"name": "Go"}),
    RecordKind(
        "languages",
        "languages",
        Language,
        {"language": "French", "speaking": "basic"},
        {"language": "German", "speaking": "native", "reading": "native", "writing": "advanced"},
        {"speaking": "native"},
    ),
    RecordKind(
        "work-experience",
        "work_experience",
        WorkExperience,
        {"company": "Initech", "role": "Engineer"},
        {"company": "Globex", "role": "Lead", "description": "Led a team.", "location": "Remote"},
        {"role": "Principal"},
    ),
    RecordKind(
        "projects",
        "projects",
        Project,
        {"name": "Screen reader"},
        {"name": "Captioner", "description": "Live captions.", "url": "https://example.com/c"},
        {"description": "Now with braille."},
    ),
    RecordKind(
        "achievements",
        "achievements",
        Achievement,
        {"title": "Award"},
        {"title": "Medal", "description": "For access work."},
        {"description": "Second place."},
    ),
    RecordKind(
        "certifications",
        "certifications",
        Certification,
        {"name": "AWS"},
        {"name": "CPACC", "issuer": "IAAP", "credential_id": "X-1"},
        {"issuer": "IAAP"},
    ),
]


def _stored(record, values: dict) -> bool:
    record = fresh(record)
    return record is not None and all(getattr(record, k) == v for k, v in values.items())


def _record_rows(kind: RecordKind) -> list[Row]:
    base = f"{CANDIDATES}{kind.path}/"

    def item(w: World) -> str:
        return f"{base}{w.records['C', kind.path].pk}/"

    def c_record(w: World):
        return w.records["C", kind.path]

    def check_list(w: World, caller: str, response, where: str) -> None:
        ids = [record["id"] for record in response.json()]
        owner = {OWNER: "C", OTHER: "D"}.get(caller)
        expected = [w.records[owner, kind.path].pk] if owner else []
        assert ids == expected, f"{where}: listed {ids}, expected the caller's own {expected}"

    def check_created(w: World, caller: str, response, where: str) -> None:
        created = kind.model.objects.get(pk=response.json()["id"])
        assert created.profile_id == _profile_of(w, caller).pk, (
            f"{where}: the record was created on profile {created.profile_id}, "
            "not on the caller's own"
        )

    def check_item(w: World, caller: str, response, where: str) -> None:
        assert response.json()["id"] == c_record(w).pk, f"{where}: {response.json()}"

    return [
        Row("get", f"{kind.path}/", lambda w: base, LIST_OWN, check=check_list),
        Row(
            "post",
            f"{kind.path}/",
            lambda w: base,
            CREATE_OWN,
            body=lambda w, caller: kind.create,
            check=check_created,
            # D's record goes on D's own profile: C's records change only for C.
            effect=lambda w: kind.model.objects.filter(profile=w.c).count() == 2,
            effect_by=frozenset({OWNER}),
        ),
        Row("get", f"{kind.path}/{{int:record_id}}/", item, OWN_ONLY, check=check_item),
        Row(
            "put",
            f"{kind.path}/{{int:record_id}}/",
            item,
            OWN_ONLY,
            body=lambda w, caller: kind.put,
            check=check_item,
            effect=lambda w: _stored(c_record(w), kind.put),
        ),
        Row(
            "patch",
            f"{kind.path}/{{int:record_id}}/",
            item,
            OWN_ONLY,
            body=lambda w, caller: kind.patch,
            check=check_item,
            effect=lambda w: _stored(c_record(w), kind.patch),
        ),
        Row(
            "delete",
            f"{kind.path}/{{int:record_id}}/",
            item,
            OWN_ONLY_DELETE,
            effect=lambda w: fresh(c_record(w)) is None,
        ),
    ]


RECORD_ROWS = [row for kind in RECORD_KINDS for row in _record_rows(kind)]


def _note_item_rows(key: str, variant: str, read: dict, delete: dict) -> list[Row]:
    route = "notes/{int:note_id}/"

    def url(w: World) -> str:
        return f"{CANDIDATES}notes/{w.notes[key].pk}/"

    def check(w: World, caller: str, response, where: str) -> None:
        assert response.json()["id"] == w.notes[key].pk, f"{where}: {response.json()}"

    rewritten = {"note": "Rewritten", "section": "skills"}
    return [
        Row("get", route, url, read, check=check, variant=variant),
        Row(
            "put",
            route,
            url,
            read,
            body=lambda w, caller: rewritten,
            check=check,
            effect=lambda w: _stored(w.notes[key], rewritten),
            variant=variant,
        ),
        Row(
            "patch",
            route,
            url,
            read,
            body=lambda w, caller: {"note": "Patched"},
            check=check,
            effect=lambda w: _stored(w.notes[key], {"note": "Patched"}),
            variant=variant,
        ),
        Row(
            "delete",
            route,
            url,
            delete,
            effect=lambda w: fresh(w.notes[key]) is None,
            variant=variant,
        ),
    ]


NOTE_ROWS = [
    Row("get", "notes/", lambda w: f"{CANDIDATES}notes/", LIST_OWN, check=check_notes_list),
    Row(
        "post",
        "notes/",
        lambda w: f"{CANDIDATES}notes/",
        statuses(owner=201, other=404, emp_applied=201, emp_other=404, staff=403),
        body=lambda w, caller: {"profile": w.c.slug, "note": "Matrix note"},
        check=check_created_note,
        effect=lambda w: Note.objects.filter(profile=w.c, note="Matrix note").exists(),
    ),
    *_note_item_rows("c_note", "C's own note", OWN_ONLY, OWN_ONLY_DELETE),
    *_note_item_rows("ea_note", "EA's note on C", EA_ONLY, EA_ONLY_DELETE),
]


def _role_of(w: World, user) -> str | None:
    return Membership.objects.filter(user=user).values_list("role", flat=True).first()


def check_invite_created(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert {key: body[key] for key in ("email", "role", "accepted")} == {
        "email": "newhire@example.com",
        "role": "member",
        "accepted": False,
    }, f"{where}: {body}"
    assert body["invite_code"], f"{where}: no invite code in {body}"


def check_invites(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert [invite["id"] for invite in body] == [w.invite.pk], f"{where}: {body}"
    assert all("invite_code" not in invite for invite in body), f"{where}: a code is shown"


def check_member(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert (body["id"], body["role"]) == (w.member.pk, "admin"), f"{where}: {body}"


def org_row(*args, **kwargs) -> Row:
    """A row of the organization API (/api/organization/)."""
    return Row(*args, app="organization", **kwargs)


def invite_for_caller(w: World, caller: str) -> dict:
    """A live invitation to A for the caller's email (anonymous: some address); its code."""
    code = secrets.token_urlsafe(12)
    user = w.users[caller]
    Invite.objects.create(
        organization=w.org_a,
        email=user.email if user else "nobody@example.com",
        code_hash=hashlib.sha256(code.encode()).hexdigest(),
        invited_by=w.users[EMP_APPLIED],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"invite_code": code}


def check_org_a_joined(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["id"] == w.org_a.pk, f"{where}: {body}"
    assert w.users[caller].pk in [user["id"] for user in body["users"]], f"{where}: {body}"


ORGANIZATION_ROWS = [
    org_row(
        "post",
        "organizations/",
        lambda w: ORGS,
        ONE_ROLE,
        body=lambda w, caller: {"name": "Initech"},
        effect=lambda w: Organization.objects.filter(name="Initech").exists(),
    ),
    org_row(
        "get",
        "organizations/",
        lambda w: ORGS,
        LIST_OWN,
        check=check_org_list,
    ),
    org_row(
        "get",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_MANAGE,
        check=check_org_a,
    ),
    org_row(
        "put",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_MANAGE,
        body=lambda w, caller: {"name": "Acme Renamed", "about": "Replaced."},
        check=check_org_a,
        effect=lambda w: _stored(w.org_a, {"name": "Acme Renamed", "about": "Replaced."}),
    ),
    org_row(
        "patch",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_MANAGE,
        body=lambda w, caller: {"about": "Patched."},
        check=check_org_a,
        effect=lambda w: _stored(w.org_a, {"about": "Patched."}),
    ),
    org_row(
        "delete",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_DELETE,
        effect=lambda w: fresh(w.org_a) is None,
    ),
    org_row(
        "post",
        "organizations/{int:organization_id}/create-invite/",
        org_a_url("create-invite/"),
        ORG_CREATE,
        body=lambda w, caller: {"email": "newhire@example.com"},
        check=check_invite_created,
        effect=lambda w: Invite.objects.filter(email="newhire@example.com").exists(),
    ),
    org_row(
        "get",
        "organizations/{int:organization_id}/invites/",
        org_a_url("invites/"),
        ORG_MANAGE,
        check=check_invites,
    ),
    org_row(
        "delete",
        "organizations/{int:organization_id}/invites/{int:invite_id}/",
        lambda w: f"{ORGS}{w.org_a.pk}/invites/{w.invite.pk}/",
        ORG_DELETE,
        effect=lambda w: fresh(w.invite).revoked_at is not None,
    ),
    org_row(
        "patch",
        "organizations/{int:organization_id}/members/{int:user_id}/",
        lambda w: f"{ORGS}{w.org_a.pk}/members/{w.member.pk}/",
        ORG_MANAGE,
        body=lambda w, caller: {"role": "admin"},
        check=check_member,
        effect=lambda w: _role_of(w, w.member) == "admin",
    ),
    org_row(
        "delete",
        "organizations/{int:organization_id}/members/{int:user_id}/",
        lambda w: f"{ORGS}{w.org_a.pk}/members/{w.member.pk}/",
        ORG_DELETE,
        effect=lambda w: _role_of(w, w.member) is None,
    ),
    org_row(
        "get",
        "organizations/{int:organization_id}/avatar/",
        org_a_url("avatar/"),
        PUBLIC,
        check=check_download(lambda w: w.org_avatar),
    ),
    org_row(
        method="post",
        route="invites/accept/",
        path=lambda w: "/api/organization/invites/accept/",
        # An invitation to A issued to the caller's own email. Candidates and members of an
        # organization cannot join one (409); staff, neither, joins A.
        statuses=ACCEPT_INVITE,
        body=invite_for_caller,
        check=check_org_a_joined,
        effect=lambda w: _role_of(w, w.users[STAFF]) == "member",
    ),
]


ROWS = [*PROFILE_ROWS, *RECORD_ROWS, *NOTE_ROWS, *ORGANIZATION_ROWS]
CASES = [
    pytest.param(row, caller, id=f"{row.method.upper()} {row.label} as {caller}")
    for row in ROWS
    for caller in CALLERS
]


def _json(response):
    try:
        return response.json()
    except ValueError:
        return response.content[:300]


@pytest.mark.parametrize(("row", "caller"), CASES)
def test_access_matrix(world, row, caller):
    where = f"{row.method.upper()} {row.label} as {caller}"
    response = ApiClient().request(
        row.method,
        row.path(world),
        row.body(world, caller) if row.body else None,
        token=world.tokens[caller],
    )
    expected = row.statuses[caller]
    assert response.status_code == expected, (
        f"{where}: expected {expected}, got {response.status_code}: {_json(response)}"
    )
    if expected == 401:
        assert response.json() == NOT_PROVIDED, f"{where}: {response.json()}"
    elif expected == 404:
        assert response.json() == NOT_FOUND, f"{where}: {response.json()}"
    elif expected in (403, 409):
        detail = response.json().get("detail")
        assert isinstance(detail, str) and detail, f"{where}: {response.json()}"
    elif row.check is not None:
        row.check(world, caller, response, where)
    if row.effect is not None:
        allowed = row.effect_by
        if allowed is None:
            allowed = {key for key, status in row.statuses.items() if 200 <= status < 300}
        assert row.effect(world) is (caller in allowed), (
            f"{where}: the change {'did not happen' if caller in allowed else 'happened'}"
        )


def _registered_routes() -> set[tuple[str, str, str]]:
    from apps.candidates.api import router as candidates
    from apps.organizations.api import router as organizations

    routes = set()
    for app, router in (("candidates", candidates), ("organization", organizations)):
        for route, view in router.path_operations.items():
            for operation in view.operations:
                routes.update((method, app, route) for method in operation.methods)
    return routes


def test_matrix_walks_every_candidate_and_organization_route():
    """The tables miss no route of the two routers, name no route that does not exist, and
    give every row a status for each of the six callers."""
    walked = {(row.method.upper(), row.app, row.route) for row in ROWS}
    registered = _registered_routes()
    assert registered - walked == set(), "routes the matrix does not walk"
    assert walked - registered == set(), "rows naming no registered route"
    assert all(set(row.statuses) == set(CALLERS) for row in ROWS)
    labels = [f"{row.method} {row.label}" for row in ROWS]
    assert len(labels) == len(set(labels)), "two rows share a method and label"
