"""A working third-party-style plugin: parses any resume as its text in capitals, names its skills
from its own setting, adds a router and a skill alias. It imports only `platform_core`."""

from ninja import Router

from platform_core import hookimpl
from platform_core.documents import ParsedResume, ResumeData

__version__ = "2.1.0"


@hookimpl
def parse_resume(context, document):
    text = document.content.decode("utf-8", "replace").upper()
    skills = list(context.settings.get("skills", []))
    context.logger.info("upper_parser parsed %s", document.filename)
    return ParsedResume(text=text, resume_data=ResumeData(summary=text, skills=skills))


@hookimpl
def rank_candidates(job, candidates):
    # An implementation may take a subset of the hook's arguments (here without `context`).
    return [
        {"candidate_id": candidate["id"], "score": 50, "job": job["title"]}
        for candidate in candidates
    ]


@hookimpl
def register_routers(context):
    router = Router(tags=["upper_parser"])

    @router.get("echo/", auth=None)
    def echo(request):
        return {"plugin": "upper_parser", "greeting": context.settings.get("greeting", "hello")}

    return [("tools/", router)]


@hookimpl
def register_skill_aliases():
    return [{"k8s": "Kubernetes", "JS": "JavaScript"}]
