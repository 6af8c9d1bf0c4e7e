"""Settings for daihoi.

The embedded default is SQLite in a data folder (a congress-hall laptop with no internet);
DAIHOI_DATABASE_URL switches to PostgreSQL (the provincial or national server).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DAIHOI_DATA_DIR", Path.cwd() / "daihoi-data")).resolve()


def _secret_key() -> str:
    """A per-installation secret kept in the data folder, created on first use."""
    if key := os.environ.get("DAIHOI_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    from django.core.management.utils import get_random_secret_key

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DAIHOI_DEBUG", "") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DAIHOI_ALLOWED_HOSTS", "*").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "daihoi.core",
    "daihoi.organizations",
    "daihoi.congresses",
    "daihoi.delegates",
    "daihoi.elections",
    "daihoi.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "daihoi.core.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "daihoi.config.urls"
WSGI_APPLICATION = "daihoi.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]


# --- Databases -------------------------------------------------------------------------
# SQLite pragmas run on every new connection (init_command); IMMEDIATE transactions take
# the write lock at BEGIN so that two writers never deadlock on a read→write upgrade
# (the audit chain reads its head and appends in one transaction).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA busy_timeout=10000;"
)


def _database() -> dict[str, object]:
    url = os.environ.get("DAIHOI_DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config.setdefault("TEST", {})
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "daihoi.sqlite3",
        "OPTIONS": {
            "init_command": SQLITE_PRAGMAS,
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
        },
        "TEST": {"NAME": os.environ.get("DAIHOI_TEST_SQLITE_NAME")},
        # Keep each server thread's connection: reopening it runs the pragmas and re-reads
        # the schema on every request (bench/entry.py: about a quarter of a ballot entry).
        "CONN_MAX_AGE": 600,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, passwords, sessions ------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"
# A session ends 8 hours after login (one congress day) or after 30 idle minutes.
SESSION_COOKIE_AGE = 8 * 3600
DAIHOI_IDLE_TIMEOUT_SECONDS = int(os.environ.get("DAIHOI_IDLE_TIMEOUT_SECONDS", 30 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Login throttling: after this many failures for one username (or one address) within the
# window, further attempts are refused until the window has passed.
DAIHOI_LOGIN_MAX_FAILURES = 5
DAIHOI_LOGIN_WINDOW_SECONDS = 15 * 60

# --- Language, time, numbers -----------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, every {{ number }} in a template is grouped, so ids, ballot
# sequence numbers and form values of 1,000 or more would render "1.391" and break links and
# forms. Numbers shown to people are grouped explicitly with |intcomma (locale-aware:
# 1.234 in Vietnamese) or core.formatting.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["daihoi.config.formats"]

# --- Static files: vendored, served by the app itself (no web server on a laptop) -----
STATIC_URL = "/static/"

# --- Uploads ----------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DAIHOI_IMPORT_MAX_BYTES = 20 * 1024 * 1024

# --- Background jobs (daihoi/core/jobs.py, docs/decisions/0010-background-jobs.md) ----------
# Result files of jobs (generated reports) live here, each under its job's id.
DAIHOI_JOBS_DIR = Path(os.environ.get("DAIHOI_JOBS_DIR", DATA_DIR / "jobs"))
DAIHOI_JOB_PROGRESS_SECONDS = 0.5  # a job's row is written at most this often
DAIHOI_JOB_HEARTBEAT_SECONDS = 10  # a running job's worker says it is alive this often
DAIHOI_JOB_STALE_SECONDS = 120  # a running job not heard of for this long was interrupted
DAIHOI_JOB_FILES_DAYS = 30  # a finished job's result file is kept this long
DAIHOI_PENDING_IMPORT_DAYS = 7  # an uploaded file waits this long for its confirmation
# Work this big runs as a job with a progress bar; smaller work answers at once.
DAIHOI_JOB_IMPORT_ROWS = int(os.environ.get("DAIHOI_JOB_IMPORT_ROWS", 2000))
DAIHOI_JOB_REPORT_UNITS = int(os.environ.get("DAIHOI_JOB_REPORT_UNITS", 5000))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DAIHOI_LOG_LEVEL", "WARNING")},
}
# WhiteNoise serves the vendored assets straight from the apps' static folders, so a
# laptop needs no collectstatic step and no separate web server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
