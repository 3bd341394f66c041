"""Optional LLM refinement of the rule-based `resume_data`, through the gateway only.

`refine(data, text, gateway)` asks the model for contract §7's `resume_data` (validated against
`ResumeData`) from the resume text, sent as data (`user_data()`, `system_prompt()`), and merges
the answer conservatively into the rule-based result:

- only empty fields and empty lists are filled; nothing the rules found is replaced (an email or
  phone the rules found is never swapped for another one);
- every value taken must be written in the resume (an email, phone, name, company, URL appears in
  the text; a summary or description shares almost all of its words with it); skills not present
  in the text are dropped, and known ones take the vocabulary's name;
- a location is taken only from the header lines, and never a list of known skills;
- dates must read `YYYY-MM-DD` (`YYYY-MM`, `YYYY` are completed), language levels must be one of
  the contract's, else they are left empty.

On any failure (offline, timeout, provider error, invalid JSON, validation error, or a bug here)
the rule-based result is returned unchanged and one log line says why. Pure: no Django, no
settings; the caller passes the gateway (`context.llm`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from platform_core.documents import (
    PersonalInfo,
    ResumeData,
)
from platform_core.llm import LLMError, LLMOffline, system_prompt, user_data

from .contact import EMAIL, GITHUB, LINKEDIN, could_be_location, find_phone
from .sections import split_sections
from .skills import matcher

log = logging.getLogger(__name__)

MAX_PROMPT_CHARS = 12_000  # a resume's first pages; the model's context and the wait stay small
MAX_REPLY_TOKENS = 3000
# Seconds per request: twice this (the gateway re-asks once) must fit the client's 30 s window.
DEFAULT_TIMEOUT = 12.0
MAX_ITEMS = 30
MAX_SKILLS = 100
_SHORT = 300  # longest short field (a name, a role, a URL) taken from the model
_LONG = 5000  # longest summary or description taken from the model
_LEVELS = frozenset({"", "basic", "intermediate", "advanced", "native"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD = re.compile(r"[^\W_]+")

INSTRUCTIONS = """\
You read one resume and return its contents as JSON (the resume_data object described below).
Copy values exactly as the resume writes them: do not invent, guess, translate or improve
anything. Leave a field empty ("", null or []) when the resume does not state it. skills is a list
of skill names written in the resume. Dates are YYYY-MM-DD (day 01 when only a month is written,
month 01 when only a year is). Language levels are basic, intermediate, advanced, native or ""."""

Grounded = Callable[[str], bool]


def refine(
    data: ResumeData,
    text: str,
    gateway: Any,
    *,
    logger: logging.Logger | None = None,
    timeout: float | None = None,
    mock_response: str | None = None,
) -> ResumeData:
    """`data` completed from the model's reading of `text`, or `data` itself when there is no
    gateway (offline: no call) or anything fails. `mock_response` is litellm's (tests)."""
    logger = logger or log
    if gateway is None or not getattr(gateway, "available", False):
        return data
    messages = [
        {"role": "system", "content": system_prompt(INSTRUCTIONS)},
        {"role": "user", "content": user_data(text[:MAX_PROMPT_CHARS])},
    ]
    try:
        reply = gateway.complete(
            messages,
            schema=ResumeData,
            timeout=timeout,
            max_tokens=MAX_REPLY_TOKENS,
            temperature=0,
            mock_response=mock_response,
        )
        if not isinstance(reply.data, ResumeData):
            raise LLMError("The language model's answer was not in the expected form.")
        merged, filled = merge(data, reply.data, text)
    except LLMOffline:
        return data
    except Exception as exc:  # LLMError, LLMTimeout, ValueError, ValidationError, a bug here
        # The LLM step is an optional improvement: it must never cost the candidate the parse.
        logger.warning(
            "LLM refinement of the resume failed (%s: %.200s); the rule-based result stands",
            type(exc).__name__,
            exc,
        )
        return data
    logger.info("LLM refinement filled: %s", ", ".join(filled) or "nothing")
    return merged


def merge(rules: ResumeData, model: ResumeData, text: str) -> tuple[ResumeData, list[str]]:
    """The rule-based `rules` with empty places filled from `model` where `text` supports it;
    and the names of what was filled."""
    grounded = _grounder(text)
    filled: list[str] = []
    merged = rules.model_copy(deep=True)
    merged.personal_info = _personal_info(rules.personal_info, model.personal_info, text, filled)
    if not merged.summary and _mostly_in(model.summary, text):
        merged.summary = model.summary.strip()[:_LONG]
        filled.append("summary")
    added = _extra_skills(rules.skills, model.skills, grounded)
    if added:
        merged.skills = [*rules.skills, *added][:MAX_SKILLS]
        filled.append(f"skills (+{len(added)})")
    for name, key in _LISTS.items():
        if getattr(rules, name):
            continue  # the rules found entries: they stand as they are
        items = [
            item
            for item in (_item(raw, key, grounded, text) for raw in getattr(model, name))
            if item is not None
        ][:MAX_ITEMS]
        if items:
            setattr(merged, name, items)
            filled.append(f"{name} ({len(items)})")
    return merged, filled


# The key field of each list's items: an item is taken only when it is written in the resume.
_LISTS = {
    "work_experience": "company",
    "education": "institution",
    "projects": "project_name",
    "certifications": "name",
    "languages": "language",
    "achievements": "title",
}


def _personal_info(
    rules: PersonalInfo, model: PersonalInfo, text: str, filled: list[str]
) -> PersonalInfo:
    info = rules.model_copy()
    grounded = _grounder(text)
    checks: dict[str, Callable[[str], str]] = {
        "email": lambda value: value.lower() if EMAIL.fullmatch(value) and grounded(value) else "",
        "phone": lambda value: value if grounded(value) and find_phone([value]) else "",
        "linkedin_url": lambda value: _url(value, grounded, LINKEDIN),
        "github_url": lambda value: _url(value, grounded, GITHUB),
        "portfolio_url": lambda value: _url(value, grounded, None),
        "location": lambda value: _location(value, text),
    }
    for name, check in checks.items():
        value = getattr(model, name).strip()
        if not getattr(rules, name) and value and len(value) <= _SHORT and check(value):
            setattr(info, name, check(value))
            filled.append(f"personal_info.{name}")
    if not rules.full_name and _name_ok(model.full_name, grounded):
        tokens = model.full_name.split()
        info.full_name = " ".join(tokens)
        info.first_name = tokens[0]
        info.last_name = " ".join(tokens[1:])
        filled.append("personal_info.full_name")
    return info


def _name_ok(name: str, grounded: Grounded) -> bool:
    tokens = name.split()
    return 2 <= len(tokens) <= 5 and len(name) <= 100 and all(grounded(t) for t in tokens)


def _url(value: str, grounded: Grounded, shape: re.Pattern[str] | None) -> str:
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", value.strip(), flags=re.IGNORECASE).rstrip("/")
    if not bare or " " in bare or "@" in bare or not grounded(bare):
        return ""
    if shape is not None and not shape.search(value):
        return ""
    return value if re.match(r"https?://", value, re.IGNORECASE) else f"https://{value}"


def _location(value: str, text: str) -> str:
    """The model's location when a header line contains it and it could be one: short, no
    contact details, not a title, not a list of known skills (never from inside a section)."""
    if len(value) > 60 or len(value.split()) > 6 or re.search(r"@|https?:|www\.|\d{6}", value):
        return ""
    if not could_be_location(value):
        return ""
    header = _grounder(
        "\n".join(
            line
            for section in split_sections(text.splitlines())
            if section.kind in ("header", "contact")
            for line in section.lines
        )
    )
    return value if header(value) else ""


def _extra_skills(rules: list[str], model: list[str], grounded: Grounded) -> list[str]:
    """The model's skills that are written in the text and not found by the rules, under the
    vocabulary's name when it knows them."""
    known = {name.lower() for name in rules}
    vocabulary = matcher()
    added: list[str] = []
    for raw in model:
        skill = " ".join(raw.split()).strip(" .,;")
        if not 1 <= len(skill) <= 50 or len(skill.split()) > 5 or not grounded(skill):
            continue
        spans = vocabulary.spans(skill, in_skills_section=True)
        if len(spans) == 1 and spans[0][:2] == (0, len(skill)):
            skill = spans[0][2]
        if skill.lower() not in known:
            known.add(skill.lower())
            added.append(skill)
    return added


def _item(raw: BaseModel, key: str, grounded: Grounded, text: str) -> BaseModel | None:
    """`raw` with every value checked against the text, or None when its key field is not in
    the resume."""
    if not getattr(raw, key).strip() or not grounded(getattr(raw, key)):
        return None
    values: dict[str, Any] = {}
    for name, value in raw.model_dump().items():
        if name.endswith("_date"):
            values[name] = _date(value)
        elif name in ("speaking", "reading", "writing"):
            values[name] = value.strip().lower() if value.strip().lower() in _LEVELS else ""
        elif name == "description":
            values[name] = value.strip()[:_LONG] if _mostly_in(value, text) else ""
        elif name in ("url", "credential_url"):
            values[name] = _url(value, grounded, None) if value.strip() else ""
        elif isinstance(value, str):
            value = " ".join(value.split())
            values[name] = value if len(value) <= _SHORT and grounded(value) else ""
        else:
            values[name] = value  # booleans: current, is_current
    return type(raw).model_validate(values)


def _date(value: str | None) -> str | None:
    match = _DATE.match((value or "").strip())
    if not match or not 1950 <= int(match.group(1)) <= 2100:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def _grounder(text: str) -> Grounded:
    """A test that a value is written in `text` (case and spacing aside, on word boundaries);
    the empty string counts as written."""
    haystack = " ".join(text.split()).lower()

    def grounded(value: str) -> bool:
        needle = " ".join(value.split()).lower()
        if not needle:
            return True
        pattern = rf"(?<![^\W_]){re.escape(needle)}(?![^\W_])"
        return re.search(pattern, haystack) is not None

    return grounded


def _mostly_in(value: str, text: str) -> bool:
    """At least 90 % of the words of `value` (a summary, a description) appear in `text`: the
    model may join lines, not write its own sentences."""
    words = [word.lower() for word in _WORD.findall(value)]
    if not words:
        return False
    vocabulary = {word.lower() for word in _WORD.findall(text)}
    return sum(word in vocabulary for word in words) >= 0.9 * len(words)
