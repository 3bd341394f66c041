from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data (`python manage.py demo`): no models, no routes."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "Demo data"
