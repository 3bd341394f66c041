"""The resume parser's hook implementations: a few lines each, delegating to `parser`."""

from __future__ import annotations

from typing import Any

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeDocument

from . import parser


@hookimpl
def parse_resume(context: Any, document: ResumeDocument) -> ParsedResume | None:
    """Parse the resume with the rule-based parser, using every plugin's skill aliases."""
    from platform_core.plugins import get_manager

    aliases = tuple(sorted(get_manager().skill_aliases().items()))
    return parser.parse(document, extra_skills=aliases)
