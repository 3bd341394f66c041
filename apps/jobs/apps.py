from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    api_prefixes = ("/channels/",)

    def ready(self):
        from apps.candidates.disclosure import register_application_stages
        from platform_core.runs import register_handler

        from . import signals  # noqa: F401
        from .ranking import KIND, rank_candidates_run
        from .services import OrganizationApplications

        # Tell the candidates app which stages applications to an organization reached.
        register_application_stages(OrganizationApplications())

        # Runs of kind "rank_candidates" (started by rank-candidates/) are done here.
        register_handler(KIND, rank_candidates_run)
