"""Candidate profiles, their records and notes, under /api/candidates/ (contract sections 6, 7, 10).

GET    profiles/                        own profile (candidate), visible candidates (employer), all
                                        (staff); ?search= ?skills= ?work_mode= ?employment_type=
                                        ?willing_to_relocate= ?has_workvisa=
POST   profiles/                        create (JSON or multipart with resume_file / video_pitch)
GET|PUT|PATCH|DELETE profiles/{slug}/   read if visible; write only as its candidate
GET    profiles/{slug}/full/            profile + verified_profile (read-only)
GET    profiles/{slug}/disclosures/     who saw the disability data (candidate, staff)
GET    profiles/{slug}/resume/  .../video-pitch/   authorized downloads
POST   profiles/{slug}/parse-resume/    parse the resume in the background (optional new file)
GET    profiles/{slug}/parsing-status/  status, progress and error of the current resume's parse
POST   profiles/{slug}/verify-profile/  store reviewed structured data as records
POST   profiles/{slug}/create-notes/    a note on this profile
GET    avatars/{user_id}/               a candidate's avatar, for those who may see the profile
education/ skills/ languages/ work-experience/ projects/ achievements/ certifications/
                                        list/create; {id}/ get/put/patch/delete: own records only
notes/  notes/{id}/                     the caller's notes (own, or their organization's)
career-coach/ prompt/ test/generate-about/   the coach and prompts (coach_api.py)
job-invites/ job-invites/respond/       the caller's job invitations (apps/jobs/invites_api.py)
"""

from dataclasses import dataclass

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status

from apps.accounts.models import Profile
from apps.jobs.invites_api import candidate_router as candidate_invites_router
from platform_core.dumpers import list_response
from platform_core.errors import NotFound
from platform_core.files import file_response
from platform_core.models import Run
from platform_core.pagination import EXACT_COUNT_LIMIT, PageParams, paginate, paginate_prepared
from platform_core.payload import parse_payload, payload_openapi, request_data, validate_data
from platform_core.plugins import require_provider
from platform_core.schemas import PathId

from . import disclosure_log, parsing, services
from .coach_api import router as coach_router
from .disclosure import mark_disclosure
from .record_schemas import (
    AchievementIn,
    AchievementOut,
    CertificationIn,
    CertificationOut,
    EducationIn,
    EducationOut,
    LanguageIn,
    LanguageOut,
    ProjectIn,
    ProjectOut,
    SkillIn,
    SkillOut,
    WorkExperienceIn,
    WorkExperienceOut,
)
from .schemas import (
    PROFILE_FILES,
    CandidateProfileIn,
    CandidateProfileOut,
    CandidateProfilePatch,
    DisclosureEventOut,
    DisclosureFilters,
    FullProfileOut,
    NoteIn,
    NoteOut,
    NotePatch,
    ParseDoneOut,
    ParseResumeIn,
    ParseResumeParams,
    ParseStartedOut,
    ParsingStatusOut,
    ParsingStatusParams,
    ProfileFilters,
    VerifyProfileIn,
)

router = Router(tags=["candidates"])
router.add_router("", coach_router)
router.add_router("", candidate_invites_router)


# --- profiles -----------------------------------------------------------------------------------


@router.get("profiles/", response=list[CandidateProfileOut])
def list_profiles(
    request, response: HttpResponse, page: Query[PageParams], filters: Query[ProfileFilters]
):
    """The profiles the caller may see, filtered and paginated. A search's total is exact up to
    EXACT_COUNT_LIMIT matches and estimated above (X-Total-Count-Estimated), as job browse's."""
    prepared = services.prepared_profile_list(request.user, filters)
    searched = services.searched_profiles(request.user, filters)
    if searched is not None:
        page_of = paginate(
            request,
            response,
            # The same list through the ORM; count, rows and estimate stand in for it.
            lambda: services.listed_profiles(request.user, filters),
            page,
            exact_up_to=EXACT_COUNT_LIMIT,
            count=searched.count,
            rows=searched.rows,
            estimate=searched.estimate,
        )
    elif prepared is None:
        page_of = paginate(
            request,
            response,
            services.listed_profiles(request.user, filters),
            page,
            exact_up_to=EXACT_COUNT_LIMIT if filters.term else None,
        )
    else:
        shape, values = prepared
        page_of = paginate_prepared(
            request, response, services.PROFILE_LIST, page, *shape, **values
        )
    page_of = mark_disclosure(request.user, services.attach_latest_notes(request.user, page_of))
    disclosure_log.record(request.user, "candidates_list_profiles", page_of)
    return list_response(request, response, CandidateProfileOut, page_of)


@router.post(
    "profiles/",
    response={201: CandidateProfileOut},
    openapi_extra=payload_openapi(CandidateProfileIn, files=PROFILE_FILES),
)
def create_profile(request):
    """Create the caller's candidate profile. A second one, or an employer's, is a 409."""
    payload = parse_payload(request, CandidateProfileIn)
    return Status(201, services.create_profile(request.user, payload, request.FILES))


@router.get("profiles/{slug}/", response=CandidateProfileOut)
def get_profile(request, slug: str):
    profile = services.find_profile(request.user, slug)
    disclosure_log.record(request.user, "candidates_get_profile", [profile])
    return profile


def _update(request, slug: str, schema, *, partial: bool):
    profile = services.own_profile(request.user, slug)
    payload = parse_payload(request, schema)
    services.update_profile(profile, payload, request.FILES, partial=partial)
    return services.find_profile(request.user, slug)


@router.put(
    "profiles/{slug}/",
    response=CandidateProfileOut,
    openapi_extra=payload_openapi(CandidateProfileIn, files=PROFILE_FILES),
)
def replace_profile(request, slug: str):
    """Replace the profile's fields (unsent ones return to their defaults)."""
    return _update(request, slug, CandidateProfileIn, partial=False)


@router.patch(
    "profiles/{slug}/",
    response=CandidateProfileOut,
    openapi_extra=payload_openapi(CandidateProfilePatch, files=PROFILE_FILES),
)
def patch_profile(request, slug: str):
    """Change the fields sent; a `resume_file` replaces the resume and resets parsing."""
    return _update(request, slug, CandidateProfilePatch, partial=True)


@router.delete("profiles/{slug}/", response={204: None})
def delete_profile(request, slug: str):
    """Delete the profile with its records, notes and files."""
    services.delete_profile(services.own_profile(request.user, slug))
    return Status(204, None)


@router.get("profiles/{slug}/full/", response=FullProfileOut)
def full_profile(request, slug: str):
    """The profile with every record, read-only (`verified_profile`). The candidate's own view
    adds `disclosure_summary` and `disclosure_warnings`."""
    profile = services.find_profile(request.user, slug, full=True)
    disclosure_log.attach_own_summary(request.user, profile)
    parsing.attach_own_warnings(request.user, profile)
    disclosure_log.record(request.user, "candidates_full_profile", [profile])
    return profile


@router.get("profiles/{slug}/disclosures/", response=list[DisclosureEventOut])
def list_disclosures(
    request,
    response: HttpResponse,
    slug: str,
    page: Query[PageParams],
    filters: Query[DisclosureFilters],
):
    """Who was shown this candidate's disability data, newest first: the candidate and staff
    only (anyone else, employers included, 404). `?organization=<id>`, `?since=<ISO 8601>`."""
    events = disclosure_log.readable_log(
        request.user, slug, organization=filters.organization, since=filters.since
    )
    return paginate(request, response, events, page)


@router.get("profiles/{slug}/resume/")
def download_resume(request, slug: str):
    """The resume file, for those who may see the profile."""
    profile = services.find_profile(request.user, slug)
    if not profile.resume_file:
        raise NotFound()
    extension = (profile.resume_file.name or "").rsplit(".", 1)[-1]
    return file_response(profile.resume_file, filename=f"resume-{profile.slug}.{extension}")


@router.get("profiles/{slug}/video-pitch/")
def download_video_pitch(request, slug: str):
    profile = services.find_profile(request.user, slug)
    if not profile.video_pitch:
        raise NotFound()
    return file_response(profile.video_pitch)


@router.post(
    "profiles/{slug}/parse-resume/",
    response={200: ParseDoneOut, 202: ParseStartedOut},
    openapi_extra=payload_openapi(ParseResumeIn, files=("resume_file",)),
)
def parse_resume(request, slug: str, params: Query[ParseResumeParams]):
    """Parse the resume in the background (the candidate only). An optional multipart
    `resume_file` replaces the resume first. While a parse of this resume runs, every call
    answers the same 202 and task id; once it is parsed, 200 with `resume_data`, unless
    `?force=true`. `?plugin=` names the parser plugin. No resume is a 400."""
    profile = services.own_profile(request.user, slug)
    parse_payload(request, ParseResumeIn)  # a body that is not one is a 400, not ignored
    if params.plugin:
        require_provider("parse_resume", params.plugin)
    upload = request.FILES.get("resume_file")
    force = params.force
    if upload is not None:
        profile = services.replace_resume(profile, upload)
        force = False  # the upload started the parse of the new resume: reuse it
    run, created = services.request_parse(profile, force=force, plugin=params.plugin)
    if run.status == Run.Status.SUCCEEDED:
        profile.refresh_from_db(fields=["resume_data"])
        return Status(200, {"parsing_status": "parsed", "resume_data": profile.resume_data})
    # A run the upload above started is new to the caller too.
    detail = "Parsing started." if created or upload is not None else "The resume is being parsed."
    return Status(202, {"detail": detail, "parsing_status": "parsing", "task_id": run.task_id})


@router.get("profiles/{slug}/parsing-status/", response=ParsingStatusOut, exclude_unset=True)
def parsing_status(request, slug: str, params: Query[ParsingStatusParams]):
    """Where the parse of the current resume is, for those who may read the profile:
    `not_parsed` (no parse yet), `parsing`, `parsed` or `failed` (with `error`), from its latest
    run. `?include_resume=true` embeds `resume_data`; the candidate's own answer adds
    `disclosure_warnings`."""
    profile = services.find_profile(request.user, slug)
    state = parsing.parsing_state(profile)
    # Read the data after the run: a parse stores it before it marks the run succeeded, so a
    # poll that sees `parsed` always sees its `resume_data` (the profile was read before).
    profile.refresh_from_db(fields=["resume_data", "disclosure_warnings"])
    body = {
        "parsing_status": state.parsing_status,
        "progress": state.progress,
        "has_resume_data": profile.resume_data is not None,
        "resume_file_exists": parsing.resume_file_exists(profile),
        "error": state.error,
        "updated_at": state.updated_at,
    }
    if params.include_resume:
        body["resume_data"] = profile.resume_data
    if profile.user_id == request.user.pk:
        body["disclosure_warnings"] = profile.disclosure_warnings
    return body


@router.post("profiles/{slug}/verify-profile/", response=FullProfileOut)
def verify_profile(request, slug: str, payload: VerifyProfileIn):
    """Store the reviewed data (same keys as `verified_profile`); each list sent replaces
    that kind of record. Sets `is_verified_profile`."""
    services.verify_profile(services.own_profile(request.user, slug), payload)
    return services.find_profile(request.user, slug, full=True)


@router.post("profiles/{slug}/create-notes/", response={201: NoteOut})
def create_profile_note(request, slug: str, payload: NoteIn):
    """A note on this profile: the candidate's own, or a recruiter's for their organization."""
    return Status(201, services.create_note(request.user, slug, payload.model_dump()))


@router.get("avatars/{int:user_id}/")
def candidate_avatar(request, user_id: PathId):
    """A candidate's avatar, for those who may see the candidate's profile."""
    if not services.visible_profiles(request.user).filter(user_id=user_id).exists():
        raise NotFound()
    profile = Profile.objects.filter(user_id=user_id).first()
    if profile is None or not profile.avatar:
        raise NotFound()
    return file_response(profile.avatar)


# --- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordKind:
    """One kind of record and the words its operations are documented with."""

    path: str  # under /candidates/
    relation: str  # the profile's related name, and the operations' name stem
    one: str  # "a project"
    many: str  # "projects"
    schema_in: type[Schema]
    schema_out: type[Schema]


RECORD_KINDS = (
    RecordKind(
        "education",
        "education",
        "an education record",
        "education records",
        EducationIn,
        EducationOut,
    ),
    RecordKind("skills", "skills", "a skill", "skills", SkillIn, SkillOut),
    RecordKind("languages", "languages", "a language", "languages", LanguageIn, LanguageOut),
    RecordKind(
        "work-experience",
        "work_experience",
        "a work experience entry",
        "work experience",
        WorkExperienceIn,
        WorkExperienceOut,
    ),
    RecordKind("projects", "projects", "a project", "projects", ProjectIn, ProjectOut),
    RecordKind(
        "achievements",
        "achievements",
        "an achievement",
        "achievements",
        AchievementIn,
        AchievementOut,
    ),
    RecordKind(
        "certifications",
        "certifications",
        "a certification",
        "certifications",
        CertificationIn,
        CertificationOut,
    ),
)


def _named(view, name: str, payload: type[Schema] | None = None):
    """Give a view made in a loop its own name: Ninja derives the URL name (and the API its
    operation id) from it, so each kind's routes are named once. `payload` is the body schema
    Ninja binds (the view is written against the `Schema` base class)."""
    view.__name__ = view.__qualname__ = name
    if payload is not None:
        view.__annotations__["payload"] = payload
    return view


def _record_routes(kind: RecordKind) -> None:
    """list/create/retrieve/update/delete of one kind of record, on the caller's own profile."""
    relation, schema_in, schema_out = kind.relation, kind.schema_in, kind.schema_out
    collection, item = f"{kind.path}/", f"{kind.path}/{{int:record_id}}/"
    own = f"Only the caller's own {kind.many}: another candidate's id is a 404."
    duplicate = (
        "A record that conflicts with one already on the profile (a skill of the same name, in "
        "any letter case) is a 409."
    )

    def list_records(request, response: HttpResponse, page: Query[PageParams]):
        return paginate(request, response, services.own_records(request.user, relation), page)

    router.get(
        collection,
        response=list[schema_out],  # type: ignore[valid-type]
        summary=f"List {kind.many}",
        description=f"The caller's {kind.many}, paginated (`[]` without a candidate profile).",
    )(_named(list_records, f"list_{relation}"))

    def create_record(request, payload: Schema):
        return Status(201, services.create_record(request.user, relation, payload.model_dump()))

    router.post(
        collection,
        response={201: schema_out},
        summary=f"Create {kind.one}",
        description=f"Add {kind.one} to the caller's profile (403 without a candidate profile). "
        + duplicate,
    )(_named(create_record, f"create_{relation}", schema_in))

    def get_record(request, record_id: PathId):
        return services.own_record(request.user, relation, record_id)

    router.get(
        item,
        response=schema_out,
        summary=f"Get {kind.one}",
        description=f"Read {kind.one} by its id. " + own,
    )(_named(get_record, f"get_{relation}"))

    def replace_record(request, record_id: PathId, payload: Schema):
        record = services.own_record(request.user, relation, record_id)
        return services.save_record(record, payload.model_dump())

    router.put(
        item,
        response=schema_out,
        summary=f"Replace {kind.one}",
        description=f"Replace every field of {kind.one}; fields not sent take their defaults. "
        + own
        + " "
        + duplicate,
    )(_named(replace_record, f"replace_{relation}", schema_in))

    def patch_record(request, record_id: PathId):
        record = services.own_record(request.user, relation, record_id)
        current = {field: getattr(record, field) for field in schema_in.model_fields}
        merged = validate_data(schema_in, {**current, **request_data(request)})
        return services.save_record(record, merged.model_dump())

    router.patch(
        item,
        response=schema_out,
        summary=f"Update {kind.one}",
        description=f"Change the fields sent of {kind.one}, checked together with the stored "
        "ones. " + own + " " + duplicate,
        openapi_extra=payload_openapi(schema_in, required=False),
    )(_named(patch_record, f"patch_{relation}"))

    def delete_record(request, record_id: PathId):
        services.own_record(request.user, relation, record_id).delete()
        return Status(204, None)

    router.delete(
        item,
        response={204: None},
        summary=f"Delete {kind.one}",
        description=f"Delete {kind.one} for good. " + own,
    )(_named(delete_record, f"delete_{relation}"))


for _kind in RECORD_KINDS:
    _record_routes(_kind)


# --- notes --------------------------------------------------------------------------------------


@router.get("notes/", response=list[NoteOut])
def list_notes(
    request, response: HttpResponse, page: Query[PageParams], profile: str | None = None
):
    """The caller's notes (their own, or their organization's); `?profile=<slug>` narrows."""
    notes = services.visible_notes(request.user)
    if profile:
        notes = notes.filter(profile__slug=profile)
    return list_response(request, response, NoteOut, paginate(request, response, notes, page))


@router.post("notes/", response={201: NoteOut})
def create_note(request, payload: NoteIn):
    """A note on `profile` (a slug); a candidate may leave it out for their own profile. A
    `profile` the caller may not see is a 404."""
    return Status(201, services.create_note(request.user, payload.profile, payload.model_dump()))


@router.get("notes/{int:note_id}/", response=NoteOut)
def get_note(request, note_id: PathId):
    return services.find_note(request.user, note_id)


@router.put("notes/{int:note_id}/", response=NoteOut)
def replace_note(request, note_id: PathId, payload: NoteIn):
    """Replace the note's text and fields (its author only)."""
    values = payload.model_dump(exclude={"profile"})
    return services.update_note(services.writable_note(request.user, note_id), values)


@router.patch("notes/{int:note_id}/", response=NoteOut)
def patch_note(request, note_id: PathId, payload: NotePatch):
    values = payload.model_dump(exclude_unset=True)
    values = {key: value for key, value in values.items() if value is not None}
    return services.update_note(services.writable_note(request.user, note_id), values)


@router.delete("notes/{int:note_id}/", response={204: None})
def delete_note(request, note_id: PathId):
    services.writable_note(request.user, note_id).delete()
    return Status(204, None)
