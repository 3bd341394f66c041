from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "apps.candidates"
    label = "candidates"
    verbose_name = "Candidates"
    api_prefixes = ("/candidates/",)

    def ready(self):
        from . import signals  # noqa: F401
