"""The talent-search agent: an employer's words -> the best matching candidates they may see.

    POST /api/channels/agent/ {"query": "senior React developer in Toronto, remote, 5+ years"}

1. The words are read without an LLM (agent_query.read_query): skills, a place, a work mode, a job
   type, years of experience, and the words left over. Nothing from the text ever becomes SQL: it
   only fills the parameters of the fixed queries below.
2. The pool is the profiles the employer may see (contract section 6), narrowed in the database
   by the filters read, and by the skills and words when there are any, to at most POOL_SIZE
   candidates, those with the most of the named skills first.
3. The pool goes to the same engine as job rankings: the ranking plugin (RANKING_PLUGIN), with a
   `JobDocument` made of the query. It sees `CandidateDocument`s only: no disability data, no
   names, no contact details.
4. Years of experience filter the ranked list; the best RESULTS are answered with the fields the
   web client's agent panel reads (camelCase included).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, TextField

from apps.accounts.models import User
from apps.candidates.disclosure import employer_scope
from apps.candidates.documents import candidate_documents
from apps.candidates.experience import covered_years, years_text
from apps.candidates.models import CandidateProfile, Skill, WorkExperience
from apps.candidates.schemas import candidate_avatar_url
from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate
from platform_core.errors import FieldErrors, Forbidden, UpstreamError
from platform_core.plugins import NoProvider, get_manager, provider
from platform_core.terms import SKILL_PREFIX, count_terms

from .agent_query import TalentQuery, read_query

logger = logging.getLogger(__name__)

# Candidates scored per query, and results answered.
POOL_SIZE = 300
RESULTS = 10
MAX_SKILLS_SHOWN = 10
OFFLINE = "offline"


def search(viewer: User, text: str, context: dict) -> dict[str, Any]:
    """The agent's answer for `viewer` (an employer; anyone else 403)."""
    if employer_scope(viewer) is None:
        raise Forbidden("Only members of an organization can search for talent.")
    query = read_query(text, skill_lookup())
    if not (query.skills or query.keywords or _has_filters(query)):
        raise FieldErrors({"query": "Say what you are looking for: skills, a role, a place."})
    pool = _pool(viewer, query)
    documents = candidate_documents(CandidateProfile.objects.filter(pk__in=pool))
    documents = [
        document for document in documents if _years_fit(query, years_of_experience(document))
    ]
    ranked = _rank(_job_of(query), documents)[:RESULTS]
    profiles = (
        CandidateProfile.objects.filter(pk__in=[item.candidate_id for item in ranked])
        .select_related("user", "user__profile")
        .in_bulk()
    )
    by_id = {document.candidate_id: document for document in documents}
    candidates = [
        _result(profiles[item.candidate_id], by_id[item.candidate_id], item, context)
        for item in ranked
        if item.candidate_id in profiles
    ]
    return {
        "results": {"candidates": candidates, "reasoning": _reasoning(query, len(candidates))},
        "model": OFFLINE,
    }


@lru_cache(maxsize=4)
def _lookup_of(aliases: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    lookup = {canonical.lower(): canonical for _, canonical in aliases}
    lookup.update(aliases)
    return lookup


def skill_lookup() -> Mapping[str, str]:
    """Lower-case skill names and aliases -> canonical names, from every plugin's aliases."""
    return _lookup_of(tuple(sorted(get_manager().skill_aliases().items())))


def _has_filters(query: TalentQuery) -> bool:
    return bool(
        query.location
        or query.work_mode
        or query.job_type
        or query.min_years is not None
        or query.max_years is not None
    )


def _preference(field: str, value: str) -> Q:
    """Candidates who prefer `value`, or who said nothing (no preference is no refusal)."""
    # Stored as JSON arrays of fixed lowercase values, so the quoted value matches one element.
    return Q(**{f"{field}__icontains": f'"{value}"'}) | Q(**{field: []})


def _filtered(viewer: User, query: TalentQuery) -> QuerySet:
    """The profiles `viewer` may see that pass the query's place, work mode, job type and
    years filters (skills and words not yet)."""
    scope = employer_scope(viewer)
    assert scope is not None
    profiles = CandidateProfile.objects.filter(scope)
    if query.location:
        place = query.location.split(",")[0].strip()
        profiles = profiles.filter(
            Q(user__profile__location__icontains=place)
            | Q(willing_to_relocate=True)
            | Q(work_mode_preferences__icontains='"remote"')
        )
    if query.work_mode:
        profiles = profiles.filter(_preference("work_mode_preferences", query.work_mode))
    if query.job_type:
        profiles = profiles.filter(_preference("employment_type_preferences", query.job_type))
    if query.min_years is not None:
        # Someone with N years has at least one record; the years themselves are checked later.
        profiles = profiles.filter(Exists(WorkExperience.objects.filter(profile=OuterRef("pk"))))
    return profiles


class _TermKeys(Func):
    """The keys of `resume_terms` as a text array: PostgreSQL's `candidate_term_keys`, the
    function of migration candidates 0006, whose GIN index this expression matches."""

    function = "candidate_term_keys"
    output_field = ArrayField(TextField())


def _with_any_term(profiles: QuerySet, terms: list[str]) -> QuerySet:
    """The profiles whose resume terms hold one of `terms`.

    On PostgreSQL this is an array overlap on the keys rather than `resume_terms ?| terms`: with
    a jsonb index PostgreSQL must recheck every row it finds, reading each profile's whole
    `resume_terms` (three to four times slower for a word in a fifth of 100,000 profiles), while
    the array index answers exactly, and its statistics tell the planner how common a word is."""
    if connection.vendor == "postgresql":
        return profiles.alias(term_keys=_TermKeys("resume_terms")).filter(term_keys__overlap=terms)
    return profiles.filter(resume_terms__has_any_keys=terms)


def _pool(viewer: User, query: TalentQuery) -> list[int]:
    """The ids of at most POOL_SIZE visible profiles that pass the query's filters: when skills
    or words are asked, those with one of the skills or a word in their parsed resume, the most
    skills first; the most recently updated first among equals.

    Two queries rather than one `Exists(skill) | has word` ordered by a count of skills: that one
    could use no index for the `|`, so it read every visible profile's `resume_terms` and counted
    the skills of every match (60,000 of 100,000 for "Excel") before keeping 300. Here the skill
    holders come from the skills' index, and the profiles with only a word from the terms' index,
    asked only when the skill holders leave room."""
    profiles = _filtered(viewer, query)
    keys = [skill.lower() for skill in query.skills]
    terms = [f"{SKILL_PREFIX}{key}" for key in keys] + list(query.keywords)
    newest = ("-updated_at", "-pk")
    if not terms:
        return list(profiles.order_by(*newest).values_list("pk", flat=True)[:POOL_SIZE])
    pool: list[int] = []
    if keys:
        # One joined row per named skill held (keys are unique per profile). COUNT(*) rather
        # than a count of skill ids: PostgreSQL then reads the skills' index alone.
        with_skills = profiles.filter(skills__key__in=keys).annotate(matched=Count("*"))
        ordered = with_skills.order_by("-matched", *newest).values_list("pk", flat=True)
        pool = list(ordered[:POOL_SIZE])
    if len(pool) < POOL_SIZE:
        words_only = _with_any_term(profiles, terms)
        if keys:
            held = Skill.objects.filter(profile=OuterRef("pk"), key__in=keys)
            words_only = words_only.exclude(Exists(held))
        ordered = words_only.order_by(*newest).values_list("pk", flat=True)
        pool += ordered[: POOL_SIZE - len(pool)]
    return pool


def _job_of(query: TalentQuery) -> JobDocument:
    """The query as the job the ranker scores candidates against."""
    words = " ".join(query.keywords)
    return JobDocument(
        id=0,
        title=words,
        description=query.text,
        skills=list(query.skills),
        location=query.location,
        workplace_type=query.work_mode or "onsite",
        job_type=query.job_type or "full-time",
        terms=count_terms(f"{words}\n{words}", query.skills),
    )


def _rank(job: JobDocument, documents: list[CandidateDocument]) -> list[RankedCandidate]:
    if not documents:
        return []
    try:
        ranker = provider("rank_candidates")
    except NoProvider as exc:
        raise UpstreamError(f"No ranking plugin is installed ({exc}).") from exc
    try:
        answer = ranker(job=job, candidates=documents)
        ranked = [RankedCandidate.model_validate(item) for item in answer or []]
    except Exception as exc:
        logger.exception("Ranking plugin %r failed on a talent search.", ranker.name)
        raise UpstreamError(f"The ranking plugin ({ranker.name}) failed; try again.") from exc
    known = {document.candidate_id for document in documents}
    return [item for item in ranked if item.candidate_id in known]


def years_of_experience(document: CandidateDocument, today: date | None = None) -> float:
    """Years covered by the candidate's work records, overlaps counted once."""
    return covered_years(
        ((_day(record.start_date), _day(record.end_date)) for record in document.work_experience),
        today,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _years_fit(query: TalentQuery, years: float) -> bool:
    if query.min_years is not None and years < query.min_years:
        return False
    return not (query.max_years is not None and years > query.max_years + 0.99)


def _role(profile: CandidateProfile, document: CandidateDocument) -> str:
    """The candidate's current or latest role, from their records, else their parsed resume."""
    dated = sorted(
        document.work_experience,
        key=lambda record: (record.current, record.end_date or "9999", record.start_date or ""),
    )
    if dated:
        return dated[-1].role
    data = profile.resume_data if isinstance(profile.resume_data, dict) else {}
    for item in data.get("work_experience") or []:
        if isinstance(item, dict) and isinstance(item.get("role"), str) and item["role"]:
            return item["role"]
    return ""


def _result(
    profile: CandidateProfile, document: CandidateDocument, item: RankedCandidate, context: dict
) -> dict[str, Any]:
    user = profile.user
    return {
        "id": profile.pk,
        "slug": profile.slug,
        "name": f"{user.first_name} {user.last_name}".strip(),
        "role": _role(profile, document),
        "location": user.profile.location,
        "experience": years_text(years_of_experience(document)),
        "skills": document.skills[:MAX_SKILLS_SHOWN],
        "matchPercentage": round(item.score),
        "avatarUrl": candidate_avatar_url(user.profile, context),
        "reasons": item.reasons,
    }


def _reasoning(query: TalentQuery, found: int) -> str:
    if not found:
        return f"{query.reasoning} No visible candidate matches yet; try fewer filters."
    noun = "candidate" if found == 1 else "candidates"
    return f"{query.reasoning} Showing the {found} best-matching {noun}, best first."
