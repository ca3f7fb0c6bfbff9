"""Settings for Mùa, read from the environment (see the table in README.md)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_rq",
    "core",
    "accounts",
    "calendars",
    "campaigns",
    "content",
    "dispatch",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# People see Asia/Ho_Chi_Minh; the database stores UTC.
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "/admin/login/"

# Uploaded files (contact imports). Kept until deleted so an interrupted import can resume from its file.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Queues. With REDIS_URL unset, jobs run in-process through rq's own code path (see core/queues.py);
# `make run` starts an embedded Redis-protocol server and sets REDIS_URL so a real worker runs beside the web.
REDIS_URL = os.environ.get("REDIS_URL", "")
MUA_QUEUES = ("default", "dispatch", "feeds")
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600} for name in MUA_QUEUES
}
RQ_SHOW_ADMIN_LINK = True
# Jobs run in the worker process, not a forked horse per job: see config/workers.py.
RQ = {"WORKER_CLASS": "config.workers.MuaWorker"}

# SMS provider backend: console (prints), locmem (tests), file, twilio.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.jsonl"))
# Twilio: account, token, sender (a Messaging Service SID "MG…" on each blast, or this default one).
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
# Where the client sends API calls: Twilio's own by default; tests and benchmarks use a loopback fake.
TWILIO_API_BASE_URL = os.environ.get("TWILIO_API_BASE_URL", "https://api.twilio.com")
TWILIO_TIMEOUT = float(os.environ.get("TWILIO_TIMEOUT", "10"))
# Seconds Twilio may keep trying a message (0 = Twilio's default); a stale SMS is worse than none.
TWILIO_VALIDITY_PERIOD = int(os.environ.get("TWILIO_VALIDITY_PERIOD", "14400"))
# Public base URL of this site for status callbacks and signature checks ("" = no callbacks).
TWILIO_STATUS_CALLBACK_BASE = os.environ.get("TWILIO_STATUS_CALLBACK_BASE", "")
# The blast engine (dispatch/blasts/engine.py).
SMS_RATE_PER_SECOND = float(os.environ.get("SMS_RATE_PER_SECOND", "100"))  # parts/s per sender, all workers
SMS_RATE_LIMITS: dict[str, float] = {}  # per-sender overrides
SMS_BATCH_SIZE = int(os.environ.get("SMS_BATCH_SIZE", "250"))
SMS_MAX_BATCH_JOBS = int(os.environ.get("SMS_MAX_BATCH_JOBS", "10000"))
SMS_BATCH_JOB_TIMEOUT = int(os.environ.get("SMS_BATCH_JOB_TIMEOUT", "3600"))
# How often a running batch re-reads its blast's state (pause/cancel act within it) and renews its lease.
SMS_STATE_CHECK_SECONDS = float(os.environ.get("SMS_STATE_CHECK_SECONDS", "0.2"))
SMS_LEASE_SECONDS = int(os.environ.get("SMS_LEASE_SECONDS", "120"))
SMS_MAX_ATTEMPTS = int(os.environ.get("SMS_MAX_ATTEMPTS", "3"))
SMS_RETRY_BACKOFF_SECONDS = float(os.environ.get("SMS_RETRY_BACKOFF_SECONDS", "1"))
SMS_ERROR_RATE_WINDOW = 500
SMS_ERROR_RATE_MIN_SAMPLE = int(os.environ.get("SMS_ERROR_RATE_MIN_SAMPLE", "50"))
SMS_ERROR_RATE_PAUSE = float(os.environ.get("SMS_ERROR_RATE_PAUSE", "0.2"))

# SMS text and Vietnam's advertising rules (dispatch/blasts/smstext.py, dispatch/blasts/compliance.py).
# The legal values (07:00-22:00, 3 per 24 h, [QC]/[AD]) are the defaults in dispatch.blasts.compliance.Rules;
# override them (MUA_SMS_SEND_FROM, MUA_SMS_SEND_UNTIL, MUA_SMS_ADVERTISING_CAP, MUA_SMS_ADVERTISING_LABELS,
# MUA_SMS_CATEGORY_RULES, ...) only when the law changes. The price comes from the provider contract.
MUA_SMS_PRICE_PER_PART_VND = int(os.environ.get("MUA_SMS_PRICE_PER_PART_VND", "800"))
# Public opt-out page: submissions per client address per hour.
MUA_OPTOUT_RATE_PER_HOUR = int(os.environ.get("MUA_OPTOUT_RATE_PER_HOUR", "10"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mua@localhost")
# Where people open Mùa (https://mua.example.vn): emails carry absolute links built on it.
MUA_BASE_URL = os.environ.get("MUA_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The twilio client logs every request and its headers at INFO.
        "twilio.http_client": {"level": "WARNING"},
    },
}

# News feeds (content/feeds): timeouts in seconds, a size cap, alerting, and the SSRF guard. Private and
# loopback addresses are refused unless MUA_FEEDS_ALLOW_PRIVATE is on (tests' loopback servers; an
# intranet portal).
MUA_FEED_CONNECT_TIMEOUT = float(os.environ.get("MUA_FEED_CONNECT_TIMEOUT", "10"))
MUA_FEED_READ_TIMEOUT = float(os.environ.get("MUA_FEED_READ_TIMEOUT", "30"))
MUA_FEED_MAX_BYTES = int(os.environ.get("MUA_FEED_MAX_BYTES", str(10 * 1024 * 1024)))
MUA_FEED_ALERT_AFTER = int(os.environ.get("MUA_FEED_ALERT_AFTER", "5"))
MUA_FEEDS_ALLOW_PRIVATE = env_bool("MUA_FEEDS_ALLOW_PRIVATE", False)
