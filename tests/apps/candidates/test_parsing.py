"""Resume parsing over HTTP (contract section 7): `parse-resume/`, `parsing-status/`, the parse a
resume upload starts by itself, and the plugin that does the work.

Huey is immediate in tests and every `ApiClient` request runs the `on_commit` callbacks it
queued, so a parse started by a request has ended (parsed or failed) when the next request is
made; the response of the starting request itself still says `parsing`. A run that is still
queued is made with `start_run` outside a request (its task never runs).
"""

import importlib

import pytest
from django.apps import apps as django_apps

from apps.candidates import parsing
from apps.candidates.models import CandidateProfile
from platform_core import plugins
from platform_core.models import Run
from platform_core.plugins import PluginManager
from platform_core.runs import latest_run, start_run
from tests.fake_plugins import hooked_parser
from tests.helpers import NOT_FOUND, NOT_PROVIDED, PDF, ApiClient

from .helpers import PROFILES, profile_url, upload

pytestmark = pytest.mark.usefixtures("own_media_root")

RESUME = b"Ada Lovelace\nada@example.com\n+44 20 7946 0958\n\nSkills\nPython, SQL\n"
NEWER_RESUME = b"Ada King\nada.king@example.com\n\nSkills\nMathematics\n"
PARSED_ADA = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "full_name": "Ada Lovelace",
    "email": "ada@example.com",
    "phone": "+44 20 7946 0958",
}
FAKE = "tests.fake_plugins"


@pytest.fixture
def parser_plugins(settings):
    """The process's plugin manager with the built-in parser and the fake ones under
    tests/fake_plugins/ (real modules, registered through the plugin manager); the previous
    manager comes back afterwards. Tests choose one with RESUME_PARSER_PLUGIN or `?plugin=`."""
    previous = plugins.get_manager()
    plugins.install(
        PluginManager.from_modules(
            {
                "resume_parser": "plugins.resume_parser.hooks",
                "upper": f"{FAKE}.upper_parser",
                "raising": f"{FAKE}.raising_parser",
                "garbage": f"{FAKE}.garbage_parser",
                "hooked": f"{FAKE}.hooked_parser",
                "broken": f"{FAKE}.broken_import",
            }
        )
    )
    settings.PLUGIN_SETTINGS = {"upper": {"skills": ["Shouting"]}}
    yield
    hooked_parser.during_parse = None
    plugins.install(previous)


def parse_url(profile, query: str = "") -> str:
    return profile_url(profile, "parse-resume/") + (f"?{query}" if query else "")


def status_url(profile, query: str = "") -> str:
    return profile_url(profile, "parsing-status/") + (f"?{query}" if query else "")


def upload_resume(client: ApiClient, profile, content: bytes = RESUME, name: str = "cv.txt"):
    response = client.patch(
        profile_url(profile), {"resume_file": upload(name, content)}, multipart=True
    )
    assert response.status_code == 200, response.content
    return response


def stored(profile) -> CandidateProfile:
    return CandidateProfile.objects.get(pk=profile.pk)


def queued_run(profile) -> Run:
    """A parse run of the profile's current resume that no worker has taken yet."""
    run, created = start_run("parse_resume", profile, input_hash=stored(profile).resume_sha256)
    assert created
    return run


@pytest.fixture
def uploaded(candidate, candidate_api):
    """The candidate's resume uploaded, its parse not started yet (the upload's run removed)."""
    upload_resume(candidate_api, candidate)
    Run.objects.filter(kind="parse_resume").delete()
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_data=None, resume_text="")
    return stored(candidate)


# --- the whole flow -----------------------------------------------------------------------------


def test_parse_resume_with_file_answers_202_then_status_parsed_with_resume_data(
    candidate, candidate_api
):
    response = candidate_api.post(
        parse_url(candidate), {"resume_file": upload("cv.txt", RESUME)}, multipart=True
    )

    assert response.status_code == 202, response.content
    run = latest_run("parse_resume", candidate)
    assert response.json() == {
        "detail": "Parsing started.",
        "parsing_status": "parsing",
        "task_id": run.task_id,
    }
    status = candidate_api.get(status_url(candidate, "include_resume=true"))
    assert status.status_code == 200, status.content
    body = status.json()
    assert {
        key: value for key, value in body.items() if key not in ("updated_at", "resume_data")
    } == {
        "parsing_status": "parsed",
        "progress": 100,
        "has_resume_data": True,
        "resume_file_exists": True,
        "error": None,
        "disclosure_warnings": [],
    }
    personal = body["resume_data"]["personal_info"]
    assert {key: personal[key] for key in PARSED_ADA} == PARSED_ADA
    assert body["resume_data"]["skills"] == ["Python", "SQL"]
    profile = stored(candidate)
    # Stored as ranking and search read it: no name, e-mail address or phone number.
    assert profile.resume_text.split() == ["Skills", "Python,", "SQL"]
    assert profile.resume_terms["skill:python"] == 1
    assert (run.kind, Run.objects.get(pk=run.pk).plugin) == ("parse_resume", "resume_parser")


def test_profile_patch_with_resume_starts_parsing_by_itself(candidate, candidate_api):
    response = upload_resume(candidate_api, candidate)

    assert response.json()["parsing_status"] == "parsing"
    detail = candidate_api.get(profile_url(candidate)).json()
    assert (detail["parsing_status"], detail["resume_data"]["skills"]) == (
        "parsed",
        ["Python", "SQL"],
    )


def test_profile_post_with_resume_starts_parsing_by_itself(user, user_api):
    response = user_api.post(PROFILES, {"resume_file": upload("cv.txt", RESUME)}, multipart=True)

    assert response.status_code == 201, response.content
    assert response.json()["parsing_status"] == "parsing"
    slug = response.json()["slug"]
    assert user_api.get(status_url(slug)).json()["parsing_status"] == "parsed"


def test_parse_resume_with_cookie_and_csrf_is_202(candidate):
    client = ApiClient()
    client.login(candidate.user.email)
    client.token = None  # the access_token cookie alone

    response = client.post(
        parse_url(candidate), {"resume_file": upload("cv.txt", RESUME)}, multipart=True, csrf=True
    )

    assert response.status_code == 202, response.content
    assert client.get(status_url(candidate)).json()["parsing_status"] == "parsed"


def test_parse_resume_with_cookie_without_csrf_is_403(candidate, candidate_api):
    upload_resume(candidate_api, candidate)
    client = ApiClient()
    client.login(candidate.user.email)
    client.token = None

    response = client.post(parse_url(candidate))

    assert response.status_code == 403, response.content
    assert Run.objects.filter(kind="parse_resume").count() == 1  # the upload's only


# --- idempotency --------------------------------------------------------------------------------


def test_parse_resume_while_queued_answers_the_same_task_every_call(uploaded, candidate_api):
    run = queued_run(uploaded)

    answers = [candidate_api.post(parse_url(uploaded)) for _ in range(3)]

    assert [(a.status_code, a.json()) for a in answers] == [
        (
            202,
            {
                "detail": "The resume is being parsed.",
                "parsing_status": "parsing",
                "task_id": run.task_id,
            },
        )
    ] * 3
    assert Run.objects.filter(kind="parse_resume").count() == 1


def test_parsing_status_while_queued_is_parsing(uploaded, candidate_api):
    queued_run(uploaded)

    body = candidate_api.get(status_url(uploaded)).json()

    assert (body["parsing_status"], body["progress"], body["error"]) == ("parsing", 0, None)
    assert "resume_data" not in body


def test_parsing_status_read_as_a_parse_ends_never_shows_parsed_without_its_data(
    uploaded, candidate_api, monkeypatch
):
    """The worker stores the data, then marks the run succeeded; a poll that read the profile
    just before that still answers the data with `parsed`."""
    run = queued_run(uploaded)
    data = {"summary": "Stored by the worker.", "skills": ["Python"]}
    read_state = parsing.parsing_state

    def worker_finishes_between_the_reads(profile):
        CandidateProfile.objects.filter(pk=profile.pk).update(resume_data=data)
        Run.objects.filter(pk=run.pk).update(status="succeeded", progress=100)
        return read_state(profile)

    monkeypatch.setattr(parsing, "parsing_state", worker_finishes_between_the_reads)

    body = candidate_api.get(status_url(uploaded, "include_resume=true")).json()

    assert (body["parsing_status"], body["has_resume_data"], body["resume_data"]) == (
        "parsed",
        True,
        data,
    )


def test_parse_resume_once_parsed_answers_200_with_resume_data(candidate, candidate_api):
    upload_resume(candidate_api, candidate)

    response = candidate_api.post(parse_url(candidate))

    assert response.status_code == 200, response.content
    assert response.json() == {
        "parsing_status": "parsed",
        "resume_data": stored(candidate).resume_data,
    }
    assert response.json()["resume_data"]["skills"] == ["Python", "SQL"]
    assert Run.objects.filter(kind="parse_resume").count() == 1


def test_parse_resume_force_starts_a_new_run(candidate, candidate_api):
    upload_resume(candidate_api, candidate)
    first = latest_run("parse_resume", candidate)

    response = candidate_api.post(parse_url(candidate, "force=true"))

    assert response.status_code == 202, response.content
    second = latest_run("parse_resume", candidate)
    assert (response.json()["task_id"], second.status) == (second.task_id, "succeeded")
    assert second.pk != first.pk


def test_parse_resume_force_while_queued_replaces_the_run(uploaded, candidate_api):
    run = queued_run(uploaded)

    response = candidate_api.post(parse_url(uploaded, "force=true"))

    assert response.status_code == 202, response.content
    assert response.json()["task_id"] != run.task_id
    assert Run.objects.get(pk=run.pk).status == "failed"
    assert candidate_api.get(status_url(uploaded)).json()["parsing_status"] == "parsed"


def test_parse_resume_after_a_failed_parse_starts_again(candidate, candidate_api):
    upload_resume(candidate_api, candidate, PDF, "cv.pdf")  # a PDF with no text: fails
    failed = latest_run("parse_resume", candidate)

    response = candidate_api.post(parse_url(candidate))

    assert (response.status_code, failed.status) == (202, "failed")
    assert response.json()["task_id"] != failed.task_id


# --- status -------------------------------------------------------------------------------------


def test_parsing_status_without_resume_is_not_parsed(candidate, candidate_api):
    response = candidate_api.get(status_url(candidate, "include_resume=true"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "parsing_status": "not_parsed",
        "progress": 0,
        "has_resume_data": False,
        "resume_file_exists": False,
        "error": None,
        "updated_at": body["updated_at"],
        "resume_data": None,
        "disclosure_warnings": [],
    }


def test_new_resume_has_no_run_of_its_own_and_reads_not_parsed(uploaded, candidate_api):
    response = candidate_api.get(status_url(uploaded))

    assert (response.json()["parsing_status"], response.json()["resume_file_exists"]) == (
        "not_parsed",
        True,
    )


def test_profile_list_shows_each_profile_parsing_status(
    candidate, candidate_api, other_candidate, employer_api
):
    upload_resume(candidate_api, candidate)

    listed = employer_api.get(PROFILES).json()

    assert [(p["slug"], p["parsing_status"]) for p in listed] == [
        (candidate.slug, "parsed"),
        (other_candidate.slug, "not_parsed"),
    ]


def test_parse_of_an_unreadable_pdf_fails_with_the_reason(candidate, candidate_api):
    upload_resume(candidate_api, candidate, PDF, "cv.pdf")

    body = candidate_api.get(status_url(candidate)).json()

    assert (body["parsing_status"], body["error"], body["has_resume_data"]) == (
        "failed",
        "This PDF contains no text; upload a PDF exported from your editor.",
        False,
    )


# --- who may ------------------------------------------------------------------------------------


def test_parse_resume_without_resume_is_400(candidate, candidate_api):
    response = candidate_api.post(parse_url(candidate))

    assert response.status_code == 400, response.content
    assert response.json() == {
        "detail": "This profile has no resume to parse; upload one as `resume_file`."
    }
    assert Run.objects.count() == 0


def test_parse_resume_of_another_candidate_is_404(uploaded, other_candidate_api):
    response = other_candidate_api.post(parse_url(uploaded))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert other_candidate_api.get(status_url(uploaded)).json() == NOT_FOUND
    assert Run.objects.count() == 0


def test_parse_resume_by_employer_who_sees_the_profile_is_403(uploaded, employer_api):
    response = employer_api.post(parse_url(uploaded))

    assert response.status_code == 403, response.content
    assert Run.objects.count() == 0


def test_parsing_status_by_employer_who_sees_the_profile_is_200(
    candidate, candidate_api, employer_api
):
    upload_resume(candidate_api, candidate)

    body = employer_api.get(status_url(candidate)).json()

    assert (body["parsing_status"], body["has_resume_data"]) == ("parsed", True)


def test_parse_resume_and_status_anonymous_are_401(uploaded, api):
    answers = [api.post(parse_url(uploaded)), api.get(status_url(uploaded))]

    assert [(a.status_code, a.json()) for a in answers] == [(401, NOT_PROVIDED)] * 2


# --- plugins ------------------------------------------------------------------------------------


def test_parse_resume_unknown_plugin_is_400(uploaded, candidate_api, parser_plugins):
    response = candidate_api.post(parse_url(uploaded, "plugin=acme"))

    assert response.status_code == 400, response.content
    assert response.json() == {
        "plugin": [
            "No installed plugin named 'acme' provides parse_resume; available: "
            "garbage, hooked, raising, resume_parser, upper."
        ]
    }
    assert Run.objects.count() == 0


def test_third_party_parser_chosen_by_setting_overrides_the_result(
    candidate, candidate_api, settings, parser_plugins
):
    settings.RESUME_PARSER_PLUGIN = "upper"

    upload_resume(candidate_api, candidate)

    data = candidate_api.get(status_url(candidate, "include_resume=true")).json()["resume_data"]
    assert (data["summary"], data["skills"]) == (RESUME.decode().upper(), ["Shouting"])
    run = latest_run("parse_resume", candidate)
    assert (run.status, run.plugin, run.plugin_version) == ("succeeded", "upper", "2.1.0")


def test_parse_resume_plugin_param_picks_the_parser(candidate, candidate_api, parser_plugins):
    upload_resume(candidate_api, candidate)  # the built-in parses it first

    response = candidate_api.post(parse_url(candidate, "plugin=upper"))

    assert response.status_code == 202, response.content
    assert stored(candidate).resume_data["summary"] == RESUME.decode().upper()
    assert latest_run("parse_resume", candidate).plugin == "upper"


@pytest.mark.parametrize(
    ("plugin", "error"),
    [
        (
            "raising",
            "The resume parser (raising) failed on this file. Try again later, or upload the "
            "resume in another format (PDF, DOCX or plain text).",
        ),
        (
            "garbage",
            "The resume parser (garbage) returned no usable result. Ask an administrator to "
            "check the parser plugin.",
        ),
    ],
)
def test_failing_parser_fails_the_run_and_keeps_the_previous_resume_data(
    candidate, candidate_api, settings, parser_plugins, plugin, error
):
    upload_resume(candidate_api, candidate)  # parsed by the built-in
    before = stored(candidate)
    settings.RESUME_PARSER_PLUGIN = plugin

    response = candidate_api.post(parse_url(candidate, "force=true"))

    assert response.status_code == 202, response.content
    body = candidate_api.get(status_url(candidate)).json()
    assert (body["parsing_status"], body["error"], body["has_resume_data"]) == (
        "failed",
        error,
        True,
    )
    after = stored(candidate)
    assert (after.resume_data, after.resume_text, after.resume_terms) == (
        before.resume_data,
        before.resume_text,
        before.resume_terms,
    )
    # The worker carries on: the next parse, by the built-in, succeeds.
    settings.RESUME_PARSER_PLUGIN = "resume_parser"
    candidate_api.post(parse_url(candidate, "force=true"))
    assert candidate_api.get(status_url(candidate)).json()["parsing_status"] == "parsed"


def test_resume_replaced_during_a_parse_does_not_get_the_old_data(
    candidate, candidate_api, settings, parser_plugins
):
    settings.RESUME_PARSER_PLUGIN = "hooked"

    def replace_resume(document):
        hooked_parser.during_parse = None  # only the first parse is interrupted
        # Another request replaced the resume meanwhile (and committed).
        CandidateProfile.objects.filter(pk=candidate.pk).update(
            resume_sha256="0" * 64, resume_data=None, resume_text=""
        )

    hooked_parser.during_parse = replace_resume

    upload_resume(candidate_api, candidate)

    profile = stored(candidate)
    assert (profile.resume_data, profile.resume_text) == (None, "")
    run = latest_run("parse_resume", candidate)
    assert (run.status, run.error) == (
        "failed",
        "The resume was replaced while it was being parsed; the new one is parsed instead.",
    )


def test_new_upload_during_a_parse_replaces_the_run_and_only_the_new_resume_is_stored(
    candidate, candidate_api, settings, parser_plugins
):
    settings.RESUME_PARSER_PLUGIN = "hooked"
    newer = ApiClient()
    newer.token = candidate_api.token

    def upload_newer(document):
        hooked_parser.during_parse = None
        upload_resume(newer, candidate, NEWER_RESUME, "newer.txt")

    hooked_parser.during_parse = upload_newer

    upload_resume(candidate_api, candidate)

    profile = stored(candidate)
    assert profile.resume_data["summary"] == NEWER_RESUME.decode()
    # The newer resume's text, stored without its e-mail address.
    assert profile.resume_text.split()[-2:] == ["Skills", "Mathematics"]
    assert "ada.king" not in profile.resume_text
    first, second = Run.objects.filter(kind="parse_resume").order_by("pk")
    assert (first.status, first.error, second.status) == (
        "failed",
        "A newer start replaced this run.",
        "succeeded",
    )
    assert candidate_api.get(status_url(candidate)).json()["parsing_status"] == "parsed"


def test_migration_0004_scrubs_the_resume_text_earlier_parses_stored(candidate):
    """Text stored before parses scrubbed it loses its contact details and names, once."""
    migration = importlib.import_module("apps.candidates.migrations.0004_scrubbed_resume_text")
    candidate.user.first_name, candidate.user.last_name = "Ada", "Lovelace"
    candidate.user.save()
    CandidateProfile.objects.filter(pk=candidate.pk).update(
        resume_text=RESUME.decode(),
        resume_data={"personal_info": {"full_name": "Augusta Ada King"}, "skills": ["Python"]},
    )

    migration.scrub_stored_text(django_apps, None)

    text = stored(candidate).resume_text
    assert text.split() == ["Skills", "Python,", "SQL"]
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_text="Augusta King, Python")
    migration.scrub_stored_text(django_apps, None)
    assert stored(candidate).resume_text.split() == [",", "Python"]
