"""Agency CRM settings: everything configurable comes from the environment (12-factor)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str
from config.topology import (
    AXES_HANDLER,
    SESSION_ENGINE,
    cache_settings,
    instance_name,
    media_storage,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CRM_ENVIRONMENT = env_str("CRM_ENVIRONMENT", "DEV" if DEBUG else "PROD")
CRM_AGENCY_NAME = env_str("CRM_AGENCY_NAME", "Agency CRM")

INSTALLED_APPS = [
    "crm.admin_site.AdminSiteConfig",  # Unfold, with our site (crm/admin_site.py)
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "simple_history",
    "import_export",
    "djmoney",
    "django_fsm",
    "dbbackup",
    "csp",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crm",
    "portal",
    "api",
]

MIDDLEWARE = [
    # Outermost: its response pass runs last, so no view can weaken the framing rule.
    "config.security.DenyFramingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.request_log.RequestLogMiddleware",
    # A NUL in a query string or form field is a 400 for every URL (PostgreSQL refuses it).
    "crm.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: activates the signed-in user's own time zone for the request.
    "crm.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A background job that finished since the last page: its result as a toast (issue 26).
    "crm.job_notices.JobNoticeMiddleware",
    # A redirect answering a dialog's fetch becomes a header the dialog follows (issue 24).
    "crm.middleware.DialogRedirectMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last so it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # crm/templates is also searched first, so its unfold/… files override Unfold's own
        # (app templates alone lose: "unfold" comes before "crm" in INSTALLED_APPS).
        "DIRS": [BASE_DIR / "crm" / "templates"],
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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose *estimated* cost is high. The list annotations
    # (a correlated Sum subquery per row) look expensive to the planner, and with stale
    # statistics JIT spent 0.67 s compiling a 0.1 s query (orders sorted by balance due).
    # Off for this app's connections, as is usual for OLTP work.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "crm.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "crm.auth.EmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# The set-password link in the welcome email is valid for three days (SPEC §5).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# Password-reset requests per address and per client IP within the window (seconds); counted
# in the default cache (per process unless CACHE_URL points at a shared Redis: see README).
CRM_PASSWORD_RESET_PER_EMAIL = env_int("CRM_PASSWORD_RESET_PER_EMAIL", 3)
CRM_PASSWORD_RESET_PER_IP = env_int("CRM_PASSWORD_RESET_PER_IP", 10)
CRM_PASSWORD_RESET_WINDOW = env_int("CRM_PASSWORD_RESET_WINDOW", 3600)

# More than one instance (README "Running more than one instance"): the cache is Redis when
# CACHE_URL is set (else local memory); sessions live in that cache with the database behind
# it (cached_db), so any instance can answer any user; axes keeps its lockouts in the database.
CACHES = cache_settings(os.environ)
SESSION_ENGINE = SESSION_ENGINE
CRM_INSTANCE_NAME = instance_name(os.environ)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True

AXES_HANDLER = AXES_HANDLER  # shared by every instance through the database
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "crm.auth.axes_username"
AXES_LOCKOUT_CALLABLE = "crm.views.auth.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None

LANGUAGE_CODE = "en-us"
# The CRM speaks English only. Listing it keeps Unfold's user menu from building the info of
# Django's ~100 languages on every page (a language switch nobody can use, ~1.5 ms a page).
LANGUAGES = [("en-us", "English")]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("CRM_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    # Private uploads: local directory by default, an S3-compatible bucket when
    # AWS_STORAGE_BUCKET_NAME is set (config.topology.media_storage). No URL serves them.
    "default": media_storage(os.environ, media_root=str(MEDIA_ROOT)),
    "staticfiles": {
        "BACKEND": "config.static_storage.DevStaticStorage"
        if DEBUG
        else "config.static_storage.StaticStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Agency CRM <crm@agency.example>")

CRM_DEFAULT_CURRENCY = env_str("CRM_DEFAULT_CURRENCY", "USD")
CRM_CURRENCIES = env_list("CRM_CURRENCIES", "USD,EUR,GBP")
CURRENCIES = CRM_CURRENCIES
DEFAULT_CURRENCY = CRM_DEFAULT_CURRENCY
# Days after a retainer month starts before an unpaid expected payment counts as overdue.
CRM_RETAINER_GRACE_DAYS = env_int("CRM_RETAINER_GRACE_DAYS", 15)
# The billing run issues a contract period's invoice this many days before the period starts.
CRM_INVOICE_LEAD_DAYS = env_int("CRM_INVOICE_LEAD_DAYS", 7)
# Payment reminders go out this many days after an unpaid invoice's due date (one per step).
CRM_REMINDER_DAYS = [int(days) for days in env_list("CRM_REMINDER_DAYS", "3,10,30")]
CRM_MAX_UPLOAD_MB = env_int("CRM_MAX_UPLOAD_MB", 25)
# Imports through the web page: files over the row cap import on the worker (issue 26); files
# over the byte cap go through `manage.py import_records`.
CRM_IMPORT_MAX_ROWS = env_int("CRM_IMPORT_MAX_ROWS", 5000)
CRM_IMPORT_MAX_BYTES = env_int("CRM_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Files over the row cap (up to CRM_IMPORT_MAX_BYTES) import on the worker; a job with no
# progress for this long is taken for dead and released (crm.services.import_jobs).
CRM_IMPORT_STALE_MINUTES = env_int("CRM_IMPORT_STALE_MINUTES", 30)
# The most rows a background import reads (a small .xlsx can unzip to millions of rows).
CRM_IMPORT_WORKER_MAX_ROWS = env_int("CRM_IMPORT_WORKER_MAX_ROWS", 100_000)
# Every export escapes cells a spreadsheet would run as a formula (crm.resources.formats).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Security headers: always on; the HTTPS-only ones only when DEBUG is off.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
CSRF_COOKIE_HTTPONLY = False  # Django's admin JS does not read it, but htmx forms may.
CSRF_FAILURE_VIEW = "crm.views.refusals.csrf_failure"  # JSON for fetch()/XHR, else a page
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Behind nginx (deploy/nginx.conf) TLS ends at the proxy, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^api/health(/live)?$"]
# Off by default: nginx passes the client's Host header as it is (deploy/nginx.conf). Turn on
# only behind a proxy that rewrites Host and sends the original in X-Forwarded-Host.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

from config.api import (  # noqa: E402, F401
    CRM_WEB_TO_LEAD_RETURN_HOSTS,
    KNOX_TOKEN_MODEL,
    MIGRATION_MODULES,
    REST_FRAMEWORK,
    REST_KNOX,
    SPECTACULAR_SETTINGS,
)
from config.backups import (  # noqa: E402, F401
    BACKUP_GPG_RECIPIENT,
    BACKUP_STORAGE,
    DBBACKUP_CLEANUP_KEEP,
    DBBACKUP_GPG_ALWAYS_TRUST,
    DBBACKUP_GPG_RECIPIENT,
    DBBACKUP_SEND_EMAIL,
)
from config.logging import LOGGING  # noqa: E402, F401
from config.security import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY  # noqa: E402, F401
from config.unfold import UNFOLD  # noqa: E402, F401
from config.worker import *  # noqa: E402, F403

STORAGES["dbbackup"] = BACKUP_STORAGE

# Absolute base URL for links sent by email (welcome / set-password). Unset: the scheme and
# host the request came to (crm.site_url), so `manage.py demo --port 8080` links to :8080; the
# default below is only for links made outside a request.
CRM_SITE_URL_EXPLICIT = bool(env_str("CRM_SITE_URL", "").strip())
CRM_SITE_URL = env_str("CRM_SITE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
