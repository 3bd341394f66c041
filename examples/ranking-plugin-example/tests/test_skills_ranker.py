"""The ranker alone: plain documents in, a ranking out; no Django, no plugin manager."""

from skills_ranker import ranker

from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate

JOB = JobDocument(id=1, title="Data engineer", skills=["Python", "SQL", "Docker"])


def candidate(candidate_id: int, *skills: str) -> CandidateDocument:
    return CandidateDocument(candidate_id=candidate_id, skills=list(skills))


def test_rank_two_of_three_skills_ignoring_case():
    ranked = ranker.rank(JOB, [candidate(7, "sql", " PYTHON ", "Excel")])

    assert ranked == [
        RankedCandidate(
            candidate_id=7,
            score=66.7,
            reasons=["Has 2 of 3 required skills: Python, SQL; missing Docker"],
            breakdown={
                "skills": 66.7,
                "matched_skills": ["Python", "SQL"],
                "missing_skills": ["Docker"],
            },
        )
    ]


def test_rank_best_first_and_ties_by_candidate_id():
    candidates = [
        candidate(9, "Python"),
        candidate(4, "Docker", "SQL", "Python"),
        candidate(3, "Docker"),
        candidate(5),
    ]

    ranked = ranker.rank(JOB, candidates)

    assert [(r.candidate_id, r.score) for r in ranked] == [
        (4, 100.0),
        (3, 33.3),
        (9, 33.3),
        (5, 0.0),
    ]


def test_rank_every_skill_and_no_skill_reasons():
    ranked = ranker.rank(JOB, [candidate(1, "Python", "SQL", "Docker"), candidate(2, "Go")])

    assert [r.reasons for r in ranked] == [
        ["Has 3 of 3 required skills: Python, SQL, Docker"],
        ["Has 0 of 3 required skills; missing Python, SQL, Docker"],
    ]


def test_rank_one_required_skill_is_singular():
    job = JobDocument(id=2, skills=["Nursing"])

    ranked = ranker.rank(job, [candidate(1, "nursing")])

    assert ranked[0].reasons == ["Has 1 of 1 required skill: Nursing"]


def test_rank_a_skill_the_job_repeats_counts_once():
    job = JobDocument(id=3, skills=["Python", "python", "SQL"])

    ranked = ranker.rank(job, [candidate(1, "Python")])

    assert (ranked[0].score, ranked[0].reasons) == (
        50.0,
        ["Has 1 of 2 required skills: Python; missing SQL"],
    )


def test_rank_does_not_depend_on_the_order_of_candidates():
    candidates = [candidate(i, *["Python", "SQL", "Docker"][: i % 4]) for i in range(1, 30)]

    assert ranker.rank(JOB, candidates) == ranker.rank(JOB, list(reversed(candidates)))


def test_rank_no_candidates_is_an_empty_ranking():
    assert ranker.rank(JOB, []) == []


def test_rank_job_without_skills_is_none():
    job = JobDocument(id=4, title="Anything", skills=["  "])

    assert ranker.rank(job, [candidate(1, "Python")]) is None
