from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    # The seed serves every auth endpoint under both prefixes.
    api_prefixes = ("/auth/", "/users/")

    def ready(self):
        from . import signals  # noqa: F401
