"""The hooks a plugin of Enabled Talent can implement: the plugin author's manual.

A plugin is a module that the entry-point group `enabled_talent.plugins` names, with functions
marked `@hookimpl` (`from platform_core import hookimpl`) and named exactly as a hook below.
docs/plugin_hooks.md says the same with examples; a misspelled hook name stops the plugin from
loading (see `PluginManager.check_pending`).

Every hook receives `context` first: a `platform_core.plugins.PluginContext` with
- `settings`: a read-only mapping of this plugin's own settings (`PLUGIN_SETTINGS[<name>]`),
- `logger`: a logger named `plugins.<name>`,
- `llm`: the LLM gateway (platform_core/llm.py), or None when no model is configured.
An implementation may accept any subset of a hook's arguments, in any order (pluggy passes them
by name), so arguments added to a hook later break no existing plugin.

Two kinds of hooks:
- Provider hooks (`parse_resume`, `rank_candidates`, `search_talent`, `coach_reply`,
  `answer_prompt`) serve one capability. Exactly one plugin is asked: the one the capability's
  setting names (`RESUME_PARSER_PLUGIN`, `RANKING_PLUGIN`, `CAREER_COACH_PLUGIN`), else the
  built-in. Returning None means "not mine / cannot": the caller records that no result came.
- Registry hooks (`register_routers`, `register_skill_aliases`) are called once for every plugin
  that implements them, at start-up; each returns a list (None counts as an empty list).

Plugins receive plain data (pydantic models from platform_core/documents.py) and return plain
data; none of the types carries disability data, demographics or photos.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

from platform_core import PROJECT_NAME

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ninja import Router

    from platform_core.documents import (
        CandidateDocument,
        CoachCandidate,
        CoachMessage,
        CoachReply,
        JobDocument,
        ParsedResume,
        PromptAnswer,
        PromptTask,
        RankedCandidate,
        ResumeDocument,
    )
    from platform_core.plugins import PluginContext

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# -------------------------------------------------------------------------------------------------
# Resume parsing (capability `resume_parser`, setting RESUME_PARSER_PLUGIN)
# -------------------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def parse_resume(context: PluginContext, document: ResumeDocument) -> ParsedResume | None:
    """Extract the text and the structured `resume_data` of an uploaded resume.

    Called in the background task of a parse run: after a resume is uploaded (profile POST or
    PATCH) and on `POST /api/candidates/profiles/{slug}/parse-resume/`. Only the plugin chosen by
    `RESUME_PARSER_PLUGIN` (default: the built-in `resume_parser`) is called.

    :param context: the plugin's context (settings, logger, llm).
    :param document: the file as uploaded: `filename`, `extension` (`pdf`, `docx` or `txt`, from
        the file's content, not its name) and `content` (the bytes, at most 10 MB).
    :return: a `ParsedResume` (`text`, `resume_data` in contract §7's shape, `term_counts`), or
        None when this plugin cannot parse the document (the run then fails with a message and the
        profile keeps its previous `resume_data`). Raise `platform_core.documents.ResumeParseError`
        with a message a person can act on ("This PDF is encrypted...") for a file that cannot be
        read; any other exception fails the run with a generic message.

    Stops at first non-None result.
    """


# -------------------------------------------------------------------------------------------------
# Ranking (capability `ranking`, setting RANKING_PLUGIN)
# -------------------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def rank_candidates(
    context: PluginContext, job: JobDocument, candidates: list[CandidateDocument]
) -> list[RankedCandidate] | None:
    """Score the applicants of a job, best first, with the reasons for each score.

    Called in the background task of a ranking run (`POST /api/channels/jobs/{id}/rank-candidates/`),
    once per run, with every current applicant; and by the talent-search agent
    (`POST /api/channels/agent/`) with a `JobDocument` built from the employer's words (`id` 0)
    and the candidates the employer may see that match its filters. Only the plugin chosen by the
    request's `plugin`, else `RANKING_PLUGIN`, else the built-in `ranking`, is called.

    :param context: the plugin's context (settings, logger, llm).
    :param job: the job as a `JobDocument` (title, description, skills, location, workplace type,
        job type, visa, and its term counts tokenised as resumes are).
    :param candidates: the applicants as `CandidateDocument`s (candidate profile id, skills, work
        experience, education, other records, the parsed resume's text and stored term counts,
        preferences). They carry no names, emails, phones, photos, demographics or disability
        data: ranking is disability-blind by construction. May be empty.
    :return: a list of `RankedCandidate` (`candidate_id`, `score` 0-100, `reasons`, `breakdown`),
        exactly one per candidate, best first; or None when this plugin cannot rank this job (the
        run fails with a message and the last good ranking stays readable). Text in resumes is
        data, never instructions: a resume that tells the ranker what to do gains nothing.

    Stops at first non-None result.
    """


# -------------------------------------------------------------------------------------------------
# Career coach (capability `career_coach`, setting CAREER_COACH_PLUGIN)
# -------------------------------------------------------------------------------------------------


@hookspec(firstresult=True)
def search_talent(
    context: PluginContext, query: str, candidates: list[Any], limit: int
) -> list[Any] | None:
    """Answer an employer's talent search in plain language ("a React developer near Toronto").

    Called by no endpoint of this version: `POST /api/channels/agent/` reads the query without an
    LLM and scores the candidates it narrowed with `rank_candidates` (docs/domain-rules.md,
    "Talent-search agent"). The hook is declared so that a plugin implementing it loads and is
    listed; when the agent asks it, it will be once per query, after the core has narrowed
    `candidates` to the profiles the employer may see and that match the query's filters.

    :param context: the plugin's context (settings, logger, llm).
    :param query: the employer's words, as data: never instructions to the plugin.
    :param candidates: the visible candidates as `CandidateDocument`s (no disability data,
        demographics, names, emails or photos).
    :param limit: the most results to return.
    :return: a list of `TalentMatch` (`candidate_id`, `score`, `reason`), best first, at most
        `limit`; or None when this plugin cannot answer (the endpoint falls back to keyword search).

    Stops at first non-None result.
    """


@hookspec(firstresult=True)
def coach_reply(
    context: PluginContext, candidate: CoachCandidate, messages: list[CoachMessage]
) -> CoachReply | None:
    """Write the career coach's next message in a candidate's coaching thread.

    Called on `POST /api/candidates/career-coach/`, once per message the candidate sends, in the
    task path with a timeout (platform_core/calls.py). Only the plugin `CAREER_COACH_PLUGIN`
    names (default the built-in `career_coach`) is asked.

    :param context: the plugin's context (settings, logger, llm: None when no model is set, and
        the plugin then answers offline, from the candidate's own data).
    :param candidate: the candidate's own view of themself as a `CoachCandidate`: first name,
        the ranking view of their records and preferences, which profile sections are
        filled in, and the open jobs that fit their preferences. It carries no disability data,
        accommodations or disclosure preference.
    :param messages: the thread so far, oldest first, as `CoachMessage`s (`role` "user" or
        "coach"); the last one is the candidate's new message. Its text is data, not
        instructions: delimit it with `platform_core.llm.user_data` in a prompt.
    :return: a `CoachReply` (`content`, `model`: the LLM model or `"offline"`), or None when this
        plugin cannot answer (the endpoint answers 502). An `LLMTimeout` or `LLMError` raised here
        becomes 504 or 502 JSON; the candidate's message stays in the thread.

    Stops at first non-None result.
    """


@hookspec(firstresult=True)
def answer_prompt(
    context: PluginContext,
    task: PromptTask,
    prompt: str,
    candidate: CandidateDocument,
    jobs: list[JobDocument],
    messages: list[CoachMessage],
) -> PromptAnswer | None:
    """Answer one request about a candidate: a question about their resume, their generated
    "about", or an employer's insight on them (`task` is "question", "about" or "insight").

    Called on `POST /api/candidates/prompt/`, `POST /api/candidates/test/generate-about/` and
    `/api/organization/test/candidate-insight/{id}/`, once per request, in the task path with a
    timeout, after the core has decided that the caller may see the candidate. The provider is
    the plugin `CAREER_COACH_PLUGIN` names.

    :param context: the plugin's context (settings, logger, llm).
    :param task: "question", "about" or "insight" (see `platform_core.documents.PromptTask`).
    :param prompt: the caller's question ("" for "about" and "insight"), as data.
    :param candidate: the candidate as a `CandidateDocument`: no names, contact details,
        demographics, photos or disability data, whoever asks.
    :param jobs: for "insight", the organization's open jobs; for "question" asked by an
        employer, the organization's open jobs; otherwise the open jobs that fit the candidate's
        preferences (at most 20 in every case).
    :param messages: the thread's earlier messages, oldest first ("question" only; else empty).
    :return: a `PromptAnswer` (`answer`, `model`), or None when this plugin cannot answer (502).

    Stops at first non-None result.
    """


# -------------------------------------------------------------------------------------------------
# Registries (every implementing plugin is called; each returns a list)
# -------------------------------------------------------------------------------------------------


@hookspec
def register_routers(context: PluginContext) -> list[tuple[str, Router]] | None:
    """Add endpoints to the API.

    Called once at start-up, when `platform_core/api.py` builds the one NinjaAPI, after every
    app's router is mounted. Each router is mounted under `/api/plugins/<plugin name>/<prefix>`,
    so a plugin can never shadow a core endpoint. Build new `ninja.Router` objects inside the hook:
    a router can be mounted only once.

    :param context: the plugin's context (settings, logger, llm).
    :return: a list of `(prefix, router)` pairs (`("runs/", Router())`; `""` for the plugin's
        root), or None for none. A pair that is not a `(str, Router)` is logged and skipped.
    """


@hookspec
def register_skill_aliases(context: PluginContext) -> list[Mapping[str, str]] | None:
    """Teach the skill vocabulary other spellings of a skill ("k8s" is "Kubernetes").

    Called once, the first time the merged aliases are needed (resume parsing, skill matching).

    :param context: the plugin's context (settings, logger, llm).
    :return: a list of mappings from an alias to its canonical skill name, or None for none.
        Aliases compare case-insensitively; when two plugins map one alias differently, the first
        plugin by name wins and the conflict is logged.
    """
