"""The example plugin (examples/ranking-plugin-example) as a third party's plugin reaches the API:
installed by pip as a distribution of its own (bin/setup does it), discovered through its entry
point when Django starts, listed with that distribution as its source, and chosen for ranking by
`RANKING_PLUGIN` or by name.

These tests use the process's plugin manager, the one `AppConfig.ready()` loaded from the
installed entry points, rather than one built from modules: being found is what they test.
"""

from importlib.metadata import distribution

from platform_core import plugins
from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate
from platform_core.entrypoints import GROUP

DISTRIBUTION = "enabled-talent-skills-ranker"


def test_example_is_installed_as_a_distribution_declaring_its_entry_point():
    installed = distribution(DISTRIBUTION)

    assert installed.version == "0.1.0"
    assert [(point.name, point.value) for point in installed.entry_points.select(group=GROUP)] == [
        ("skills_only", "skills_ranker.hooks")
    ]


def test_example_is_listed_by_the_process_manager_with_its_distribution_as_source():
    listing = {plugin["name"]: plugin for plugin in plugins.get_manager().listing()}

    assert listing["skills_only"] == {
        "name": "skills_only",
        "version": "0.1.0",
        "source": DISTRIBUTION,
        "hooks": ["rank_candidates"],
        "capabilities": ["ranking"],
    }


def test_example_requested_by_name_ranks_the_skills_match_first():
    job = JobDocument(id=5, title="Data engineer", skills=["Python", "SQL", "Docker"])
    candidates = [
        CandidateDocument(candidate_id=1, skills=["Excel"]),
        CandidateDocument(candidate_id=2, skills=["python", "sql"]),
    ]

    provider = plugins.provider("rank_candidates", "skills_only")
    ranked = provider(job=job, candidates=candidates)

    assert (provider.name, provider.version) == ("skills_only", "0.1.0")
    assert ranked[0] == RankedCandidate(
        candidate_id=2,
        score=66.7,
        reasons=["Has 2 of 3 required skills: Python, SQL; missing Docker"],
        breakdown={
            "skills": 66.7,
            "matched_skills": ["Python", "SQL"],
            "missing_skills": ["Docker"],
        },
    )
    assert [(r.candidate_id, r.score) for r in ranked] == [(2, 66.7), (1, 0.0)]


def test_example_chosen_by_ranking_plugin_setting(settings):
    settings.RANKING_PLUGIN = "skills_only"

    assert plugins.get_manager().chosen("rank_candidates") == "skills_only"
    assert plugins.provider("rank_candidates").name == "skills_only"
