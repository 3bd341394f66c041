from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "apps.organizations"
    label = "organizations"
    verbose_name = "Organizations"
    api_prefixes = ("/organization/",)

    def ready(self):
        from . import signals  # noqa: F401
