"""The coach and the prompt tasks through the LLM gateway (`context.llm`).

Every call is one chat completion: a system prompt (`system_prompt()`, which adds the rule that
user text is data) holding the instructions and the candidate's data inside `user_data()`
tags, then the thread's history trimmed to the `history_tokens` budget (newest kept, the last
message always), each user message in its own `user_data()` block. The model's reply is the
answer, labelled with the model the gateway reports.

Nothing here catches the gateway's errors: `LLMOffline` is the hook's cue to answer offline,
`LLMTimeout` and `LLMError` go up to the core (504 and 502). An empty reply is an `LLMError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from platform_core.documents import (
    CandidateDocument,
    CoachCandidate,
    CoachMessage,
    JobDocument,
    PromptTask,
)
from platform_core.llm import LLMError, system_prompt, user_data

from . import facts
from .sensitive import without_health_sentences

DEFAULT_HISTORY_TOKENS = 3000
DEFAULT_REPLY_TOKENS = 700
# A rough count that needs no tokenizer: English text averages about four characters a token.
CHARS_PER_TOKEN = 4
# What a message costs besides its text (role and separators).
TOKENS_PER_MESSAGE = 4
# The resume text sent, at most: the records carry the rest, and the prompt stays small.
RESUME_CHARS = 6000
DESCRIPTION_CHARS = 400
MAX_CONTEXT_JOBS = 20

COACH = """\
You are an inclusive career coach on Enabled Talent, a job platform for persons with
disabilities. You talk with one candidate about their own job search: their resume and profile,
skills and skill gaps, interviews, accommodations and disclosure, finding jobs, and pay. Be
warm, respectful and practical; use plain language and short paragraphs or lists; stay under 250 words. Address the
candidate by their first name when you know it. Ground your advice in their profile and in the
open jobs listed below (those fitting their preferences): name the jobs, the skills they ask for
and what the candidate lacks. Never invent jobs, employers, pay figures or facts about the
candidate. You have no salary data: say so and suggest what to research. On accommodations and
disclosure give general guidance: candidates may ask for accommodations when applying, in
interviews and at work; whether, when and how much to disclose is the candidate's choice; the
disclosure setting on their profile decides whether and when employers see their disability and
accommodation details. You do not see those details; never ask for a diagnosis. This is not
legal or medical advice."""

QUESTION = """\
You answer a question about one candidate's resume and profile, given below. Answer only from
that data: say where it shows what is asked (skills, roles, education, projects, certifications,
languages), and say plainly what it does not show. Never guess at anything the data does not
state, and never speculate about disability, health, age, gender, ethnicity or family: such
information is not part of the data. Be brief: a few sentences or a short list."""

ABOUT = """\
Write the "about" summary of one candidate's profile from the data below: two to four sentences
in the impersonal style of a professional profile (no "I", no name), about their work
experience, skills and education. Use only facts in the data. Never mention disability, health,
accommodations or anything personal beyond the work. Answer with the summary only."""

INSIGHT = """\
For an employer, write a short insight on one candidate against the organization's open jobs
listed below: for each job, the candidate's matching skills, missing skills and relevant
experience; then two or three questions to ask the candidate in an interview. Use only the data
given; never speculate about disability, health, age, gender, ethnicity or family. Stay under
200 words."""

TASKS: dict[str, str] = {"question": QUESTION, "about": ABOUT, "insight": INSIGHT}
# What the model is asked for when the task has no question of the user's.
TASK_REQUESTS = {
    "about": "Write the summary.",
    "insight": "Write the insight on this candidate.",
}


@dataclass(frozen=True)
class Options:
    """The plugin's settings for LLM calls (PLUGIN_SETTINGS["career_coach"])."""

    history_tokens: int = DEFAULT_HISTORY_TOKENS
    reply_tokens: int = DEFAULT_REPLY_TOKENS


def options_of(own: Mapping[str, Any]) -> Options:
    """The plugin's settings, checked: each a whole number of at least 1, else ValueError."""
    values = {}
    for name, default in (
        ("history_tokens", DEFAULT_HISTORY_TOKENS),
        ("reply_tokens", DEFAULT_REPLY_TOKENS),
    ):
        value = own.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"PLUGIN_SETTINGS['career_coach']['{name}'] must be a whole number of at least 1,"
                f" not {value!r}."
            )
        values[name] = value
    return Options(**values)


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` is, without a tokenizer."""
    return math.ceil(len(text) / CHARS_PER_TOKEN) + TOKENS_PER_MESSAGE


def trim_history(messages: Sequence[CoachMessage], budget: int) -> list[CoachMessage]:
    """The newest messages whose estimated tokens fit `budget`, oldest first; the last message
    (the question being answered) is always kept, whatever it costs."""
    kept: list[CoachMessage] = []
    used = 0
    for message in reversed(messages):
        cost = estimate_tokens(message.content)
        if kept and used + cost > budget:
            break
        kept.append(message)
        used += cost
    kept.reverse()
    return kept


def coach_reply(
    gateway: Any, candidate: CoachCandidate, messages: Sequence[CoachMessage], options: Options
) -> tuple[str, str]:
    """The coach's reply through the gateway: (text, model)."""
    names = facts.missing_sections(candidate.sections)
    context = "\n".join(
        [
            f"First name: {candidate.first_name.strip() or '(not given)'}",
            "Profile sections not filled in yet: "
            + (", ".join(facts.SECTIONS[name][0] for name in names) or "none"),
            candidate_context(candidate.document),
            jobs_context("Open jobs that fit the candidate's preferences", candidate.open_jobs),
        ]
    )
    system = f"{system_prompt(COACH)}\n\nThe candidate's profile:\n{user_data(context)}"
    return _complete(gateway, system, trim_history(messages, options.history_tokens), options)


def answer_prompt(
    gateway: Any,
    task: PromptTask,
    prompt: str,
    candidate: CandidateDocument,
    jobs: Sequence[JobDocument],
    messages: Sequence[CoachMessage],
    options: Options,
) -> tuple[str, str]:
    """The answer to a prompt task through the gateway: (text, model)."""
    parts = [candidate_context(candidate)]
    if task != "about" and jobs:
        parts.append(jobs_context("The organization's or the candidate's open jobs", jobs))
    system = f"{system_prompt(TASKS[task])}\n\nThe candidate:\n{user_data(chr(10).join(parts))}"
    if task == "question":
        history = [*messages, CoachMessage(role="user", content=prompt)]
        return _complete(gateway, system, trim_history(history, options.history_tokens), options)
    request = [{"role": "user", "content": TASK_REQUESTS[task]}]
    text, model = _send(gateway, [{"role": "system", "content": system}, *request], options)
    if task == "about":
        text = without_health_sentences(text)
        if not text:
            raise LLMError("The language model's summary could not be used.")
    return text, model


def candidate_context(document: CandidateDocument) -> str:
    """The candidate's records as plain lines, for inside a `user_data()` block."""
    lines = [f"Skills: {', '.join(document.skills) or 'none listed'}"]
    lines.append("Work experience:" if document.work_experience else "Work experience: none")
    for record in facts.recent_work(document):
        line = f"- {facts.work_line(record)}"
        if record.location.strip():
            line += f", {record.location.strip()}"
        if record.description.strip():
            line += f": {record.description.strip()[:DESCRIPTION_CHARS]}"
        lines.append(line)
    if document.education:
        lines.append("Education:")
        lines += [f"- {facts.education_line(record)}" for record in document.education]
    if document.projects:
        lines.append("Projects:")
        lines += [
            f"- {p.project_name.strip()}: {p.description.strip()[:DESCRIPTION_CHARS]}"
            for p in document.projects
        ]
    if document.certifications:
        lines.append("Certifications:")
        lines += [
            f"- {c.name.strip()}"
            + (f" ({c.issuing_organization.strip()})" if c.issuing_organization.strip() else "")
            for c in document.certifications
        ]
    if document.achievements:
        lines.append("Achievements:")
        lines += [
            f"- {a.title.strip()}: {a.description.strip()[:DESCRIPTION_CHARS]}"
            for a in document.achievements
        ]
    if document.languages:
        lines.append(f"Languages: {', '.join(document.languages)}")
    lines.append(f"Preferences: {_preferences(document)}")
    if document.summary.strip():
        lines.append(f"Resume summary: {document.summary.strip()[: DESCRIPTION_CHARS * 2]}")
    if document.resume_text.strip():
        lines.append(f"Resume text (first part):\n{document.resume_text.strip()[:RESUME_CHARS]}")
    return "\n".join(lines)


def jobs_context(title: str, jobs: Sequence[JobDocument]) -> str:
    """The jobs as plain lines, for inside a `user_data()` block."""
    if not jobs:
        return f"{title}: none"
    lines = [f"{title}:"]
    for job in jobs[:MAX_CONTEXT_JOBS]:
        terms = [facts.WORK_MODE_NAMES[job.workplace_type], job.job_type]
        if job.location.strip():
            terms.append(job.location.strip())
        if job.visa_required:
            terms.append("work permit required")
        line = f"- {facts.job_label(job)} ({', '.join(terms)}); skills: {', '.join(job.skills) or 'none listed'}"
        if job.description.strip():
            line += f"; description: {job.description.strip()[:DESCRIPTION_CHARS]}"
        lines.append(line)
    return "\n".join(lines)


def _preferences(document: CandidateDocument) -> str:
    preferences = document.preferences
    parts = [
        "work modes "
        + (", ".join(facts.WORK_MODE_NAMES[m] for m in preferences.work_modes) or "any"),
        "employment types " + (", ".join(preferences.employment_types) or "any"),
        f"location {preferences.location.strip() or 'not given'}",
        "willing to relocate" if preferences.willing_to_relocate else "not relocating",
        "has a work permit" if preferences.has_workvisa else "no work permit stated",
    ]
    return "; ".join(parts)


def _complete(
    gateway: Any, system: str, history: Sequence[CoachMessage], options: Options
) -> tuple[str, str]:
    conversation = [{"role": "system", "content": system}]
    for message in history:
        if message.role == "user":
            conversation.append({"role": "user", "content": user_data(message.content)})
        else:
            conversation.append({"role": "assistant", "content": message.content})
    return _send(gateway, conversation, options)


def _send(gateway: Any, conversation: list[dict[str, str]], options: Options) -> tuple[str, str]:
    reply = gateway.complete(conversation, max_tokens=options.reply_tokens)
    text = reply.text.strip()
    if not text:
        raise LLMError("The language model gave an empty answer.")
    return text, reply.model
