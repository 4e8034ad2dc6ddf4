"""Lidhja settings: one module, driven by environment variables (see README, "Configuration")."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lidhja import env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env.string("LIDHJA_DATA_DIR", str(PACKAGE_DIR.parents[1] / "var"))).resolve()
# The data folder holds the database, private files and keys: its owner's alone (core.private).
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    configured = env.raw("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env.boolean("DEBUG", False)
ALLOWED_HOSTS = env.csv_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.csv_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "lidhja.core",
    "lidhja.audit",
    "lidhja.organisations",
    "lidhja.accounts",
    "lidhja.plans",
    "lidhja.monitoring",
    "lidhja.indicators",
    "lidhja.resources",
    "lidhja.evaluation",
    "lidhja.cases",
    "lidhja.exchange",
    "lidhja.justice",
    "lidhja.publication",
    "lidhja.trainings",
    "lidhja.helpline",
    "lidhja.regional",
    "lidhja.coordination",
    "lidhja.campaigns",
    "knox",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "lidhja.core.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lidhja.audit.middleware.RequestContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lidhja.accounts.middleware.SecondFactorRequiredMiddleware",
    "lidhja.accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lidhja.urls"
WSGI_APPLICATION = "lidhja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lidhja.accounts.context_processors.permissions",
            ],
        },
    },
]

_SQLITE_URL = f"sqlite:///{DATA_DIR / 'lidhja.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env.string("DATABASE_URL", _SQLITE_URL))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front: no "database is locked" half-way
    # through a transaction, and the audit chain head is read and written by one writer.
    # The page cache (32 MB a connection) and the memory map (shared by the workers through
    # the operating system) keep a statistics count of a year from rereading the file for
    # every case it looks up by date: twice as fast at 20,000 cases (bench/national_statistics).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
else:
    # A server database keeps each worker's connection (seconds; 0 closes it after every
    # request) and checks it before reuse, so a restarted database costs no failed request.
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("LIDHJA_DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.integer("LIDHJA_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"


# Sessions end after inactivity and when the browser closes.
SESSION_COOKIE_AGE = env.integer("LIDHJA_SESSION_MINUTES", 30, minimum=1) * 60
# Renewed at most once a minute (lidhja.core.middleware.SessionMiddleware), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
LIDHJA_SESSION_RENEW_SECONDS = env.integer("LIDHJA_SESSION_RENEW_SECONDS", 60, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy (LIDHJA_HTTPS=true): the proxy sets X-Forwarded-Proto and
# X-Forwarded-For; Lidhja must then be reachable only through it (it trusts both headers).
_HTTPS = env.boolean("LIDHJA_HTTPS", False)
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_SECURE = _HTTPS
if _HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The proxy's own health probe may come over plain HTTP on the loopback.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.integer("LIDHJA_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.boolean("LIDHJA_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole domain and its subdomains to HTTPS for browsers'
        # built-in lists, beyond this application: the operator opts in, so its warning
        # (security.W021) is not a defect of the deployment.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Lock-out after repeated failed sign-ins (django-axes), also counting wrong second-factor
# codes. A lock-out holds one user name from one address: failures for one user never lock out
# another user sharing the address (a proxy, an office behind NAT), and, behind the proxy, the
# address is the client's, as the one proxy in front appended it to X-Forwarded-For.
AXES_FAILURE_LIMIT = env.integer("LIDHJA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.integer("LIDHJA_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
if _HTTPS:
    AXES_CLIENT_IP_CALLABLE = "lidhja.accounts.interfaces.addresses.client_address"

# Second factor (django-otp): TOTP apps, with single-use recovery codes. Wrong codes slow down
# each device exponentially (1 s, 2 s, 4 s, ... after consecutive failures).
OTP_TOTP_ISSUER = "Lidhja"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
LIDHJA_RECOVERY_CODES = 10

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sq", _("Albanian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lidhja_language"
TIME_ZONE = env.string("TIME_ZONE", "Europe/Tirane")
USE_I18N = True
FORMAT_MODULE_PATH = ["lidhja.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Serve straight from the installed packages when `collectstatic` has not run (tests, a first
# start); hashed file names are used once it has.
WHITENOISE_USE_FINDERS = True

API_PAGE_SIZE = 100
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "lidhja.core.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "EXCEPTION_HANDLER": "lidhja.core.errors.api_exception_handler",
}
# Background tasks (long documents): queued in the database and run by `lidhja db_worker`
# (started by `make run`; more workers may run on other machines). `immediate` runs each task
# inside the request that asks for it (no worker needed; the request waits).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASK_BACKEND = env.string("LIDHJA_TASKS", "database")
if _TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"LIDHJA_TASKS must be one of {', '.join(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASK_BACKEND], "QUEUES": ["default"]}}
# Helper processes that lay out a long PDF's later parts (lidhja.core.pdf); 0: none.
LIDHJA_PDF_PROCESSES = env.integer("LIDHJA_PDF_PROCESSES", 1, minimum=0)

# The largest `limit` an API list takes; a larger one answers 400.
LIDHJA_API_MAX_LIMIT = env.integer("LIDHJA_API_MAX_LIMIT", 1000, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Lidhja API",
    "DESCRIPTION": "Action Plan registry, monitoring and the National Referral Mechanism.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The registry of organisations: its kinds (also the kind of a class's members) and levels.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "lidhja.organisations.models.organisation.Kind",
        "OrganisationLevelEnum": "lidhja.organisations.models.organisation.Level",
        "QarkEnum": "lidhja.organisations.models.organisation.Qark",
        "AssessmentStatusEnum": "lidhja.regional.models.assessment.AssessmentStatus",
        "MeetingStatusEnum": "lidhja.coordination.models.meetings.MeetingStatus",
        "DecisionStatusEnum": "lidhja.coordination.models.meetings.DecisionStatus",
        "CampaignStatusEnum": "lidhja.campaigns.models.choices.CampaignStatus",
        "ReachStatusEnum": "lidhja.campaigns.models.choices.ReachStatus",
        # Trainings: the target group (also a counted participant's function) and the roster's
        # functions, named apart from the campaigns' target groups.
        "TrainingTargetGroupEnum": "lidhja.trainings.models.choices.TargetGroup",
        "RosterFunctionEnum": "lidhja.trainings.models.choices.RosterFunction",
    },
}

# Logs carry no request bodies and no personal data: only what went wrong and where.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # PDF and chart libraries narrate every step; only their errors matter.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "matplotlib": {"level": "ERROR"},
    },
}

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "lidhja@localhost")

# Uploaded files (evidence): outside the web root, sent only through permission-checked views.
LIDHJA_PRIVATE_FILES = Path(env.string("LIDHJA_PRIVATE_FILES", str(DATA_DIR / "files")))
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
LIDHJA_EVIDENCE_MAX_BYTES = env.integer("LIDHJA_EVIDENCE_MAX_MB", 10, minimum=1) * 1024 * 1024
# Spreadsheets and plan files (bulk reports, plan import): refused above this size before they
# are read, and read no further than this many rows or this much unpacked content, so a small
# file that unpacks to millions of rows is refused without being parsed (lidhja.core.uploads).
LIDHJA_UPLOAD_MAX_BYTES = env.integer("LIDHJA_UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024
LIDHJA_UPLOAD_MAX_ROWS = env.integer("LIDHJA_UPLOAD_MAX_ROWS", 50_000, minimum=1)
LIDHJA_UPLOAD_MAX_UNCOMPRESSED_BYTES = (
    env.integer("LIDHJA_UPLOAD_MAX_UNCOMPRESSED_MB", 50, minimum=1) * 1024 * 1024
)

# Progress reports are due this many days after the end of each quarter.
LIDHJA_REPORT_DUE_DAYS = env.integer("LIDHJA_REPORT_DUE_DAYS", 15, minimum=0)

LIDHJA_SEED_PLAN_DIR = PACKAGE_DIR / "plans" / "seed" / "nap-2008-2010"

# National Referral Mechanism. The keyring that seals personal data lives outside the
# database: in the environment (LIDHJA_CASE_KEYRING, or LIDHJA_CASE_KEYRING_FILE naming a file
# to read it from) or in the key file below, which `lidhja setup` creates (mode 0600).
LIDHJA_CASE_KEYRING = env.raw("LIDHJA_CASE_KEYRING") or ""
LIDHJA_CASE_KEYRING_FILE = Path(
    env.string("LIDHJA_CASE_KEYRING_PATH", str(DATA_DIR / "keys" / "case-keyring.json"))
)
LIDHJA_CASE_ATTACHMENT_MAX_BYTES = env.integer("LIDHJA_CASE_ATTACHMENT_MAX_MB", 10, minimum=1) * (
    1024 * 1024
)
# Closed cases are archived (read-only) after this many years; see `lidhja cases archive`.
LIDHJA_CASE_RETENTION_YEARS = env.integer("LIDHJA_CASE_RETENTION_YEARS", 10, minimum=1)
# Aggregates of case statistics hide any cell below this count.
LIDHJA_PUBLICATION_THRESHOLD = env.integer("LIDHJA_PUBLICATION_THRESHOLD", 5, minimum=1)
# Exchange with UNODC and CTDC (lidhja.exchange): the country whose figures Lidhja holds
# (ISO 3166-1 alpha-3, as UNODC keys its data), the k of the k-anonymous CTDC export, and the
# row cap of a reference file (the UNODC file has about 59,000 rows, above the upload cap).
LIDHJA_COUNTRY = env.string("LIDHJA_COUNTRY", "ALB").strip().upper()
if not (len(LIDHJA_COUNTRY) == 3 and LIDHJA_COUNTRY.isascii() and LIDHJA_COUNTRY.isalpha()):
    raise ImproperlyConfigured("LIDHJA_COUNTRY must be an ISO 3166-1 alpha-3 code, e.g. ALB")
LIDHJA_CTDC_K = env.integer("LIDHJA_CTDC_K", 11, minimum=2)
LIDHJA_REFERENCE_MAX_ROWS = env.integer("LIDHJA_REFERENCE_MAX_ROWS", 200_000, minimum=1)
# Personal API tokens (`lidhja token create`): hashed in the database, expiring.
REST_KNOX: dict[str, Any] = {
    "TOKEN_TTL": timedelta(days=env.integer("LIDHJA_API_TOKEN_DAYS", 30, minimum=1)),
    "AUTO_REFRESH": False,
    "TOKEN_PREFIX": "ldh_",
}
# `lidhja token create --days N` refuses a longer lifetime than this.
LIDHJA_API_TOKEN_MAX_DAYS = env.integer("LIDHJA_API_TOKEN_MAX_DAYS", 90, minimum=1)
if REST_KNOX["TOKEN_TTL"].days > LIDHJA_API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("LIDHJA_API_TOKEN_DAYS must not exceed LIDHJA_API_TOKEN_MAX_DAYS")
