"""The plugin as the API loads it: `PluginManager.from_modules` registers exactly this module, as
the entry point would, and the hook is called through the provider the API would use."""

import logging

from platform_core.documents import CandidateDocument, JobDocument
from platform_core.plugins import PluginManager

JOB = JobDocument(id=12, title="Data engineer", skills=["Python", "SQL"])


def manager() -> PluginManager:
    return PluginManager.from_modules(
        {"skills_only": "skills_ranker.hooks"}, strict=True, llm=lambda: None
    )


def test_hook_rank_candidates_through_the_provider():
    candidates = [
        CandidateDocument(candidate_id=1, skills=["Excel"]),
        CandidateDocument(candidate_id=2, skills=["sql", "python"]),
    ]

    ranked = manager().provider("rank_candidates", "skills_only")(job=JOB, candidates=candidates)

    assert [(r.candidate_id, r.score) for r in ranked] == [(2, 100.0), (1, 0.0)]


def test_hook_rank_candidates_job_without_skills_is_logged_and_none(caplog):
    caplog.set_level(logging.INFO, logger="plugins.skills_only")
    provider = manager().provider("rank_candidates", "skills_only")

    ranked = provider(job=JobDocument(id=13, title="Anything"), candidates=[])

    assert ranked is None
    assert [r.getMessage() for r in caplog.records] == [
        "Job 13 lists no skills; skills_only cannot rank it"
    ]


def test_plugin_implements_only_rank_candidates():
    listing = manager().listing()

    assert [(p["name"], p["source"], p["hooks"], p["capabilities"]) for p in listing] == [
        ("skills_only", "local", ["rank_candidates"], ["ranking"])
    ]
