"""Production settings: `check --deploy` is clean with the defaults, HTTPS enforcement can be
turned off by environment, weak keys and undelivering email backends are refused, and the public
API docs can be turned off. `check --deploy` and the docs run in a fresh process with their own
environment; the settings module alone is re-imported in process."""

import importlib
import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = secrets.token_urlsafe(50)
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.prod",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "api.example.com",
}
NO_ISSUES = "System check identified no issues (0 silenced).\n"


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    """Run our interpreter in the project root with only `env` (plus PATH) set."""
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _check_deploy(**overrides: str) -> subprocess.CompletedProcess:
    return _run(
        {**PROD_ENV, **overrides}, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )


def test_check_deploy_with_production_defaults_has_no_issues():
    done = _check_deploy()

    assert (done.returncode, done.stdout) == (0, NO_ISSUES), done.stderr
    assert "WARNINGS" not in done.stderr


def test_check_deploy_https_enforcement_off_by_environment_warns():
    done = _check_deploy(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0")

    assert done.returncode != 0
    assert "security.W004" in done.stderr  # HSTS
    assert "security.W008" in done.stderr  # SSL redirect


# Variables the cases below set; cleared first so the outer environment cannot leak in.
PROD_VARIABLES = [
    "SECRET_KEY",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


@pytest.fixture
def load_prod(monkeypatch):
    """Import a fresh `settings.prod` (and the `settings.base` it reads) under the given
    environment, then put the modules back; the running Django settings are not touched."""
    package = importlib.import_module("settings")

    def load(**env: str):
        for name in PROD_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in {**PROD_ENV, **env}.items():
            monkeypatch.setenv(name, value)
        saved = {name: sys.modules.get(name) for name in ("settings.base", "settings.prod")}
        for name in saved:
            sys.modules.pop(name, None)
        try:
            return importlib.import_module("settings.prod")
        finally:
            for name, module in saved.items():
                sys.modules.pop(name, None)
                attribute = name.rpartition(".")[2]
                if module is None:
                    vars(package).pop(attribute, None)
                else:
                    sys.modules[name] = module
                    setattr(package, attribute, module)

    return load


def test_prod_settings_https_enforced_by_default(load_prod):
    prod = load_prod()

    assert prod.SECURE_SSL_REDIRECT is True
    assert prod.SECURE_HSTS_SECONDS == 31_536_000
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert prod.SECURE_HSTS_PRELOAD is True
    assert prod.SECURE_REDIRECT_EXEMPT == [r"^api/health/?$"]


def test_prod_settings_https_enforcement_follows_environment(load_prod):
    prod = load_prod(
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
    )

    assert prod.SECURE_SSL_REDIRECT is False
    assert prod.SECURE_HSTS_SECONDS == 3600
    assert prod.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert prod.SECURE_HSTS_PRELOAD is False


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "SECRET_KEY must be set in production."),
        (STRONG_KEY[:49], "SECRET_KEY is too weak for production"),
        ("abcd" * 20, "SECRET_KEY is too weak for production"),
        ("django-insecure-" + STRONG_KEY, "SECRET_KEY is too weak for production"),
    ],
    ids=["missing", "49-chars", "4-unique-chars", "django-insecure"],
)
def test_prod_settings_weak_secret_key_refused(load_prod, key, reason):
    with pytest.raises(ImproperlyConfigured) as refused:
        load_prod(SECRET_KEY=key)

    assert str(refused.value).startswith(reason)


def test_prod_settings_fifty_varied_chars_accepted(load_prod):
    key = ("abcde" * 10)[:50]

    prod = load_prod(SECRET_KEY=key)

    assert (prod.SECRET_KEY, prod.NINJA_JWT["SIGNING_KEY"]) == (key, key)


@pytest.mark.parametrize("backend", ["console", "locmem", "dummy"])
def test_prod_settings_undelivering_email_backend_refused(load_prod, backend):
    path = f"django.core.mail.backends.{backend}.EmailBackend"

    with pytest.raises(ImproperlyConfigured) as refused:
        load_prod(EMAIL_BACKEND=path)

    assert str(refused.value) == (
        f"EMAIL_BACKEND {path!r} delivers no email; production needs a real one "
        "(django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST etc.)."
    )


def test_prod_settings_default_email_backend_is_smtp(load_prod):
    prod = load_prod()

    assert prod.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"


DOCS_PROBE = """
import django, json
django.setup()
from django.test import Client
client = Client()
print(json.dumps([
    [client.get(path).status_code, client.get(path)["Content-Type"].split(";")[0]]
    for path in ("/api/docs", "/api/openapi.json")
]))
"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, [[200, "text/html"], [200, "application/json"]]),
        ("false", [[404, "application/json"], [404, "application/json"]]),
    ],
    ids=["default", "off"],
)
def test_api_docs_follow_setting(value, expected):
    env = {"DJANGO_SETTINGS_MODULE": "settings.test"}
    if value is not None:
        env["API_DOCS_ENABLED"] = value

    done = _run(env, "-c", DOCS_PROBE)

    assert json.loads(done.stdout) == expected, done.stderr


OPTIONS_PROBE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}), sort_keys=True))"
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"prepare_threshold": 2, "server_side_binding": True}),
        ({"DB_PREPARE_THRESHOLD": "5"}, {"prepare_threshold": 5, "server_side_binding": True}),
        ({"DB_PREPARED_STATEMENTS": "false"}, {}),
    ],
    ids=["default", "threshold", "off"],
)
def test_postgresql_prepares_statements_unless_turned_off(overrides, expected):
    """Read from the settings alone: no connection is made."""
    env = {**PROD_ENV, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", **overrides}
    done = _run(env, "-c", OPTIONS_PROBE)
    assert json.loads(done.stdout) == expected, done.stderr


def test_sqlite_has_no_prepared_statement_options():
    done = _run(
        {**PROD_ENV, "DATABASE_URL": "sqlite:////tmp/etapi-options.sqlite3"}, "-c", OPTIONS_PROBE
    )
    options = json.loads(done.stdout)
    assert "server_side_binding" not in options and "prepare_threshold" not in options, done.stderr
