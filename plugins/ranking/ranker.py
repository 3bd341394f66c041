"""The default ranker: how well each applicant fits a job, as a 0-100 score with its reasons.

    score = (relevance * w_r + skills * w_s + experience * w_e) / (w_r + w_s + w_e)
            * (1 - w_l * (1 - logistics / 100))

- relevance: how much of the job's words the candidate's words cover, tf-idf weighted and
  length-normalised (`_JobSpace`), over the parsed resume's stored terms or, without a resume,
  terms made from the profile records; idf is fitted on the applicants and the job, and a
  term's count is capped, so repeating a word earns nothing;
- skills: the share of the job's skills the candidate has, under any spelling (skills.py);
- experience: years of work, in full in roles like the job (experience.py);
- logistics: work mode, job type, place, visa (logistics.py); a conflict takes a little off.

Text that copies the job posting or repeats its words discounts relevance and skills
(`_JobSpace._stuffing`). Pure and deterministic: no Django, no clock, no randomness, and no sum
that depends on dict or set order. docs/ranking.md has the measurements behind every number.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import countOf
from typing import Any, NamedTuple

from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate
from platform_core.terms import SKILL_PREFIX, count_terms

from .experience import Experience, RoleMatcher, experience, reference_day
from .logistics import conflicts_of, logistics_score
from .skills import Canon, Coverage, JobSkills

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "relevance": 0.60,
    "skills": 0.15,
    "experience": 0.25,
    # Not a share: the most a complete logistics conflict takes off the score (15%).
    "logistics": 0.15,
}
# A term counted more often than this counts as this often: 1 + log(min(tf, TF_CAP)).
TF_CAP = 3
# The cosine at which relevance reads 100: a focused resume for the job reaches it.
FULL_COSINE = 0.25
# Stuffing. A resume that contains this share of a long job posting's own words (idf-weighted)
# has copied it: the discount starts there and is complete at ECHO_FULL.
ECHO_START, ECHO_FULL = 0.6, 0.9
ECHO_MIN_WORDS = 25
# Counts of a job word beyond REPEAT_LIMIT are repeats no honest resume needs; when they make
# this share of the resume's words the discount starts, complete at REPEAT_FULL.
REPEAT_LIMIT = 20
REPEAT_START, REPEAT_FULL = 0.03, 0.25
SHOWN_TERMS = 5
# Relevance from which the reasons call a resume's words a close, or a partial, match.
CLOSE_RELEVANCE, PARTLY_RELEVANT = 60.0, 25.0
MAX_REASONS = 5


@dataclass(frozen=True)
class Weights:
    relevance: float
    skills: float
    experience: float
    logistics: float

    @classmethod
    def of(cls, overrides: Mapping[str, Any] | None = None) -> Weights:
        """The default weights with `overrides` (the plugin's `weights` setting) applied;
        ValueError for an unknown part or a value that is not a number from 0 (logistics: to 1)."""
        chosen = dict(DEFAULT_WEIGHTS)
        if not isinstance(overrides or {}, Mapping):
            raise ValueError(
                f"ranking weights must be a mapping of part to weight, not {overrides!r}"
            )
        for part, value in (overrides or {}).items():
            if part not in chosen:
                raise ValueError(f"unknown ranking weight {part!r}; known: {sorted(chosen)}")
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"ranking weight {part!r} must be a number >= 0, not {value!r}")
            chosen[part] = float(value)
        if chosen["logistics"] > 1:
            raise ValueError("ranking weight 'logistics' is a share of the score: at most 1")
        if chosen["relevance"] + chosen["skills"] + chosen["experience"] <= 0:
            raise ValueError("at least one of relevance, skills, experience must weigh > 0")
        return cls(**chosen)


def rank(
    job: JobDocument,
    candidates: Sequence[CandidateDocument],
    *,
    aliases: Mapping[str, str] = {},  # noqa: B006 (read only)
    weights: Mapping[str, Any] | None = None,
) -> list[RankedCandidate]:
    """Every candidate once, best first, ties by `candidate_id`; `aliases` map other spellings
    of a skill to its name, `weights` override DEFAULT_WEIGHTS."""
    if not candidates:
        return []
    mix = Weights.of(weights)
    canon = Canon(aliases)
    job_skills = JobSkills(job.skills, canon)
    job_terms = _job_terms(job, job_skills)
    words = sorted(t for t in job_terms if not t.startswith(SKILL_PREFIX))
    documents = [_candidate_terms(candidate) for candidate in candidates]
    coverages = [
        job_skills.coverage(c.skills, terms, listed_in_text=bool(c.terms))
        for c, terms in zip(candidates, documents, strict=True)
    ]
    # The words in common sorted by name, then the job's skills the candidate lists, in the
    # job's order: every sum over them runs in one order.
    shared = [
        _Shared(list(filter(terms.__contains__, words)), coverage.listed)
        for terms, coverage in zip(documents, coverages, strict=True)
    ]
    space = _JobSpace(job_terms, shared)
    roles = RoleMatcher(job.title, space.idf)
    reference = reference_day(r for c in candidates for r in c.work_experience)
    ranked = [
        _score(job, c, terms, common, coverage, space, bool(job_skills), roles, reference, mix)
        for c, terms, common, coverage in zip(candidates, documents, shared, coverages, strict=True)
    ]
    ranked.sort(key=lambda r: (-r.score, r.candidate_id))
    return ranked


# --- terms ----------------------------------------------------------------------------------------


def _job_terms(job: JobDocument, skills: JobSkills) -> dict[str, int]:
    """The job's words (its terms, or when the core sent none its title twice and description,
    counted as the core counts them) and one `skill:` term per skill, under its canonical name."""
    counted = job.terms or count_terms(f"{job.title}\n{job.title}\n{job.description}")
    terms = {t: n for t, n in counted.items() if n > 0 and not t.startswith(SKILL_PREFIX)}
    terms.update(dict.fromkeys(skills.terms, 1))
    return terms


def record_text(candidate: CandidateDocument) -> str:
    """The words of a candidate's records, for a candidate without a parsed resume."""
    parts = [candidate.summary]
    for work in candidate.work_experience:
        parts += [work.role, work.description]
    for school in candidate.education:
        parts += [school.degree, school.field_of_study]
    for project in candidate.projects:
        parts += [project.project_name, project.description]
    for certification in candidate.certifications:
        parts += [certification.name, certification.issuing_organization]
    for achievement in candidate.achievements:
        parts += [achievement.title, achievement.description]
    return "\n".join(part for part in parts if part)


def _candidate_terms(candidate: CandidateDocument) -> Mapping[str, int]:
    """The parsed resume's stored terms, or terms made from the records."""
    return candidate.terms or count_terms(record_text(candidate), candidate.skills)


# --- relevance and stuffing -----------------------------------------------------------------------


_TF_WEIGHT = (0.0, *(1.0 + math.log(tf) for tf in range(1, TF_CAP + 1)))
_TF_WEIGHT_SQUARED = tuple(w * w for w in _TF_WEIGHT)
_CAPPED = _TF_WEIGHT[TF_CAP]


def _tf_weight(count: int) -> float:
    """1 + log(tf), capped at TF_CAP; 0 for a count below 1 (a broken document)."""
    return _TF_WEIGHT[count] if 0 < count < TF_CAP else _CAPPED if count > 0 else 0.0


class _Shared(NamedTuple):
    """What a candidate has in common with the job: words sorted by name, and the `skill:`
    terms of the job's skills the candidate lists (each counted once), in the job's order."""

    words: list[str]
    skills: list[str]


class _Match(NamedTuple):
    cosine: float
    # The shared terms that contribute most, largest first (a few more than the reasons show).
    shared: list[str]
    # 0 (honest) to 1 (the text is the job's words): how much relevance and skills are discounted.
    stuffing: float


_NO_MATCH = _Match(0.0, [], 0.0)


class _JobSpace:
    """The job's side of relevance, computed once; `match` measures one candidate.

    Relevance is the cosine between the job's vector, each term weighted (1 + log tf) * idf**2,
    and the candidate's, each term weighted 1 + log tf: so a shared term contributes
    (1 + log tf_job) * idf * (1 + log tf_candidate) * idf, the tf-idf product, while a
    candidate's length is measured without idf, as Lucene's classic similarity does. Scoring
    then touches only the shared terms (a candidate's others are only counted, in C); on the
    labelled pool it ranks as well as the cosine of two tf-idf vectors, in half the time.
    idf is smoothed, `log((n + 1) / (df + 1)) + 1`, over the applicants and the job.
    """

    def __init__(self, job_terms: Mapping[str, int], shared: Sequence[_Shared]) -> None:
        # A job term's document frequency: the job, and every applicant sharing it.
        frequency: Counter[str] = Counter(job_terms.keys())
        for words, skills in shared:
            frequency.update(words)
            frequency.update(skills)
        n = len(shared) + 1
        self._idf = {t: math.log((n + 1) / (frequency[t] + 1)) + 1.0 for t in job_terms}
        self._largest_idf = math.log(n + 1) + 1.0
        self._weights = {t: _tf_weight(count) * self._idf[t] ** 2 for t, count in job_terms.items()}
        self.norm = math.sqrt(math.fsum(w * w for w in self._weights.values()))
        words = [term for term in job_terms if not term.startswith(SKILL_PREFIX)]
        self._word_idf = {term: self._idf[term] for term in words}
        self._words_idf = math.fsum(self._word_idf.values())

    def idf(self, term: str) -> float:
        """A job term's idf; a word the job does not have gets the largest."""
        return self._idf.get(term, self._largest_idf)

    def match(self, terms: Mapping[str, int], shared: _Shared) -> _Match:
        if not (shared.words or shared.skills) or not self.norm:
            return _NO_MATCH
        counts = terms.values()
        # The squared length from how many terms occur once, twice, more: exact, in C.
        once, twice = countOf(counts, 1), countOf(counts, 2)
        squared = (
            once
            + twice * _TF_WEIGHT_SQUARED[2]
            + (len(terms) - once - twice) * _TF_WEIGHT_SQUARED[TF_CAP]
        )
        weights, tf = self._weights, _TF_WEIGHT
        word_counts = [terms[word] for word in shared.words]
        # _tf_weight inline: this runs for every shared word of every candidate.
        contribution = [
            weights[word] * (tf[count] if 0 < count < TF_CAP else _CAPPED if count > 0 else 0.0)
            for word, count in zip(shared.words, word_counts, strict=True)
        ]
        contribution += map(weights.__getitem__, shared.skills)
        cosine = sum(contribution) / (self.norm * math.sqrt(squared or 1))
        both = shared.words + shared.skills
        # A stable sort: equal contributions stay in the order above.
        top = sorted(range(len(both)), key=contribution.__getitem__, reverse=True)
        stuffing = self._stuffing(shared.words, word_counts, terms)
        return _Match(min(cosine, 1.0), [both[i] for i in top[: 2 * SHOWN_TERMS]], stuffing)

    def _stuffing(self, words: list[str], counts: list[int], terms: Mapping[str, int]) -> float:
        """How far the text is the job's words rather than the candidate's own: the share of a
        long posting it contains (copied), or the share of its words that are repeats of job
        words beyond REPEAT_LIMIT (stuffed)."""
        echo = repeated = 0.0
        if len(self._word_idf) >= ECHO_MIN_WORDS:
            copied = sum(map(self._word_idf.__getitem__, words)) / self._words_idf
            echo = _ramp(copied, ECHO_START, ECHO_FULL)
        if counts and max(counts) > REPEAT_LIMIT:
            repeats = sum(count - REPEAT_LIMIT for count in counts if count > REPEAT_LIMIT)
            repeated = _ramp(repeats / sum(terms.values()), REPEAT_START, REPEAT_FULL)
        return max(echo, repeated)


def _ramp(value: float, start: float, full: float) -> float:
    return min(1.0, max(0.0, (value - start) / (full - start)))


# --- one candidate --------------------------------------------------------------------------------


def _score(
    job: JobDocument,
    candidate: CandidateDocument,
    terms: Mapping[str, int],
    shared: _Shared,
    coverage: Coverage,
    space: _JobSpace,
    has_skills: bool,
    roles: RoleMatcher,
    reference: int | None,
    mix: Weights,
) -> RankedCandidate:
    match = space.match(terms, shared)
    trust = 1.0 - match.stuffing
    relevance = 100.0 * min(1.0, match.cosine / FULL_COSINE) * trust
    worked = experience(candidate.work_experience, reference, roles)
    experienced = worked.score
    fit = conflicts_of(job, candidate.preferences)
    fitness = logistics_score(fit)
    breakdown: dict[str, float | int | str | list[str]] = {
        "relevance": round(relevance, 1),
        "experience": round(experienced, 1),
        "logistics": round(fitness, 1),
        "experience_years": round(worked.total_years, 1),
        "relevant_years": round(worked.weighted_years, 1),
        "stuffing": round(100.0 * match.stuffing, 1),
    }
    # Only the parts the job gives something to compare with: a job without skills has no
    # skills part, a job without words no relevance.
    weighted = experienced * mix.experience
    total_weight = mix.experience
    if space.norm:
        weighted += relevance * mix.relevance
        total_weight += mix.relevance
    if has_skills:
        skilled = coverage.score * trust
        weighted += skilled * mix.skills
        total_weight += mix.skills
        breakdown["skills"] = round(skilled, 1)
        breakdown["matched_skills"] = coverage.matched
        breakdown["missing_skills"] = coverage.missing
        breakdown["skills_in_use"] = coverage.used
    core = weighted / total_weight if total_weight else 0.0
    score = core * (1.0 - mix.logistics * (1.0 - fitness / 100.0))
    reasons = _reasons(
        candidate, coverage if has_skills else None, worked, list(fit.values()), match, relevance
    )
    # Every value is built above with its declared type and the score clamped: validating the
    # breakdown's union of types again would cost a fifth of a large ranking.
    return RankedCandidate.model_construct(
        candidate_id=candidate.candidate_id,
        score=round(min(100.0, max(0.0, score)), 1),
        reasons=reasons,
        breakdown=breakdown,
    )


# --- reasons --------------------------------------------------------------------------------------


def _reasons(
    candidate: CandidateDocument,
    coverage: Coverage | None,
    worked: Experience,
    conflicts: list[str],
    match: _Match,
    relevance: float,
) -> list[str]:
    """2 to 5 sentences: skills, experience, stuffing, logistics conflicts, a missing resume,
    the words in common; only what the candidate's documents say."""
    reasons = []
    if coverage is not None:
        reasons.append(_skills_reason(coverage))
    reasons.append(_experience_reason(candidate, worked))
    if match.stuffing > 0:
        reasons.append(
            "Much of the text repeats the job posting's own words, so it counts for less"
        )
    if len(conflicts) > 2:
        conflicts = [". ".join(conflicts)]
    reasons += conflicts
    if not candidate.has_parsed_resume:
        reasons.append("No parsed resume: scored from profile records")
    reasons.append(_relevance_reason(candidate, match, relevance))
    return reasons[:MAX_REASONS]


def _skills_reason(coverage: Coverage) -> str:
    matched, missing = coverage.matched, coverage.missing
    total = len(matched) + len(missing)
    if not missing:
        return (
            f"Has the required skill: {matched[0]}"
            if total == 1
            else f"Has all {total} required skills: {', '.join(matched)}"
        )
    if not matched:
        return (
            f"Does not list the required skill: {missing[0]}"
            if total == 1
            else f"Has none of the {total} required skills: {', '.join(missing)}"
        )
    return (
        f"Has {len(matched)} of {total} required skills: {', '.join(matched)}; "
        f"missing {', '.join(missing)}"
    )


def _experience_reason(candidate: CandidateDocument, worked: Experience) -> str:
    if worked.like_years >= 0.5:
        roles = worked.like_roles
        where = (
            f"as {roles[0]}"
            if len(roles) == 1
            else f"in roles like this one: {', '.join(roles[:3])}"
        )
        sentence = f"{_years(worked.like_years)} {where}"
        if worked.total_years - worked.like_years >= 1:
            sentence += f" ({_years(worked.total_years).lower()} of work experience in all)"
        return sentence
    if worked.total_years >= 0.5:
        return f"{_years(worked.total_years)} of work experience, none in a role like this one"
    if candidate.work_experience:
        return "Work experience listed without dates to count years from"
    return "No work experience listed"


def _years(years: float) -> str:
    whole = round(years)
    if whole < 1:
        return "Less than a year"
    return "1 year" if whole == 1 else f"{whole} years"


def _relevance_reason(candidate: CandidateDocument, match: _Match, relevance: float) -> str:
    source = "Resume" if candidate.has_parsed_resume else "Profile"
    shown: list[str] = []
    for term in match.shared:
        word = term.removeprefix(SKILL_PREFIX)
        if word not in shown:
            shown.append(word)
        if len(shown) == SHOWN_TERMS:
            break
    if not shown:
        return f"{source} shares none of the job's key terms"
    if relevance >= CLOSE_RELEVANCE:
        how = "matches the job closely"
    elif relevance >= PARTLY_RELEVANT:
        how = "matches the job in part"
    else:
        how = "has little in common with the job"
    return f"{source} {how}; shared terms: {', '.join(shown)}"
