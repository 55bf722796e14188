"""Every environment variable Enlace reads, declared once, typed, with its default."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]
PROFILES = ("local", "demo", "production")


def _str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer") from exc


PROFILE = _str("ENLACE_PROFILE", "local")
if PROFILE not in PROFILES:
    raise ImproperlyConfigured(f"ENLACE_PROFILE must be one of {', '.join(PROFILES)}")
IS_PRODUCTION = PROFILE == "production"

VAR_DIR = Path(_str("ENLACE_VAR_DIR", str(BASE_DIR / "var")))

# DEBUG is off unless the demo profile (or the operator) turns it on.
DEBUG = _bool("DEBUG", PROFILE == "demo")

DATABASE_URL = _str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'enlace.sqlite3'}")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", [] if IS_PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", [])
REDIS_URL = _str("REDIS_URL", "")
TASKS_BACKEND = _str("ENLACE_TASKS_BACKEND", "db")  # db | rq | immediate
EMAIL_URL = _str("EMAIL_URL", "console")
SESSION_IDLE_SECONDS = _int("ENLACE_SESSION_IDLE_SECONDS", 2 * 60 * 60)
# Reverse proxies in front of Enlace that append to X-Forwarded-For: production assumes one
# (as its SECURE_PROXY_SSL_HEADER does), so that login rate limits see the client, not the proxy.
TRUSTED_PROXY_COUNT = _int("ENLACE_TRUSTED_PROXY_COUNT", 1 if IS_PRODUCTION else 0)
MEDIA_ROOT = Path(_str("ENLACE_MEDIA_ROOT", str(VAR_DIR / "media")))
# The public address of this installation, e.g. https://enlace.example.org: printed on
# certificates (with a QR code) so that anyone can open the verification page.
BASE_URL = _str("ENLACE_BASE_URL", "").rstrip("/")


def secret_key() -> str:
    """A production secret is mandatory; elsewhere one is made once and kept in var/."""
    value = os.environ.get("SECRET_KEY", "")
    if value:
        return value
    if IS_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the production profile")
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key
