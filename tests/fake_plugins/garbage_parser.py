"""A parser plugin that answers garbage: a plain dict instead of a ParsedResume."""

from platform_core import hookimpl


@hookimpl
def parse_resume(context, document):
    return {"text": "not a ParsedResume", "resume_data": "nonsense"}
