"""The plugin platform: discovery through entry points, per-plugin isolation, `check_pending`, the
choice of a provider by setting, the registries, the listing (`GET /api/plugins/`,
`manage.py plugins`), and the rule that every hook is documented and tested.

Entry-point autoloading is off here: each test registers exactly the plugins it names (real
modules under tests/fake_plugins/), or points discovery at a distribution it writes itself.
"""

import inspect
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from ninja import NinjaAPI
from ninja.testing import TestClient

from platform_core import hookspecs, plugins
from platform_core.api import mount_plugin_routers
from platform_core.documents import (
    CandidateDocument,
    CoachCandidate,
    CoachMessage,
    CoachReply,
    ParsedResume,
    PromptAnswer,
    ResumeData,
    ResumeDocument,
)
from platform_core.entrypoints import plugin_app_modules
from platform_core.errors import FieldErrors
from platform_core.plugins import NoProvider, PluginLoadError, PluginManager

ROOT = Path(__file__).resolve().parents[2]
FAKE = "tests.fake_plugins"
TEST_GROUP = "enabled_talent.test_plugins"
RESUME = ResumeDocument(filename="cv.txt", extension="txt", content=b"Ada Lovelace\nPython")


@pytest.fixture
def use_plugins():
    """`use_plugins(name=module, ...)`: make a manager of exactly these plugins the process's
    manager for the test (no entry points), and put the previous one back afterwards."""
    previous = plugins.get_manager()

    def use(strict: bool = False, **modules: str) -> PluginManager:
        paths = {name: f"{FAKE}.{module}" for name, module in modules.items()}
        return plugins.install(PluginManager.from_modules(paths, strict=strict))

    yield use
    plugins.install(previous)


@pytest.fixture
def distribution(tmp_path, monkeypatch):
    """`distribution(name, version, {entry name: module})`: an installed distribution declaring
    these entry points in TEST_GROUP, found by importlib.metadata on sys.path."""

    def install(name: str, version: str, points: dict[str, str]) -> None:
        info = tmp_path / f"{name.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        lines = "".join(f"{key} = {value}\n" for key, value in points.items())
        (info / "entry_points.txt").write_text(f"[{TEST_GROUP}]\n{lines}")

    monkeypatch.syspath_prepend(str(tmp_path))
    return install


# --- discovery and isolation ----------------------------------------------------------------------


def test_load_entry_points_lists_installed_distribution_as_source(distribution):
    distribution(
        "acme-plugins", "1.4.0", {"upper": f"{FAKE}.upper_parser", "plain": f"{FAKE}.plain_parser"}
    )
    manager = PluginManager()

    manager.load_entry_points(TEST_GROUP)
    manager.check_pending()

    assert [(p.name, p.version, p.source) for p in manager.plugins()] == [
        ("plain", "1.4.0", "acme-plugins"),  # no __version__: the distribution's
        ("upper", "2.1.0", "acme-plugins"),  # the module's __version__
    ]
    assert manager.failures == []


def test_load_entry_points_of_this_distribution_are_built_in(distribution):
    distribution("enabled_talent_api", "0.1.0", {"resume_parser": f"{FAKE}.plain_parser"})
    manager = PluginManager()

    manager.load_entry_points(TEST_GROUP)

    assert [(p.name, p.source) for p in manager.plugins()] == [("resume_parser", "built-in")]


def test_load_entry_points_broken_and_missing_modules_are_skipped(distribution, caplog):
    distribution(
        "mixed", "1.0", {
            "broken": f"{FAKE}.broken_import",
            "gone": f"{FAKE}.not_written_yet",
            "upper": f"{FAKE}.upper_parser",
        },
    )  # fmt: skip
    manager = PluginManager()

    manager.load_entry_points(TEST_GROUP)

    assert [p.name for p in manager.plugins()] == ["upper"]
    assert [(f.name, f.reason) for f in manager.failures] == [
        ("broken", "RuntimeError: broken_import cannot start: its configuration file is missing"),
        ("gone", "ModuleNotFoundError: No module named 'tests.fake_plugins.not_written_yet'"),
    ]
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "Plugin 'broken' failed to load and is skipped: RuntimeError: broken_import cannot start: "
        "its configuration file is missing",
        "Plugin 'gone' failed to load and is skipped: ModuleNotFoundError: No module named "
        "'tests.fake_plugins.not_written_yet'",
    ]


def test_register_broken_plugin_when_strict_stops_start_up():
    with pytest.raises(PluginLoadError, match="Plugin 'broken' failed to load: RuntimeError"):
        PluginManager.from_modules({"broken": f"{FAKE}.broken_import"}, strict=True)


def test_load_with_plugins_strict_setting_is_fatal(settings, distribution):
    distribution("mixed", "1.0", {"broken": f"{FAKE}.broken_import"})
    settings.PLUGINS_STRICT = True
    previous = plugins.get_manager()

    with pytest.raises(PluginLoadError, match="Plugin 'broken' failed to load"):
        plugins.load(TEST_GROUP)

    assert plugins.get_manager() is previous


def test_check_pending_misspelled_hook_skips_the_plugin_with_a_hint():
    manager = PluginManager.from_modules(
        {"typo": f"{FAKE}.misspelled_hook", "upper": f"{FAKE}.upper_parser"}
    )

    assert [p.name for p in manager.plugins()] == ["upper"]
    assert [(f.name, f.reason) for f in manager.failures] == [
        ("typo", "unknown hook(s): 'parse_resum' (did you mean 'parse_resume'?)")
    ]


def test_check_pending_misspelled_hook_when_strict_is_fatal():
    with pytest.raises(PluginLoadError, match="did you mean 'parse_resume'"):
        PluginManager.from_modules({"typo": f"{FAKE}.misspelled_hook"}, strict=True)


def test_register_same_name_twice_skips_the_second():
    manager = PluginManager()
    manager.register("parser", f"{FAKE}.upper_parser", source="local")

    assert manager.register("parser", f"{FAKE}.plain_parser", source="local") is False
    assert manager.failures[-1].reason == "another plugin is already registered as 'parser'"


def test_plugin_app_modules_adds_only_packages_with_apps_py(distribution):
    distribution(
        "apps-and-not", "1.0",
        {"app": f"{FAKE}.app_plugin.hooks", "upper": f"{FAKE}.upper_parser", "gone": "nowhere.hooks"},
    )  # fmt: skip

    assert plugin_app_modules(TEST_GROUP) == [f"{FAKE}.app_plugin"]


# --- providers ------------------------------------------------------------------------------------


def test_hook_parse_resume_provider_chosen_by_setting(settings, use_plugins):
    settings.RESUME_PARSER_PLUGIN = "upper"
    settings.PLUGIN_SETTINGS = {"upper": {"skills": ["Python"]}}
    use_plugins(resume_parser="plain_parser", upper="upper_parser")

    provider = plugins.provider("parse_resume")
    parsed = provider(document=RESUME)

    assert (provider.name, provider.version) == ("upper", "2.1.0")
    assert parsed == ParsedResume(
        text="ADA LOVELACE\nPYTHON",
        resume_data=ResumeData(summary="ADA LOVELACE\nPYTHON", skills=["Python"]),
    )


def test_hook_parse_resume_setting_names_missing_plugin_uses_built_in(settings, use_plugins):
    settings.RESUME_PARSER_PLUGIN = "not_installed"
    manager = use_plugins(resume_parser="plain_parser")

    provider = plugins.provider("parse_resume")

    assert provider.name == "resume_parser"
    assert provider(document=RESUME).text == "Ada Lovelace\nPython"
    assert manager.unavailable_choices() == [
        "RESUME_PARSER_PLUGIN='not_installed' names no installed plugin providing parse_resume; "
        "using the built-in 'resume_parser'."
    ]


def test_load_setting_names_missing_plugin_logs_a_start_up_warning(
    settings, distribution, use_plugins, caplog
):
    distribution("enabled_talent_api", "0.1.0", {"resume_parser": f"{FAKE}.plain_parser"})
    settings.RESUME_PARSER_PLUGIN = "acme"

    plugins.load(TEST_GROUP)  # use_plugins puts the process's manager back afterwards

    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "RESUME_PARSER_PLUGIN='acme' names no installed plugin providing parse_resume; "
        "using the built-in 'resume_parser'."
    ]


def test_provider_requested_plugin_not_installed_is_a_400_field_error(use_plugins):
    use_plugins(resume_parser="plain_parser", upper="upper_parser")

    with pytest.raises(FieldErrors) as raised:
        plugins.provider("parse_resume", requested="acme")

    assert raised.value.status == 400
    assert raised.value.errors == {
        "plugin": [
            "No installed plugin named 'acme' provides parse_resume; available: resume_parser, upper."
        ]
    }


def test_require_provider_plugin_without_the_hook_is_a_400_under_the_given_field(use_plugins):
    use_plugins(coach="echo_coach", upper="upper_parser")

    with pytest.raises(FieldErrors) as raised:
        plugins.require_provider("parse_resume", "coach", field="parser")

    assert raised.value.errors == {
        "parser": ["No installed plugin named 'coach' provides parse_resume; available: upper."]
    }


def test_provider_requested_installed_plugin_is_used(use_plugins):
    use_plugins(resume_parser="plain_parser", upper="upper_parser")

    assert plugins.provider("parse_resume", requested="upper").name == "upper"


def test_provider_nothing_installed_raises_no_provider(use_plugins):
    use_plugins()

    with pytest.raises(NoProvider) as raised:
        plugins.provider("rank_candidates")

    assert str(raised.value) == (
        "No installed plugin provides rank_candidates: RANKING_PLUGIN names none that is "
        "installed and the built-in 'ranking' is not installed."
    )


def test_provider_of_a_registry_hook_is_refused(use_plugins):
    use_plugins(upper="upper_parser")

    with pytest.raises(ValueError, match="not a provider hook"):
        plugins.provider("register_routers")


def test_hook_rank_candidates_provider_chosen_by_setting(settings, use_plugins):
    settings.RANKING_PLUGIN = "upper"
    use_plugins(upper="upper_parser")

    ranked = plugins.provider("rank_candidates")(job={"title": "Nurse"}, candidates=[{"id": 7}])

    assert ranked == [{"candidate_id": 7, "score": 50, "job": "Nurse"}]


def test_hook_coach_reply_gets_an_offline_context_without_llm_model(settings, use_plugins):
    settings.CAREER_COACH_PLUGIN = "coach"
    settings.LLM_MODEL = ""
    use_plugins(coach="echo_coach")

    reply = plugins.provider("coach_reply")(
        candidate=CoachCandidate(document=CandidateDocument(candidate_id=1)),
        messages=[CoachMessage(role="user", content="hi")],
    )

    assert reply == CoachReply(content="You said: hi", model="offline")


def test_hook_answer_prompt_provider_chosen_by_setting(settings, use_plugins):
    settings.CAREER_COACH_PLUGIN = "coach"
    use_plugins(coach="echo_coach")

    answer = plugins.provider("answer_prompt")(
        task="question",
        prompt="Skills?",
        candidate=CandidateDocument(candidate_id=1, skills=["SQL", "Go"]),
        jobs=[],
        messages=[],
    )

    assert answer == PromptAnswer(answer="question: Skills? -> SQL, Go", model="offline")


def test_hook_search_talent_provider_chosen_by_setting(settings, use_plugins):
    settings.CAREER_COACH_PLUGIN = "coach"
    use_plugins(coach="echo_coach")
    candidates = [
        {"id": 1, "skills": ["React"]},
        {"id": 2, "skills": ["SQL"]},
        {"id": 3, "skills": ["react"]},
    ]

    found = plugins.provider("search_talent")(query="React", candidates=candidates, limit=1)

    assert found == [{"candidate_id": 1, "score": 100, "reason": "React"}]


def test_plugin_context_settings_are_read_only(settings, use_plugins):
    settings.PLUGIN_SETTINGS = {"upper": {"skills": ["Python"]}}
    manager = use_plugins(upper="upper_parser")
    context = manager.context("upper")

    with pytest.raises(TypeError):
        context.settings["skills"] = []  # type: ignore[index]
    assert (dict(context.settings), context.logger.name) == (
        {"skills": ["Python"]},
        "plugins.upper",
    )


# --- registries -----------------------------------------------------------------------------------


def test_hook_register_routers_mounted_under_the_plugin_prefix(settings, use_plugins):
    settings.PLUGIN_SETTINGS = {"upper": {"greeting": "bonjour"}}
    use_plugins(upper="upper_parser", fail="failing_registry")
    probe = NinjaAPI(urls_namespace="plugin-router-probe")

    mount_plugin_routers(probe)
    response = TestClient(probe).get("/plugins/upper/tools/echo/")

    assert [bound.prefix for bound in probe._get_bound_routers()][1:] == ["/plugins/upper/tools/"]
    assert (response.status_code, response.json()) == (
        200,
        {"plugin": "upper_parser", "greeting": "bonjour"},
    )


def test_hook_register_skill_aliases_merged_case_insensitively(use_plugins, caplog):
    manager = use_plugins(upper="upper_parser", app="app_plugin.hooks", fail="failing_registry")

    assert manager.skill_aliases() == {"k8s": "Kubernetes", "js": "JavaScript", "pg": "PostgreSQL"}
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "Plugin 'fail' failed in register_skill_aliases; its result is skipped"
    ]


def test_registry_hook_that_raises_when_strict_is_fatal():
    manager = PluginManager.from_modules({"fail": f"{FAKE}.failing_registry"}, strict=True)

    with pytest.raises(PluginLoadError, match="the alias file is corrupt"):
        manager.skill_aliases()


# --- listing --------------------------------------------------------------------------------------

FAKE_LISTING = [
    {
        "name": "coach",
        "version": "0.3.0",
        "source": "local",
        "hooks": ["answer_prompt", "coach_reply", "search_talent"],
        "capabilities": ["career_coach"],
    },
    {
        "name": "upper",
        "version": "2.1.0",
        "source": "local",
        "hooks": ["parse_resume", "rank_candidates", "register_routers", "register_skill_aliases"],
        "capabilities": ["ranking", "resume_parser"],
    },
]


def test_plugin_list_as_signed_in_user_names_each_plugin(user_api, use_plugins):
    use_plugins(upper="upper_parser", coach="echo_coach", broken="broken_import")

    response = user_api.get("/api/plugins/")

    assert response.status_code == 200
    assert response.json() == FAKE_LISTING
    assert response["X-Total-Count"] == "2"


def test_plugin_list_pages_like_every_list(user_api, use_plugins):
    use_plugins(upper="upper_parser", coach="echo_coach")

    response = user_api.get("/api/plugins/?page=2&page_size=1")

    assert response.json() == FAKE_LISTING[1:]
    assert 'rel="prev"' in response["Link"]


def test_plugin_list_anonymous_is_401(api):
    response = api.get("/api/plugins/")

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication credentials were not provided."},
    )


def test_plugins_command_json_prints_the_listing(use_plugins):
    use_plugins(upper="upper_parser", coach="echo_coach")
    out = StringIO()

    call_command("plugins", "--json", stdout=out)

    assert json.loads(out.getvalue()) == FAKE_LISTING


def test_plugins_command_shows_providers_and_skipped_plugins(settings, use_plugins):
    settings.RESUME_PARSER_PLUGIN = "upper"
    use_plugins(upper="upper_parser", typo="misspelled_hook")
    out = StringIO()

    call_command("plugins", stdout=out, no_color=True)

    assert out.getvalue().splitlines() == [
        "upper 2.1.0 (local)",
        "  hooks: parse_resume, rank_candidates, register_routers, register_skill_aliases",
        "  capabilities: ranking, resume_parser",
        "Providers:",
        "  parse_resume (RESUME_PARSER_PLUGIN): upper",
        "  rank_candidates (RANKING_PLUGIN): none installed",
        "  coach_reply (CAREER_COACH_PLUGIN): none installed",
        "  answer_prompt (CAREER_COACH_PLUGIN): none installed",
        "  search_talent (CAREER_COACH_PLUGIN): none installed",
        "Skipped typo: unknown hook(s): 'parse_resum' (did you mean 'parse_resume'?)",
    ]


# --- every hook documented and tested (as datasette does) ----------------------------------------


def _hook_names() -> list[str]:
    return sorted(
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, "enabled_talent_spec")
    )


def test_hookspecs_are_the_documented_set():
    assert _hook_names() == [
        "answer_prompt",
        "coach_reply",
        "parse_resume",
        "rank_candidates",
        "register_routers",
        "register_skill_aliases",
        "search_talent",
    ]


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_is_documented_in_plugin_hooks_md(hook):
    documented = re.findall(r"^### `(\w+)`$", (ROOT / "docs/plugin_hooks.md").read_text(), re.M)

    assert hook in documented


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_has_a_test_hook_function(hook):
    tests = {
        name
        for path in (ROOT / "tests").rglob("*.py")
        for name in re.findall(r"^\s*def (test_hook_\w+)\(", path.read_text(), re.M)
    }

    named = [name for name in tests if re.fullmatch(rf"test_hook_{hook}(_\w+)?", name)]

    assert named, f"no test_hook_{hook} test under tests/"


@pytest.mark.parametrize("hook", _hook_names())
def test_every_hook_docstring_says_when_and_what_none_means(hook):
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    firstresult = getattr(hookspecs, hook).enabled_talent_spec["firstresult"]

    assert "Called" in doc and ":param context:" in doc and ":return:" in doc and "None" in doc
    assert ("Stops at first non-None result." in doc) is firstresult
    assert firstresult is (hook in plugins.PROVIDER_HOOKS)
