from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    api_prefixes = ("/channels/",)

    def ready(self):
        from apps.candidates.disclosure import register_application_stages

        from . import signals  # noqa: F401
        from .services import OrganizationApplications

        # Tell the candidates app which stages applications to an organization reached.
        register_application_stages(OrganizationApplications())
