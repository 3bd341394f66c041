from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "apps.candidates"
    label = "candidates"
    verbose_name = "Candidates"
    api_prefixes = ("/candidates/",)

    def ready(self):
        from platform_core.runs import register_handler

        from . import signals  # noqa: F401
        from .parsing import KIND, parse_resume_run

        # Runs of kind "parse_resume" (started on upload and by parse-resume/) are done here.
        register_handler(KIND, parse_resume_run)
