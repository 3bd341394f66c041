"""A plugin that is also a Django app: the settings add its package to INSTALLED_APPS."""

from django.apps import AppConfig


class AppPluginConfig(AppConfig):
    name = "tests.fake_plugins.app_plugin"
