"""Kawal settings: one file, driven by environment variables.

Every variable read here is documented in ``docs/configuration.md`` (a test keeps the two in step).
SQLite under ``KAWAL_DATA_DIR`` is the embedded default; ``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
INSECURE_DEFAULT_KEY = "kawal-insecure-development-key-do-not-use-in-production"


def envbool(name: str, default: bool) -> bool:
    """Read a boolean; anything but a clear yes/no is an error, not a silent default."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def envsecret(name: str, default: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name) or default


DEBUG = envbool("KAWAL_DEBUG", False)
SECRET_KEY = envsecret("KAWAL_SECRET_KEY", INSECURE_DEFAULT_KEY)
if SECRET_KEY == INSECURE_DEFAULT_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "KAWAL_SECRET_KEY is not set. Set a long random value (or KAWAL_SECRET_KEY_FILE), "
        "or KAWAL_DEBUG=true for development only."
    )

DATA_DIR = Path(os.environ.get("KAWAL_DATA_DIR") or Path.cwd() / "kawal-data")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("KAWAL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("KAWAL_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "kawal",
    "kawal.accounts",
    "kawal.regions",
    "kawal.registry",
    "kawal.reports",
    "kawal.intake",
    "kawal.enrolment",
    "kawal.insurer",
    "kawal.contributions",
    "kawal.claims",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kawal.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "kawal.urls"
WSGI_APPLICATION = "kawal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'kawal.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite,
        conn_max_age=envint("KAWAL_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import writes; wait rather than fail on a lock.
    # IMMEDIATE: a transaction takes the write lock when it begins, so one that reads and
    # then writes (an import's commit, the worker's claim) waits for the other process
    # instead of failing with "database is locked" when the other wrote in between.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling: failed attempts per username+address inside the window lock the login out.
KAWAL_LOGIN_MAX_FAILURES = envint("KAWAL_LOGIN_MAX_FAILURES", 5)
KAWAL_LOGIN_LOCKOUT_MINUTES = envint("KAWAL_LOGIN_LOCKOUT_MINUTES", 15)

# Bulk intake: the largest file accepted (also bounds what a zip may expand to), and the
# background queue (a table in the same database; `kawal worker` runs it).
KAWAL_IMPORT_MAX_MB = envint("KAWAL_IMPORT_MAX_MB", 200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TASKS = {
    "default": {
        "BACKEND": os.environ.get("KAWAL_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LANGUAGE_CODE = os.environ.get("KAWAL_LANGUAGE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("KAWAL_TIME_ZONE", "Asia/Makassar")

STATIC_URL = "static/"
# Only needed for `kawal collectstatic` behind a web server; WhiteNoise serves from the apps.
STATIC_ROOT = os.environ.get("KAWAL_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("KAWAL_SESSION_MINUTES", 480) * 60
SESSION_COOKIE_SECURE = envbool("KAWAL_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_nik": {"()": "kawal.logredact.RedactNikFilter"}},
    "formatters": {"server": {"format": "[{asctime}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_nik"]},
        # The development server's access log prints request URLs, and a search URL can hold a NIK.
        "server": {
            "class": "logging.StreamHandler",
            "filters": ["redact_nik"],
            "formatter": "server",
        },
    },
    "loggers": {
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KAWAL_LOG_LEVEL", "INFO")},
}
