"""Development and the embedded default: SQLite, SqliteHuey, local files, console email."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)


def _generated_dev_key() -> str:
    """A random key made once per checkout and kept in var/, so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="") or _generated_dev_key()
NINJA_JWT["SIGNING_KEY"] = SECRET_KEY  # noqa: F405
