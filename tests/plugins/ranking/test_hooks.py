"""The ranking plugin through the plugin manager: its hook, the skill aliases every plugin
registers (the resume parser's vocabulary among them), the `weights` setting."""

import pytest

from platform_core import plugins
from platform_core.documents import RankedCandidate
from platform_core.plugins import PluginManager
from plugins.resume_parser import skills as parser_skills

from .applicants import honest_backend, job, pool, resume

BUILT_INS = {"ranking": "plugins.ranking.hooks", "resume_parser": "plugins.resume_parser.hooks"}


@pytest.fixture
def use_plugins():
    """`use_plugins(name=module, ...)`: a manager of exactly these plugins is the process's for
    the test; the previous one comes back afterwards."""
    previous = plugins.get_manager()
    yield lambda **modules: plugins.install(PluginManager.from_modules(modules, strict=True))
    plugins.install(previous)


def test_hook_rank_candidates_ranks_with_every_plugins_skill_aliases(use_plugins):
    use_plugins(**BUILT_INS, upper="tests.fake_plugins.upper_parser")  # upper: "JS"
    spelled = resume(30, "Backend developer.", ["JS", "Postgres", "k8s"])

    ranked = plugins.provider("rank_candidates")(
        job=job(skills=["JavaScript", "PostgreSQL", "Kubernetes"]),
        candidates=[*pool(), spelled, honest_backend(10)],
    )

    assert plugins.provider("rank_candidates").name == "ranking"
    assert all(isinstance(entry, RankedCandidate) for entry in ranked)
    assert sorted(entry.candidate_id for entry in ranked) == [1, 2, 3, 4, 10, 30]
    by_id = {entry.candidate_id: entry for entry in ranked}
    assert by_id[30].breakdown["matched_skills"] == ["JavaScript", "PostgreSQL", "Kubernetes"]


def test_hook_rank_candidates_empty_pool_is_an_empty_ranking(use_plugins):
    use_plugins(**BUILT_INS)

    assert plugins.provider("rank_candidates")(job=job(), candidates=[]) == []


def test_hook_rank_candidates_weights_from_the_plugin_settings(settings, use_plugins):
    settings.PLUGIN_SETTINGS = {"ranking": {"weights": {"relevance": 0, "experience": 0}}}
    use_plugins(**BUILT_INS)

    top = plugins.provider("rank_candidates")(job=job(), candidates=[*pool(), honest_backend(10)])

    assert top[0].score == top[0].breakdown["skills"] == 80.0


def test_hook_rank_candidates_bad_weights_setting_fails_with_its_reason(settings, use_plugins):
    settings.PLUGIN_SETTINGS = {"ranking": {"weights": {"skils": 1}}}
    use_plugins(**BUILT_INS)

    with pytest.raises(ValueError, match="unknown ranking weight 'skils'"):
        plugins.provider("rank_candidates")(job=job(), candidates=pool())


def test_hook_register_skill_aliases_of_the_resume_parser_is_its_vocabulary(use_plugins):
    manager = use_plugins(resume_parser=BUILT_INS["resume_parser"])

    aliases = manager.skill_aliases()

    assert (aliases["k8s"], aliases["postgres"], aliases["js"], aliases["ms excel"]) == (
        "Kubernetes",
        "PostgreSQL",
        "JavaScript",
        "Excel",
    )
    # Canonical names are registered too, so every skill the vocabulary knows is known to the
    # registry's users (the talent-search agent reads "TypeScript" through it).
    assert (aliases["python"], aliases["typescript"]) == ("Python", "TypeScript")


def test_resume_parser_matches_only_the_aliases_its_vocabulary_lacks(use_plugins):
    manager = use_plugins(**BUILT_INS, upper="tests.fake_plugins.upper_parser")
    registry = manager.skill_aliases()

    # The parser's own aliases and upper's "k8s"/"JS" are known; nothing is matched twice.
    assert parser_skills.new_aliases(registry) == ()
    assert parser_skills.new_aliases({**registry, "Kube": "Kubernetes"}) == (
        ("Kube", "Kubernetes"),
    )
