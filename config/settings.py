"""Settings for Mùa, read from the environment (see the table in README.md)."""

import os
from datetime import timedelta
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


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value.strip() == "" else int(value)


# Off unless asked for: `make run`, .ci/run and the tests (tests/settings.py) set DEBUG=true explicitly.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# HTTPS, behind a TLS-terminating proxy in production (docs/security.md lists the production env).
# MUA_HTTPS=true turns every one of these on with safe values; each may still be set on its own.
MUA_HTTPS = env_bool("MUA_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", MUA_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if MUA_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", MUA_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", MUA_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", MUA_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", MUA_HTTPS)
# The header a trusted TLS proxy sets to say the request came over HTTPS (e.g. X-Forwarded-Proto). Unset:
# no header is trusted (a client could forge it).
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    # core first: its 403/404/500 pages and layout are the project's.
    "core",
    # django.contrib.admin, with the operators-only site as `admin.site` (accounts/operators.py).
    "accounts.admin_apps.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Serves the API docs' own Swagger UI files (ninja/static), never a CDN.
    "ninja",
    "django_rq",
    "axes",
    "accounts",
    "calendars",
    "campaigns",
    "content",
    "dispatch",
    "reports",
    "plan",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself (admin, API docs, pages) with DEBUG off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.textguard.RefuseUnsafeTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                # The layout's user, organisation, unread count and role-aware menu.
                "accounts.context_processors.shell",
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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Compressed, content-hashed files after `collectstatic` (WhiteNoise serves them with far-future caching).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy: only this origin's own scripts, styles, images and fonts; no inline script or
# style (the pages' one script and one stylesheet are static files in core/static/), no framing, forms post
# back here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Failed sign-ins are counted per user name and, separately, per client address (django-axes, in the
# database so every process sees them); past the limit both the right and wrong password are refused with
# a Vietnamese message until the cool-off ends. A successful sign-in resets the user's count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("MUA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MUA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Mùa's own sign-in for every role; the admin's sign-in admits operators only.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

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

# Every API list: limit 1..1000, offset within PostgreSQL's bigint (core/pagination.py).
NINJA_PAGINATION_CLASS = "core.pagination.BoundedLimitOffsetPagination"

# The cache (throttles such as the public opt-out page's limit) is shared by every process through Redis
# when REDIS_URL is set, under its own key prefix beside the queues; without Redis, per-process memory.
MUA_CACHE_KEY_PREFIX = os.environ.get("MUA_CACHE_KEY_PREFIX", "mua-cache")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CACHES["default"]["KEY_PREFIX"] = MUA_CACHE_KEY_PREFIX
# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). Empty: the client
# address is the connection's own (REMOTE_ADDR) and X-Forwarded-For is ignored, as a client can forge it.
MUA_TRUSTED_PROXIES = env_list("MUA_TRUSTED_PROXIES", "")
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
# The blast engine (dispatch/blasts/engine/, docs/sms-engine.md).
SMS_RATE_PER_SECOND = float(os.environ.get("SMS_RATE_PER_SECOND", "100"))  # parts/s per sender, all workers
SMS_RATE_LIMITS: dict[str, float] = {}  # per-sender overrides
# Rows a queued batch job stands for (jobs queued = due rows / this); a job claims at least this many, in
# steps of min(SMS_BATCH_SIZE, 4 x SMS_CONCURRENCY) while its sends are in flight (docs/sms-engine.md).
SMS_BATCH_SIZE = int(os.environ.get("SMS_BATCH_SIZE", "1000"))
# A batch job claims SMS_BATCH_SIZE more rows whenever its pool is about to run dry, for up to this long;
# then it ends and the next queued job (maybe another blast's) gets the worker. 0 = one claim per job.
SMS_BATCH_SECONDS = float(os.environ.get("SMS_BATCH_SECONDS", "30"))
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
# Sends in flight at once per batch (threads around the blocking twilio client, each with its own
# keep-alive connection). 64 keeps ~300 msg/s going against a provider 200 ms away.
SMS_CONCURRENCY = int(os.environ.get("SMS_CONCURRENCY", "64"))
# Throttling (429 / Twilio 20429) never consumes an attempt: the message waits Retry-After (or about
# SMS_THROTTLE_RETRY_SECONDS, jittered) and the sender's shared rate is cut (at most once per
# SMS_THROTTLE_COOLDOWN_SECONDS, not below SMS_THROTTLE_MIN_FRACTION of its limit) in proportion to the
# share of 429s among recent answers, down to SMS_THROTTLE_BACKOFF x the rate when every answer is a 429;
# it recovers by SMS_THROTTLE_RECOVERY of its limit per second (docs/sms-engine.md).
SMS_THROTTLE_RETRY_SECONDS = float(os.environ.get("SMS_THROTTLE_RETRY_SECONDS", "1"))
SMS_THROTTLE_BACKOFF = float(os.environ.get("SMS_THROTTLE_BACKOFF", "0.5"))
SMS_THROTTLE_COOLDOWN_SECONDS = float(os.environ.get("SMS_THROTTLE_COOLDOWN_SECONDS", "1"))
SMS_THROTTLE_RECOVERY = float(os.environ.get("SMS_THROTTLE_RECOVERY", "0.1"))
SMS_THROTTLE_MIN_FRACTION = float(os.environ.get("SMS_THROTTLE_MIN_FRACTION", "0.05"))

# Prometheus metrics (dispatch/blasts/metrics.py): /metrics answers a bearer METRICS_TOKEN or an address in
# METRICS_ALLOWED_IPS (comma-separated addresses/networks); with neither it is 404. Workers export
# through PROMETHEUS_MULTIPROC_DIR (read by prometheus-client itself) or serve their own from
# METRICS_WORKER_PORT (the first free port from it).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = [n.strip() for n in os.environ.get("METRICS_ALLOWED_IPS", "").split(",") if n.strip()]
METRICS_WORKER_PORT = int(os.environ.get("METRICS_WORKER_PORT", "0"))
METRICS_WORKER_ADDR = os.environ.get("METRICS_WORKER_ADDR", "127.0.0.1")

# SMS text and Vietnam's advertising rules (dispatch/blasts/smstext.py, dispatch/compliance.py).
# The legal values (07:00-22:00, 3 per 24 h, [QC]/[AD]) are the defaults in dispatch.compliance.Rules;
# override them (MUA_SMS_SEND_FROM, MUA_SMS_SEND_UNTIL, MUA_SMS_ADVERTISING_CAP, MUA_SMS_ADVERTISING_LABELS,
# MUA_SMS_CATEGORY_RULES, ...) only when the law changes. The price comes from the provider contract.
MUA_SMS_PRICE_PER_PART_VND = int(os.environ.get("MUA_SMS_PRICE_PER_PART_VND", "800"))
# Public opt-out page: submissions per client address per hour.
MUA_OPTOUT_RATE_PER_HOUR = int(os.environ.get("MUA_OPTOUT_RATE_PER_HOUR", "10"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mua@localhost")
# SMTP, when EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend (docs/configuration.md#emails).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Where people open Mùa (https://mua.example.vn): emails carry absolute links built on it. The dev server's
# address by default with DEBUG on; in production it must be set (`check --deploy` fails: accounts.E001).
MUA_BASE_URL = os.environ.get("MUA_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "")

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

# Uploads (issue 13): a request body larger than its kind's cap is refused from Content-Length before a
# byte is read (core/uploads.py); Django's own caps bound the form fields and keep files past 2.5 MB on
# disk, not in memory, while they are parsed.
MUA_UPLOAD_MAX_BYTES = {
    "contacts": int(os.environ.get("MUA_UPLOAD_MAX_CONTACTS_BYTES", str(64 * 1024 * 1024))),
    "reports": int(os.environ.get("MUA_UPLOAD_MAX_REPORTS_BYTES", str(2 * 1024 * 1024))),
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file form fields (Django's default, stated on purpose)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files are spooled to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
