"""Ranking by skills alone: a candidate's score is the share of the job's skills they have.

Pure (no Django, no I/O, no clock), so the same documents always give the same ranking and the
logic is tested without the API. Skills compare ignoring case and spacing ("node.JS" is
"Node.js"); a reason names the skills in the job's own spelling.
"""

from __future__ import annotations

from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate


def rank(job: JobDocument, candidates: list[CandidateDocument]) -> list[RankedCandidate] | None:
    """One `RankedCandidate` per candidate, best first, ties by `candidate_id`; None when the job
    lists no skills, since there is then nothing to rank by."""
    required = required_skills(job)
    if not required:
        return None
    scored = [(_matched(required, candidate), candidate.candidate_id) for candidate in candidates]
    scored.sort(key=lambda pair: (-len(pair[0]), pair[1]))
    return [_ranked(candidate_id, required, matched) for matched, candidate_id in scored]


def required_skills(job: JobDocument) -> list[str]:
    """The job's skills in its order, each once: a skill repeated in another case counts once."""
    by_key: dict[str, str] = {}
    for skill in job.skills:
        key = _key(skill)
        if key and key not in by_key:
            by_key[key] = " ".join(skill.split())
    return list(by_key.values())


def _matched(required: list[str], candidate: CandidateDocument) -> list[str]:
    has = {_key(skill) for skill in candidate.skills}
    return [skill for skill in required if _key(skill) in has]


def _ranked(candidate_id: int, required: list[str], matched: list[str]) -> RankedCandidate:
    missing = [skill for skill in required if skill not in matched]
    score = round(100 * len(matched) / len(required), 1)
    return RankedCandidate(
        candidate_id=candidate_id,
        score=score,
        reasons=[_reason(len(required), matched, missing)],
        breakdown={"skills": score, "matched_skills": matched, "missing_skills": missing},
    )


def _reason(total: int, matched: list[str], missing: list[str]) -> str:
    """The sentence a recruiter reads: "Has 2 of 3 required skills: Python, SQL; missing Docker"."""
    noun = "skill" if total == 1 else "skills"
    sentence = f"Has {len(matched)} of {total} required {noun}"
    if matched:
        sentence += ": " + ", ".join(matched)
    if missing:
        sentence += "; missing " + ", ".join(missing)
    return sentence


def _key(skill: str) -> str:
    return " ".join(skill.split()).casefold()
