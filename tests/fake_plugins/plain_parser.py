"""A stand-in for the built-in resume parser: the text as it is, no structure. No `__version__`,
so the listing shows its distribution's version."""

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeData


@hookimpl
def parse_resume(document):
    return ParsedResume(text=document.content.decode("utf-8", "replace"), resume_data=ResumeData())
