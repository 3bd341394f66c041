"""The candidates router (/api/candidates/): profiles, files, records and notes.

For the reads that return a profile, the rows also assert whether the disability fields are
shown (C's values) or present and null. How disclosure follows the application's stage for each
`disclosure_preference` is tested in tests/apps/jobs/test_applications.py; here the stage is
fixed (applied, DURING_APPLICATION).
"""

from dataclasses import dataclass

import pytest

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
from platform_core.models import Run
from tests.helpers import MP4, PDF

from .rows import Row, cases, check_download, fresh, router_rows, run_case, stored
from .world import (
    C_DISABILITY,
    D_DISABILITY,
    EMP_OTHER,
    EVERY_USER,
    NULL,
    ORG_A,
    OTHER,
    OWNER,
    SHOWN,
    STAFF,
    World,
    answered,
    assert_disability,
    statuses,
)

CANDIDATES = "/api/candidates/"
PROFILES = f"{CANDIDATES}profiles/"
candidate_row = router_rows("/candidates/")

# Reads of C's profile and its files: C, A's employers (C applied to A) and staff; D and EB may
# not see it.
PROFILE_READ = statuses(owner=200, other=404, emp_applied=200, emp_other=404, staff=200)
# Writes to C's profile: only C; those who may read it (A's employers, staff) get 403, the
# others 404.
PROFILE_WRITE = statuses(owner=200, other=404, emp_applied=403, emp_other=404, staff=403)
# Starting a parse of C's resume is a write (202: the parse runs in the background).
PARSE_START = {**PROFILE_WRITE, OWNER: 202}
PROFILE_DELETE = {**PROFILE_WRITE, OWNER: 204}
# C's own records and notes by id: nobody but C (records are scoped to the caller's profile).
OWN_ONLY = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404)
OWN_ONLY_DELETE = {**OWN_ONLY, OWNER: 204}
# EA's recruiter note on C (organization A's): A's employers read it; only EA, its author,
# changes it (its colleagues M and AD get 403).
EA_NOTE_READ = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=404)
EA_NOTE_WRITE = statuses(
    owner=404, other=404, emp_applied=200, member=403, admin=403, emp_other=404, staff=404
)
# Creating a record: candidates on their own profile; no profile is a 403.
CREATE_OWN = statuses(owner=201, other=201, emp_applied=403, emp_other=403, staff=403)
# A second profile: a user is a candidate or an employer, never both (409).
ONE_ROLE = statuses(owner=409, other=409, emp_applied=409, emp_other=409, staff=201)
# A note on C: C's own, or a recruiter note of A's employers; staff may read the profile
# but is neither its candidate nor a recruiter (403).
NOTE_ON_C = statuses(owner=201, other=404, emp_applied=201, emp_other=404, staff=403)

# Disability state of C's profile for each caller who may read it (detail, full/, writes' echo).
C_PROFILE_STATE = {OWNER: SHOWN, **dict.fromkeys(ORG_A, SHOWN), STAFF: SHOWN}
# GET profiles/: (profile, state) in order, for each caller. D is available, so both employers
# list D, without its disability data (D applied nowhere); C is listed only where it may be seen.
LIST_STATE = {
    OWNER: [("C", SHOWN)],
    OTHER: [("D", SHOWN)],
    **dict.fromkeys(ORG_A, [("C", SHOWN), ("D", NULL)]),
    EMP_OTHER: [("D", NULL)],
    STAFF: [("C", SHOWN), ("D", SHOWN)],
}
# Notes shown on C's profile (`get_all_notes`): C's own to C, organization A's to A's employers,
# none to staff.
C_PROFILE_NOTES = {OWNER: ["c_note"], **dict.fromkeys(ORG_A, ["ea_note"]), STAFF: []}
# GET notes/: the caller's own notes, or their organization's.
NOTES_LIST = {
    OWNER: ["c_note"],
    OTHER: ["d_note"],
    **dict.fromkeys(ORG_A, ["ea_note"]),
    EMP_OTHER: [],
    STAFF: [],
}


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
        {"project_name": "Screen reader"},
        {
            "project_name": "Captioner",
            "description": "Live captions.",
            "url": "https://example.com/c",
            "start_date": "2024-01-01",
            "is_current": True,
        },
        {"description": "Now with braille."},
    ),
    RecordKind(
        "achievements",
        "achievements",
        Achievement,
        {"title": "Award"},
        {"title": "Medal", "issue_date": "2023-03-01", "description": "For access work."},
        {"description": "Second place."},
    ),
    RecordKind(
        "certifications",
        "certifications",
        Certification,
        {"name": "AWS"},
        {
            "name": "CPACC",
            "issuing_organization": "IAAP",
            "issue_date": "2022-01-01",
            "credential_url": "https://example.com/credential",
        },
        {"issuing_organization": "IAAP"},
    ),
]


# --- checks -------------------------------------------------------------------------------------


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


def check_notes_list(w: World, caller: str, response, where: str) -> None:
    ids = [note["id"] for note in response.json()]
    expected = [w.notes[key].pk for key in NOTES_LIST[caller]]
    assert ids == expected, f"{where}: notes {ids}, expected {NOTES_LIST[caller]} = {expected}"


def check_created_note(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    organization = w.org_a.pk if caller in ORG_A else None
    assert (body["profile"], body["organization"], body["note"]) == (
        w.c.slug,
        organization,
        "Matrix note",
    ), f"{where}: {body}"


def check_parse_started(w: World, caller: str, response, where: str) -> None:
    run = Run.objects.get(kind="parse_resume", subject_id=str(w.c.pk))
    assert response.json() == {
        "detail": "Parsing started.",
        "parsing_status": "parsing",
        "task_id": run.task_id,
    }, f"{where}: {response.json()}"


def check_parsing_status(w: World, caller: str, response, where: str) -> None:
    # C's resume has never been parsed; what the status says is the same for all who may read,
    # but for C's own `disclosure_warnings` (none: nothing parsed).
    body = response.json()
    own = {"disclosure_warnings": []} if caller == OWNER else {}
    assert {key: value for key, value in body.items() if key != "updated_at"} == {
        "parsing_status": "not_parsed",
        "progress": 0,
        "has_resume_data": False,
        "resume_file_exists": True,
        "error": None,
        **own,
    }, f"{where}: {body}"


def _profile_of(w: World, caller: str):
    return CandidateProfile.objects.get(user=w.users[caller])


def c_url(suffix: str = ""):
    return lambda w: f"{PROFILES}{w.c.slug}/{suffix}"


# --- profiles and files -------------------------------------------------------------------------

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
    candidate_row(
        "post",
        "profiles/",
        lambda w: PROFILES,
        ONE_ROLE,
        body=lambda w, caller: {},
        effect=lambda w: CandidateProfile.objects.count() == 3,
    ),
    candidate_row("get", "profiles/", lambda w: PROFILES, EVERY_USER, check=check_profile_list),
    candidate_row("get", "profiles/{slug}/", c_url(), PROFILE_READ, check=check_c_profile),
    candidate_row(
        "put",
        "profiles/{slug}/",
        c_url(),
        PROFILE_WRITE,
        body=lambda w, caller: PROFILE_PUT,
        check=check_c_profile,
        effect=lambda w: fresh(w.c).expected_salary_range == "90k",
    ),
    candidate_row(
        "patch",
        "profiles/{slug}/",
        c_url(),
        PROFILE_WRITE,
        body=lambda w, caller: {"expected_salary_range": "95k"},
        check=check_c_profile,
        effect=lambda w: fresh(w.c).expected_salary_range == "95k",
    ),
    candidate_row(
        "delete",
        "profiles/{slug}/",
        c_url(),
        PROFILE_DELETE,
        effect=lambda w: fresh(w.c) is None,
    ),
    candidate_row("get", "profiles/{slug}/full/", c_url("full/"), PROFILE_READ, check=check_c_full),
    candidate_row(
        "get",
        "profiles/{slug}/resume/",
        c_url("resume/"),
        PROFILE_READ,
        check=check_download(lambda w: PDF),
    ),
    candidate_row(
        "get",
        "profiles/{slug}/video-pitch/",
        c_url("video-pitch/"),
        PROFILE_READ,
        check=check_download(lambda w: MP4),
    ),
    candidate_row(
        "post",
        "profiles/{slug}/parse-resume/",
        c_url("parse-resume/"),
        PARSE_START,
        check=check_parse_started,
        effect=lambda w: Run.objects.filter(kind="parse_resume", subject_id=str(w.c.pk)).exists(),
    ),
    candidate_row(
        "get",
        "profiles/{slug}/parsing-status/",
        c_url("parsing-status/"),
        PROFILE_READ,
        check=check_parsing_status,
    ),
    candidate_row(
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
    candidate_row(
        "post",
        "profiles/{slug}/create-notes/",
        c_url("create-notes/"),
        NOTE_ON_C,
        body=lambda w, caller: {"note": "Matrix note"},
        check=check_created_note,
        effect=lambda w: Note.objects.filter(profile=w.c, note="Matrix note").exists(),
    ),
    candidate_row(
        "get",
        "avatars/{int:user_id}/",
        lambda w: f"{CANDIDATES}avatars/{w.c.user_id}/",
        PROFILE_READ,
        check=check_download(lambda w: w.avatar),
    ),
]


# --- records ------------------------------------------------------------------------------------


def _record_rows(kind: RecordKind) -> list[Row]:
    base = f"{CANDIDATES}{kind.path}/"
    item_route = f"{kind.path}/{{int:record_id}}/"

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
        candidate_row("get", f"{kind.path}/", lambda w: base, EVERY_USER, check=check_list),
        candidate_row(
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
        candidate_row("get", item_route, item, OWN_ONLY, check=check_item),
        candidate_row(
            "put",
            item_route,
            item,
            OWN_ONLY,
            body=lambda w, caller: kind.put,
            check=check_item,
            effect=lambda w: stored(c_record(w), kind.put),
        ),
        candidate_row(
            "patch",
            item_route,
            item,
            OWN_ONLY,
            body=lambda w, caller: kind.patch,
            check=check_item,
            effect=lambda w: stored(c_record(w), kind.patch),
        ),
        candidate_row(
            "delete",
            item_route,
            item,
            OWN_ONLY_DELETE,
            effect=lambda w: fresh(c_record(w)) is None,
        ),
    ]


RECORD_ROWS = [record_row for kind in RECORD_KINDS for record_row in _record_rows(kind)]


# --- notes --------------------------------------------------------------------------------------


def _note_item_rows(key: str, variant: str, read: dict, write: dict) -> list[Row]:
    route = "notes/{int:note_id}/"

    def url(w: World) -> str:
        return f"{CANDIDATES}notes/{w.notes[key].pk}/"

    def check(w: World, caller: str, response, where: str) -> None:
        assert response.json()["id"] == w.notes[key].pk, f"{where}: {response.json()}"

    rewritten = {"note": "Rewritten", "section": "skills"}
    return [
        candidate_row("get", route, url, read, check=check, variant=variant),
        candidate_row(
            "put",
            route,
            url,
            write,
            body=lambda w, caller: rewritten,
            check=check,
            effect=lambda w: stored(w.notes[key], rewritten),
            variant=variant,
        ),
        candidate_row(
            "patch",
            route,
            url,
            write,
            body=lambda w, caller: {"note": "Patched"},
            check=check,
            effect=lambda w: stored(w.notes[key], {"note": "Patched"}),
            variant=variant,
        ),
        candidate_row(
            "delete",
            route,
            url,
            answered(write, 204),
            effect=lambda w: fresh(w.notes[key]) is None,
            variant=variant,
        ),
    ]


NOTE_ROWS = [
    candidate_row(
        "get", "notes/", lambda w: f"{CANDIDATES}notes/", EVERY_USER, check=check_notes_list
    ),
    candidate_row(
        "post",
        "notes/",
        lambda w: f"{CANDIDATES}notes/",
        NOTE_ON_C,
        body=lambda w, caller: {"profile": w.c.slug, "note": "Matrix note"},
        check=check_created_note,
        effect=lambda w: Note.objects.filter(profile=w.c, note="Matrix note").exists(),
    ),
    *_note_item_rows("c_note", "C's own note", OWN_ONLY, OWN_ONLY),
    *_note_item_rows("ea_note", "EA's note on C", EA_NOTE_READ, EA_NOTE_WRITE),
]


ROWS = [*PROFILE_ROWS, *RECORD_ROWS, *NOTE_ROWS]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_candidate_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
