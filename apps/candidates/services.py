"""Candidate logic. Scoped querysets first: every endpoint reaches profiles and notes through them.

Who sees what (contract section 6): a candidate sees and writes only their own profile and records;
an employer sees an available candidate or one who applied to their organization, and never
writes; staff see all. Someone who may not see a profile gets 404; someone who may see it but not
write it gets 403. Disability data is decided separately, in `disclosure.py`.
"""

import hashlib
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BigIntegerField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber

from apps.accounts.models import User
from apps.organizations.services import employer_organization_id
from platform_core.errors import BadRequest, Conflict, FieldErrors, Forbidden, NotFound
from platform_core.files import (
    clear_stored_file,
    delete_file_on_commit,
    replace_stored_file,
    replacing_files,
    validate_document,
    validate_video,
)
from platform_core.prepared import PreparedQuery
from platform_core.schemas import skill_key, skill_keys
from platform_core.sql_json import AmongIds, AmongRows

from . import disclosure_log, parsing
from .choices import ALIASES
from .disclosure import mark_disclosure, organization_scope, with_stages
from .models import CandidateProfile, Note, SearchEntry, Skill, new_slug
from .records import RECORD_MODELS, attach_records
from .schemas import NOTES_SHOWN, CandidateProfileIn, ProfileFilters, VerifyProfileIn

# --- scoped querysets ---------------------------------------------------------------------------


def _notes_shape(viewer: User) -> tuple[str, dict[str, int]]:
    """Whose notes `viewer` reads (`visible_notes`), as a prepared query's shape and values."""
    if not viewer.is_authenticated:
        return "anonymous", {}
    organization_id = employer_organization_id(viewer)
    if organization_id is not None:
        return "employer", {"organization_id": organization_id}
    return "candidate", {"user_id": viewer.pk}


def _profiles_shape(viewer: User) -> tuple[str, dict[str, int]]:
    """Which profiles `viewer` reads (`visible_profiles`), as a prepared query's shape and values."""
    if viewer.is_authenticated and viewer.is_staff:
        return "staff", {}
    return _notes_shape(viewer)


def _scoped_notes(shape: str, organization_id: int = 0, user_id: int = 0) -> QuerySet:
    notes = Note.objects.all()
    if shape == "anonymous":
        return notes.none()
    if shape == "employer":
        return notes.filter(organization_id=organization_id)
    return notes.filter(profile__user_id=user_id, organization__isnull=True)


def visible_notes(viewer: User) -> QuerySet:
    """A candidate sees their own notes; an employer their organization's notes on candidates."""
    shape, values = _notes_shape(viewer)
    return _scoped_notes(shape, **values).select_related("author", "profile")


def _scoped_profiles(shape: str, **scope: int) -> QuerySet:
    profiles = CandidateProfile.objects.select_related("user", "user__profile")
    return _in_scope(_with_shown(profiles, shape, **scope), shape, **scope)


def _with_shown(profiles: QuerySet, shape: str, organization_id: int = 0, **scope: int) -> QuerySet:
    """With what a response shows beside the columns: the parse's status, and for an employer
    the application stages that decide what is disclosed (`mark_disclosure` then asks nothing)."""
    profiles = parsing.with_parsing_status(profiles)
    if shape == "employer":
        profiles = with_stages(profiles, organization_id)
    return profiles


def _in_scope(
    profiles: QuerySet, shape: str, organization_id: int = 0, user_id: int = 0
) -> QuerySet:
    if shape == "staff":
        return profiles
    if shape == "employer":
        return profiles.filter(organization_scope(organization_id))
    if shape == "anonymous":
        return profiles.none()
    return profiles.filter(user_id=user_id)


def visible_profiles(viewer: User) -> QuerySet:
    """The profiles `viewer` may read, with what their responses show but the notes, in one
    query per list; each carries its `parsing_status` run (a subquery). A list's page gets its
    notes from `attach_latest_notes` (one query for the page)."""
    shape, values = _profiles_shape(viewer)
    return _scoped_profiles(shape, **values)


def _latest_notes_of(shape: str, profile_ids: str, **values: int) -> QuerySet:
    newest_first = (F("created_at").desc(), F("id").desc())
    notes = _scoped_notes(shape, **values).select_related("author")  # the profile: the caller's
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        # Per profile, its latest notes by a LIMIT that walks the index `note_latest` newest
        # first: the page costs at most NOTES_SHOWN notes a profile, however many it has.
        latest = (
            _scoped_notes(shape, **values)
            .filter(profile_id=OuterRef("pk"))
            .order_by(*newest_first)
            .values("pk")[:NOTES_SHOWN]
        )
        unnested = Func(ArraySubquery(latest), function="unnest", output_field=BigIntegerField())
        page = CandidateProfile.objects.filter(AmongIds("id", profile_ids))
        notes = notes.filter(AmongRows("pk", page.values(note_id=unnested)))
    else:
        # Each profile's notes ranked newest first; SQLite reads them all (it serves one host).
        rank = Window(RowNumber(), partition_by=F("profile_id"), order_by=newest_first)
        notes = notes.filter(AmongIds("profile_id", profile_ids)).annotate(_rank=rank)
        notes = notes.filter(_rank__lte=NOTES_SHOWN)
    return notes.order_by("profile_id", *newest_first)


# The latest notes of a page of profiles: one query, compiled once per connection and viewer
# shape (its form costs more to compile than to run). The page's ids are one parameter: with
# one per id, psycopg would not cache its parsing of the SQL (over 50).
_notes_of_profiles = PreparedQuery(_latest_notes_of)


def attach_latest_notes(viewer: User, profiles: list[CandidateProfile]) -> list[CandidateProfile]:
    """Give each profile its latest NOTES_SHOWN notes `viewer` may read (`visible_notes`, for
    `get_all_notes`), newest first, in one query for the page however many notes each has.
    Each note's profile is the one given, not loaded again with the note."""
    shape, scope = _notes_shape(viewer)
    by_pk = {profile.pk: profile for profile in profiles}
    by_profile: dict[int, list[Note]] = {pk: [] for pk in by_pk}
    if profiles and shape != "anonymous":
        ids = ",".join(str(int(pk)) for pk in by_profile)
        for note in _notes_of_profiles(shape, profile_ids=ids, **scope):
            note.profile = by_pk[note.profile_id]
            by_profile[note.profile_id].append(note)
    for profile in profiles:
        profile.visible_notes = by_profile[profile.pk]
    return profiles


def _profile_with_slug(shape: str, summary: bool, slug: str, **scope: int) -> QuerySet:
    profiles = _scoped_profiles(shape, **scope).filter(slug=slug)
    return (disclosure_log.with_summary(profiles) if summary else profiles)[:1]


# One profile by slug, compiled once per connection, viewer shape and whether it carries the
# disclosure summary: the ORM's building and compiling cost more than the query
# (docs/performance.md).
_profile_by_slug = PreparedQuery(_profile_with_slug)


def readable_profile(viewer: User, slug: str, *, full: bool = False) -> CandidateProfile:
    """The profile with this slug if `viewer` may read it (404 otherwise), without its notes or
    the disclosure decision (`find_profile` adds both). `full`: with its records and, for a
    candidate (whose only readable profile is their own), the disclosure summary `full/` shows
    them (`disclosure_log.attach_own_summary`)."""
    shape, scope = _profiles_shape(viewer)
    summary = full and shape == "candidate"
    found = [] if shape == "anonymous" else _profile_by_slug(shape, summary, slug=slug, **scope)
    if not found:
        raise NotFound()
    if full:
        attach_records(found[0])
    return found[0]


def find_profile(viewer: User, slug: str, *, full: bool = False) -> CandidateProfile:
    """The profile with this slug if `viewer` may read it (404 otherwise), with its latest notes
    and disclosure decided."""
    profile = readable_profile(viewer, slug, full=full)
    return mark_disclosure(viewer, attach_latest_notes(viewer, [profile]))[0]


def own_profile(viewer: User, slug: str) -> CandidateProfile:
    """The profile if `viewer` is its candidate; 403 if they may only read it, else 404."""
    profile = find_profile(viewer, slug)
    if profile.user_id != viewer.pk:
        raise Forbidden("Only the candidate can change their profile.")
    return profile


_profile_of_user = PreparedQuery(
    lambda user_id: CandidateProfile.objects.filter(user_id=user_id).order_by()[:1]
)


def profile_of(user: User) -> CandidateProfile | None:
    """The user's own candidate profile, if they have one."""
    if user.pk is None:
        return None
    found = _profile_of_user(user_id=user.pk)
    return found[0] if found else None


def _quoted(value: str) -> str:
    value = value.strip().lower()
    return f'"{ALIASES.get(value, value)}"'


def search_matches(term: str) -> QuerySet:
    """The ids of the profiles whose first or last name, a skill's name or resume text holds
    `term`. Names and skills match as case-insensitive substrings. The resume text does too on
    SQLite; on PostgreSQL it matches by words (English full-text search, as job browse:
    "nurses" finds "nurse", "nur" finds nothing).

    On PostgreSQL they are one condition on the search's own table (`SearchEntry`, migration
    0011), whose row holds a profile's words and its names and skill names as one text of
    lines; a term holding a line break, which could match across two of those, asks the users
    and skills themselves (trigram indexes of 0009). On SQLite each place is a query of its own
    table, united."""
    if connection.vendor == "postgresql":
        if "\n" in term:
            words = SearchEntry.objects.filter(_words(term))
            return words.values("profile_id").union(*_by_name(term))
        # One row a profile holds both: one condition, which a page can read in id order and
        # stop at its last row, where a union would first gather every match.
        return _entries_holding(term).values("profile_id")
    text = CandidateProfile.objects.filter(resume_text__icontains=term)
    return text.order_by().values("pk").union(*_by_name(term))


def _words(term: str) -> Q:
    from django.contrib.postgres.search import SearchQuery

    return Q(words=SearchQuery(term, config="english", search_type="websearch"))


def _by_name(term: str) -> list[QuerySet]:
    """The ids of the profiles whose first or last name or a skill's name holds `term`, from
    the users and skills themselves: one query each, for `search_matches` to unite."""
    names = CandidateProfile.objects.filter(
        Q(user__first_name__icontains=term) | Q(user__last_name__icontains=term)
    )
    skills = Skill.objects.filter(name__icontains=term)
    return [names.order_by().values("pk"), skills.order_by().values("profile_id")]


def _with_skills(profiles: QuerySet, keys) -> QuerySet:
    for key in keys:
        profiles = profiles.filter(Exists(Skill.objects.filter(profile=OuterRef("pk"), key=key)))
    return profiles


def filter_profiles(profiles: QuerySet, filters: ProfileFilters) -> QuerySet:
    """Apply `?search=` and the list filters (skills all required, case-insensitive)."""
    if filters.term:
        profiles = profiles.filter(pk__in=search_matches(filters.term))
    if filters.skills:
        profiles = _with_skills(profiles, skill_keys(filters.skills))
    # Stored as JSON arrays of fixed lowercase values, so the quoted value matches one element.
    if filters.work_mode:
        profiles = profiles.filter(work_mode_preferences__icontains=_quoted(filters.work_mode))
    if filters.employment_type:
        profiles = profiles.filter(
            employment_type_preferences__icontains=_quoted(filters.employment_type)
        )
    if filters.willing_to_relocate is not None:
        profiles = profiles.filter(willing_to_relocate=filters.willing_to_relocate)
    if filters.has_workvisa is not None:
        profiles = profiles.filter(has_workvisa=filters.has_workvisa)
    return profiles.order_by("id")


# Columns no list response shows (the resume's text is the largest of a profile's), the
# candidate's user's and account profile's included: the list shows only their names and
# contact details (CandidateUserOut), never the account's state or the sensitive demographics.
UNLISTED_COLUMNS = (
    "resume_text",
    "resume_terms",
    "disclosure_warnings",
    *(
        f"user__{column}"
        for column in ("password", "last_login", "is_superuser", "is_staff", "date_joined")
    ),
    *(
        f"user__profile__{column}"
        for column in (
            "referral_code",
            "referred_by",
            "total_referrals",
            "newsletter",
            "gender",
            "ethnicity",
            "citizenship_status",
        )
    ),
)


def listed_profiles(viewer: User, filters: ProfileFilters) -> QuerySet:
    """The candidate list (`list_profiles`) through the ORM: `filter_profiles` of what `viewer`
    may see, without the columns no list shows."""
    return filter_profiles(visible_profiles(viewer), filters).defer(*UNLISTED_COLUMNS)


class SearchedProfiles:
    """The candidate list with `?search=` on PostgreSQL, counted and paged for `paginate`
    (`count=`, `rows=`) from the search table's matches.

    Profiles and entries joined in id order (`listed_profiles`) are cheap to page for a common
    term, which a page finds in its first few hundred rows; but the planner counts them, and
    pages a rare term, the same way, through most of the table (over 90 ms at 100,000
    profiles, docs/benchmarks.md). Here every query starts from the entries (`_matched_ids`):
    each match is checked against the viewer's scope and the filters by its profile's primary
    key, a check the planner charges on every entry it reads, so it reads the two indexes'
    matches (their bitmaps) unless a walk in id order finds the page sooner. `count(limit)`
    takes at most `limit` of their ids; when that is all of them, the page is a slice of those
    ids, else (a common term) the page's ids are read in id order. The page's profiles are then
    read by id, in the viewer's scope again."""

    def __init__(self, shape: tuple, scope: dict[str, int], values: dict):
        self.shape = shape  # `_list_shape`'s
        self.scope = scope  # the viewer's (`_profiles_shape`)
        self.values = values  # the scope's, the skills', the term's and the preferences'
        self.matched: list[int] | None = None  # every match, in id order, once counted

    def estimate(self) -> int:
        return _MATCHED_PROFILES.estimate(*self.shape, **self.values)

    def count(self, limit: int) -> int:
        ids = [row[0] for row in _MATCHED_IDS.rows(*self.shape, False, limit=limit, **self.values)]
        if len(ids) < limit:
            self.matched = sorted(ids)
        return len(ids)

    def rows(self, *, offset: int, limit: int) -> list[CandidateProfile]:
        if self.matched is not None:
            page = self.matched[offset : offset + limit]
        else:
            rows = _MATCHED_IDS.rows(*self.shape, True, limit=limit, offset=offset, **self.values)
            page = [row[0] for row in rows]
        if not page:
            return []
        return _PROFILES_BY_ID(self.shape[0], profile_ids=",".join(map(str, page)), **self.scope)


def searched_profiles(viewer: User, filters: ProfileFilters) -> SearchedProfiles | None:
    """`SearchedProfiles` for this list, or None where it does not apply: no search, SQLite
    (no search table), a term with a line break (`search_matches`), an anonymous caller."""
    term = filters.term
    if not term or "\n" in term or connection.vendor != "postgresql":
        return None
    listed = _list_shape(viewer, filters)
    if listed is None:
        return None
    shape, scope, values = listed
    values = {**values, "term": term}
    if filters.work_mode:
        values["work_mode"] = _quoted(filters.work_mode)
    if filters.employment_type:
        values["employment_type"] = _quoted(filters.employment_type)
    return SearchedProfiles(shape, scope, values)


def _searchable(
    shape: str,
    skills: int,
    relocate: bool | None,
    workvisa: bool | None,
    work_mode: str | None = None,
    employment_type: str | None = None,
    **values,
) -> QuerySet:
    """The profiles in the viewer's scope that pass the filters of a search (`SearchedProfiles`),
    unordered. The filters' values are given as they are compared (`_quoted`): each reaches the
    SQL as a parameter (`icontains` of a `Value`)."""
    profiles = _filtered(CandidateProfile.objects.all(), shape, skills, relocate, workvisa, values)
    if work_mode is not None:
        profiles = profiles.filter(work_mode_preferences__icontains=Value(work_mode))
    if employment_type is not None:
        profiles = profiles.filter(employment_type_preferences__icontains=Value(employment_type))
    return profiles.order_by()


def _entries_holding(term: str) -> QuerySet:
    """The search entries whose names, skills or words hold `term` (one without a line break).
    `icontains` of a `Value`: the term reaches the SQL as typed, one parameter (a prepared
    query's value), and PostgreSQL folds the pattern made of it, which the trigram index reads."""
    return SearchEntry.objects.filter(Q(terms__icontains=Value(term)) | _words(term))


def _matched_ids(
    shape: str,
    skills: int,
    relocate: bool | None,
    workvisa: bool | None,
    ordered: bool,
    term: str,
    **values,
) -> QuerySet:
    """The ids of the profiles whose search entry holds `term`, each checked by a subquery of
    its profile (`_searchable`); in id order when `ordered`."""
    profiles = _searchable(shape, skills, relocate, workvisa, **values)
    check = profiles.filter(pk=OuterRef("profile_id")).values("pk")[:1]
    entries = _entries_holding(term).alias(_shown=Subquery(check)).filter(_shown__isnull=False)
    return entries.order_by(*(["profile_id"] if ordered else [])).values_list("profile_id")


def _matched_profiles(*shape, term: str, **values) -> QuerySet:
    """The same profiles as `_matched_ids`, joined as `listed_profiles` joins them: what the
    planner estimates best (its estimate of each filter's share applies)."""
    return _searchable(*shape, **values).filter(pk__in=_entries_holding(term).values("profile_id"))


_MATCHED_IDS = PreparedQuery(_matched_ids)
_MATCHED_PROFILES = PreparedQuery(_matched_profiles)


def _profiles_by_id(shape: str, profile_ids: str, **scope: int) -> QuerySet:
    profiles = _profile_list(shape, 0, None, None, **scope)
    return profiles.filter(AmongIds("id", profile_ids))


# A page of the candidate list by its profiles' ids (comma-separated), in the viewer's scope.
_PROFILES_BY_ID = PreparedQuery(_profiles_by_id)


def prepared_profile_list(viewer: User, filters: ProfileFilters) -> tuple[tuple, dict] | None:
    """The shape and values of `PROFILE_LIST` for this viewer and these filters, or None when a
    filter is not an exact match (search, work mode, employment type: `listed_profiles`)."""
    if filters.term or filters.work_mode or filters.employment_type:
        return None
    listed = _list_shape(viewer, filters)
    if listed is None:
        return None
    shape, _, values = listed
    return shape, values


def _list_shape(
    viewer: User, filters: ProfileFilters
) -> tuple[tuple, dict[str, int], dict[str, int | str]] | None:
    """A prepared list's shape (viewer scope, number of skills, the two flags), the viewer's
    scope values and the values of scope and skills; None for an anonymous caller."""
    shape, scope = _profiles_shape(viewer)
    if shape == "anonymous":
        return None
    keys = sorted(skill_keys(filters.skills)) if filters.skills else []
    values: dict[str, int | str] = {**scope, **{f"skill{i}": key for i, key in enumerate(keys)}}
    return (shape, len(keys), filters.willing_to_relocate, filters.has_workvisa), scope, values


def _filtered(profiles: QuerySet, shape: str, skills: int, relocate, workvisa, values) -> QuerySet:
    keys = [values.pop(f"skill{index}") for index in range(skills)]
    filters = ProfileFilters.model_construct(willing_to_relocate=relocate, has_workvisa=workvisa)
    return _with_skills(filter_profiles(_in_scope(profiles, shape, **values), filters), keys)


def _profile_list(
    shape: str, skills: int, relocate: bool | None, workvisa: bool | None, **values
) -> QuerySet:
    profiles = CandidateProfile.objects.select_related("user", "user__profile")
    profiles = _with_shown(profiles, shape, **values)
    return _filtered(profiles, shape, skills, relocate, workvisa, values).defer(*UNLISTED_COLUMNS)


def _profile_list_count(
    shape: str, skills: int, relocate: bool | None, workvisa: bool | None, **values
) -> QuerySet:
    # The same rows without the page's joins and the parsing-status subquery.
    profiles = CandidateProfile.objects.all()
    return _filtered(profiles, shape, skills, relocate, workvisa, values).only("pk")


# The candidate list without a search, work mode or employment type filter, compiled once per
# connection and shape (viewer scope, number of skills, the two flags): its count and page.
PROFILE_LIST = PreparedQuery(_profile_list, count_build=_profile_list_count, keys_first=True)


# --- profiles -----------------------------------------------------------------------------------


def _checked_uploads(files) -> dict[str, tuple[str, object]]:
    """The uploaded resume and video pitch, each checked, as {field: (stored name, upload)}.

    Every upload is checked before any is stored: a refused video must not leave a stored resume.
    """
    uploads: dict[str, tuple[str, object]] = {}
    resume, video = files.get("resume_file"), files.get("video_pitch")
    if resume is not None:
        uploads["resume_file"] = (f"resume.{validate_document(resume)}", resume)
    if video is not None:
        uploads["video_pitch"] = (f"pitch.{validate_video(video)}", video)
    return uploads


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _forget_resume(profile: CandidateProfile, sha256: str = "") -> None:
    """A new or removed resume: nothing read from the old one stays, above all not its text,
    which employers search. The new digest has no parse run yet, so `parsing_status` reads
    `not_parsed`, and a run still working on the old resume may no longer write (its
    `input_hash` no longer matches)."""
    profile.resume_sha256 = sha256
    profile.resume_data = None
    profile.resume_text = ""
    profile.resume_terms = {}
    profile.disclosure_warnings = []


def _apply_files(profile: CandidateProfile, uploads: dict, removed: Iterable[str] = ()) -> None:
    """Store the checked uploads on `profile` and empty the `removed` file fields (an upload
    wins over a removal of the same field); run inside `replacing_files()` on a locked row."""
    for field in removed:
        cleared = field not in uploads and clear_stored_file(getattr(profile, field))
        if cleared and field == "resume_file":
            _forget_resume(profile)
    if "resume_file" in uploads:
        filename, resume = uploads["resume_file"]
        digest = _sha256(resume)
        replace_stored_file(profile.resume_file, filename, resume)
        _forget_resume(profile, digest)
    if "video_pitch" in uploads:
        filename, video = uploads["video_pitch"]
        replace_stored_file(profile.video_pitch, filename, video)


def create_profile(user: User, data: CandidateProfileIn, files) -> CandidateProfile:
    if user.is_employer:
        raise Conflict("Employers cannot have a candidate profile: a user is one or the other.")
    if CandidateProfile.objects.filter(user=user).exists():
        raise Conflict("You already have a candidate profile.")
    uploads = _checked_uploads(files)
    profile = CandidateProfile(
        user=user, slug=new_slug(user.first_name), **data.writable(partial=False)
    )
    try:
        with replacing_files():  # losing a race to a concurrent create leaves no file behind
            _apply_files(profile, uploads)
            profile.save()
            if "resume_file" in uploads:
                parsing.start_parse(profile)  # runs once the new profile commits
    except IntegrityError as exc:  # a concurrent create won
        raise Conflict("You already have a candidate profile.") from exc
    return find_profile(user, profile.slug)


def update_profile(profile: CandidateProfile, data: CandidateProfileIn, files, *, partial: bool):
    """Apply the fields sent and the files uploaded or removed, on the row locked afresh, so
    concurrent replacements of a file each delete the one before (none is left orphaned)."""
    uploads = _checked_uploads(files)
    with replacing_files():
        locked = CandidateProfile.objects.select_for_update().get(pk=profile.pk)
        for field, value in data.writable(partial=partial).items():
            if value is None:
                continue  # null leaves a field as it is (booleans and lists have no "empty" value)
            setattr(locked, field, value)
        _apply_files(locked, uploads, data.removed_files())
        locked.save()
        if "resume_file" in uploads:
            # A new resume is parsed by itself; the task runs once this transaction commits.
            parsing.start_parse(locked)
    return locked


def replace_resume(profile: CandidateProfile, upload) -> CandidateProfile:
    """Store `upload` as the profile's resume (checked as at PATCH), which starts its parse."""
    uploads = _checked_uploads({"resume_file": upload})
    with replacing_files():
        locked = CandidateProfile.objects.select_for_update().get(pk=profile.pk)
        _apply_files(locked, uploads)
        locked.save()
        parsing.start_parse(locked)
    return locked


def request_parse(profile: CandidateProfile, *, force: bool, plugin: str | None):
    """`parse-resume/`: the run of the current resume, reused while it works and once it
    succeeded (unless `force`), else a new one: `(run, created)`. No resume is a 400."""
    if not profile.resume_file or not parsing.resume_digest(profile):
        raise BadRequest("This profile has no resume to parse; upload one as `resume_file`.")
    with transaction.atomic():
        return parsing.start_parse(profile, force=force, plugin=plugin)


def delete_profile(profile: CandidateProfile) -> None:
    """Delete the profile, its records and notes; its files go once the deletion commits."""
    with transaction.atomic():
        profile.delete()


def verify_profile(profile: CandidateProfile, data: VerifyProfileIn) -> None:
    """Store the reviewed structured data as the profile's records; mark the profile verified."""
    with transaction.atomic():
        for relation, model in RECORD_MODELS.items():
            records = getattr(data, relation)
            if records is None:
                continue
            model.objects.filter(profile=profile).delete()
            if relation == "skills":
                records = _unique_skills(records)
            rows: list = [model(profile=profile, **record.model_dump()) for record in records]
            for row in rows:
                row.prepare()
            model.objects.bulk_create(rows)
        for group in (data.preferences, data.accessibility_needs):
            if group is not None:
                for field, value in group.model_dump(exclude_none=True).items():
                    setattr(profile, field, value)
        profile.is_verified_profile = True
        profile.save()


def _unique_skills(records: Iterable) -> list:
    seen, unique = set(), []
    for record in records:
        key = skill_key(record.name)
        if key not in seen:
            seen.add(key)
            unique.append(record)
    return unique


# --- records ------------------------------------------------------------------------------------


def own_records(viewer: User, relation: str) -> QuerySet:
    """The caller's records of one kind (none for a user without a profile)."""
    return RECORD_MODELS[relation].objects.filter(profile__user=viewer).order_by("id")


def own_record(viewer: User, relation: str, record_id: int):
    record = own_records(viewer, relation).filter(pk=record_id).first()
    if record is None:
        raise NotFound()
    return record


def _check_skill_unique(profile_id: int, name: str, exclude_id: int | None = None) -> None:
    clash = Skill.objects.filter(profile_id=profile_id, key=skill_key(name))
    if exclude_id is not None:
        clash = clash.exclude(pk=exclude_id)
    if clash.exists():
        raise Conflict(f"The skill '{name.strip()}' is already on your profile.")


def save_record(record, values: dict):
    """Apply `values` and save; a skill already on the profile (any letter case) is a 409."""
    for field, value in values.items():
        setattr(
            record, field, value.strip() if field == "name" and isinstance(value, str) else value
        )
    if isinstance(record, Skill):
        _check_skill_unique(record.profile_id, record.name, record.pk)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise Conflict("This record conflicts with one already on your profile.") from exc
    return record


def create_record(viewer: User, relation: str, values: dict):
    profile = profile_of(viewer)
    if profile is None:
        raise Forbidden("Create your candidate profile first.")
    return save_record(RECORD_MODELS[relation](profile=profile), values)


# --- notes --------------------------------------------------------------------------------------


def note_target(viewer: User, slug: str | None) -> tuple[CandidateProfile, int | None]:
    """The profile a new note goes on and the organization it belongs to (None: candidate's own)."""
    organization_id = employer_organization_id(viewer)
    if organization_id is not None:
        if not slug:
            raise FieldErrors({"profile": "Name the candidate profile (its slug)."})
        return readable_profile(viewer, slug), organization_id
    own = profile_of(viewer)
    if own is None:
        raise Forbidden("Create your candidate profile first.")
    if slug and slug != own.slug:
        raise NotFound()
    return own, None


def create_note(viewer: User, slug: str | None, values: dict) -> Note:
    profile, organization_id = note_target(viewer, slug)
    values = {key: value for key, value in values.items() if key != "profile"}
    # The note as created, with its profile and author: what `visible_notes` would load again.
    return Note.objects.create(
        profile=profile, author=viewer, organization_id=organization_id, **values
    )


def find_note(viewer: User, note_id: int) -> Note:
    note = visible_notes(viewer).filter(pk=note_id).first()
    if note is None:
        raise NotFound()
    return note


def update_note(note: Note, values: dict) -> Note:
    for field, value in values.items():
        setattr(note, field, value)
    note.save()
    return note


def writable_note(viewer: User, note_id: int) -> Note:
    """A note the caller may change: their own. Colleagues who can read it get 403."""
    note = find_note(viewer, note_id)
    if note.author_id != viewer.pk:
        raise Forbidden("Only the author can change this note.")
    return note


def delete_files(profile: CandidateProfile) -> None:
    delete_file_on_commit(profile.resume_file)
    delete_file_on_commit(profile.video_pitch)
