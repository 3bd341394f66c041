"""Settings of the reference app: one Bearer-authenticated endpoint on the benchmark's database
server, with persistent connections like the API's, and nothing else (no middleware)."""

import os
from datetime import timedelta

import environ

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "ninja_jwt"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "reference.urls"
DATABASES = {"default": environ.Env.db_url_config(os.environ["REFERENCE_DATABASE_URL"])}
DATABASES["default"]["CONN_MAX_AGE"] = 60
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The benchmark mints one token for the whole run (the default lifetime is 5 minutes).
NINJA_JWT = {"SIGNING_KEY": SECRET_KEY, "ACCESS_TOKEN_LIFETIME": timedelta(hours=12)}
