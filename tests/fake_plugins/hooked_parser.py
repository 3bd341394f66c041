"""A parser plugin that calls `during_parse(document)` (set by a test) while it parses, so a test
can change the world mid-parse (replace the resume), then answers the resume's text as summary."""

from collections.abc import Callable

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeData

during_parse: Callable | None = None


@hookimpl
def parse_resume(context, document):
    if during_parse is not None:
        during_parse(document)
    text = document.content.decode("utf-8", "replace")
    return ParsedResume(text=text, resume_data=ResumeData(summary=text))
