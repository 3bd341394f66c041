"""The resume parser's hook implementations: a few lines each, delegating to `parser` (and, with
a model configured, to `refine`), and the vocabulary's aliases for the skill alias registry."""

from __future__ import annotations

from typing import Any

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeDocument

from . import parser, refine, skills


@hookimpl
def parse_resume(context: Any, document: ResumeDocument) -> ParsedResume | None:
    """Parse the resume with the rule-based parser, using every plugin's skill aliases; with
    `context.llm` set (a model configured) and `llm_refine` not turned off in the plugin's
    settings, let the LLM fill what the rules left empty."""
    from platform_core.plugins import get_manager

    aliases = skills.new_aliases(get_manager().skill_aliases())
    parsed = parser.parse(document, extra_skills=aliases)
    llm = getattr(context, "llm", None)
    own = getattr(context, "settings", None) or {}
    if llm is None or not own.get("llm_refine", True):
        return parsed  # offline: no call at all
    data = refine.refine(
        parsed.resume_data,
        parsed.text,
        llm,
        logger=getattr(context, "logger", None),
        timeout=own.get("llm_timeout", refine.DEFAULT_TIMEOUT),
    )
    if data is parsed.resume_data:
        return parsed
    return ParsedResume(
        text=parsed.text, resume_data=data, term_counts=parser.term_counts(parsed.text, data)
    )


@hookimpl
def register_skill_aliases() -> list[dict[str, str]]:
    """The vocabulary's other spellings of its skills, so ranking and search match them too."""
    return [dict(skills.vocabulary_aliases())]
