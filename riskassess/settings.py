"""riskassess settings: the one settings file, read from the environment.

Every variable is listed in .env.example. Values that would be dangerous when wrong fail loudly
(ImproperlyConfigured) instead of falling back silently.

Embedded defaults (nothing to install by hand): SQLite under var/, and without REDIS_URL a real
Celery worker on kombu's filesystem transport under var/broker/.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A .env file next to manage.py is read if present (never committed; see .env.example).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _bool(name: str, default: bool) -> bool:
    """Strict booleans: 'True' or 'False' only, so a typo cannot switch production to debug."""
    raw = env.str(name, default=str(default))
    if raw not in ("True", "False"):
        raise ImproperlyConfigured(f"{name}={raw!r}: use True or False")
    return raw == "True"


def _secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (docker secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, default=default)


DEBUG = _bool("DJANGO_DEBUG", True)
# With DEBUG on, Django's technical 404/500 pages instead of the app's own (core/error_pages.py).
DEBUG_ERROR_PAGES = _bool("DJANGO_DEBUG_ERROR_PAGES", False)

SECRET_KEY = _secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG=False")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"  # noqa: S105 - debug only

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the hosts; '*' is refused")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "riskassess.core.admin_config.RiskassessAdminConfig",  # django.contrib.admin, coordinators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",  # Content-Security-Policy header
    "django_otp",  # two-factor login (coordinators, approvers)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "axes",  # login lockout
    # riskassess, one app per part of the domain
    "riskassess.core",
    "riskassess.accounts",
    "riskassess.audit",
    "riskassess.suppliers",
    "riskassess.questionnaires",
    "riskassess.scoring",
    "riskassess.reports",
    "riskassess.dashboard",
    "riskassess.console",
    "riskassess.api",
    "riskassess.archive",  # sealed PDF/A-3 copies of the reports, verification
    "riskassess.exchange",  # signed exchange bundles for the NIS Cooperation Group and ENISA
    "riskassess.register",  # the restriction register: versioned legal records
    # Not the product: `manage.py bench` / `generate_eu_dataset` and `manage.py seed_demo` (make run).
    "riskassess.bench",
    "riskassess.demo",
    "riskassess.networks",
    "riskassess.hearings",  # the supplier's right to be heard, the supplier portal and its statements
]

MIDDLEWARE = [
    "riskassess.core.middleware.RequestIdMiddleware",  # first: every log line of the request has its id
    "riskassess.core.middleware.HealthCheckMiddleware",  # /healthz before host checks and HTTPS redirect
    "riskassess.core.middleware.ClientAddressMiddleware",  # REMOTE_ADDR from X-Forwarded-For behind our proxies
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "riskassess.core.middleware.ContentSecurityPolicyMiddleware",  # django-csp's, the plain policy built once
    "riskassess.core.middleware.NoStoreMiddleware",  # no-store on authenticated responses (sets it on the way out)
    "riskassess.core.middleware.ControlCharactersMiddleware",  # NUL and control characters refused at the edge
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # language: cookie, then the browser's Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "riskassess.accounts.middleware.UserLanguageMiddleware",  # a signed-in user's own language wins
    "django.contrib.messages.middleware.MessageMiddleware",
    "riskassess.core.error_pages.BrandedErrorPagesMiddleware",  # our 404/500 pages, also with DEBUG on
    "riskassess.accounts.middleware.SessionLimitsMiddleware",  # 12 h absolute, 30 min idle
    "riskassess.accounts.middleware.OTPRequiredMiddleware",  # coordinators/approvers: TOTP before any page
    "riskassess.accounts.confinement.SupplierConfinementMiddleware",  # supplier users: the portal only, else 404
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "riskassess.audit.middleware.AccessRefusedAuditMiddleware",  # 403/404 on object URLs -> audit trail
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the lockout page
]

ROOT_URLCONF = "riskassess.urls"
WSGI_APPLICATION = "riskassess.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "riskassess.core.languages.languages",  # the language switcher of every page
            ],
        },
    },
]

# Database: SQLite under var/ by default, PostgreSQL (or any) through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'riskassess.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web reads; a timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # A transaction that reads, then writes, after another process committed fails at once with
    # "database is locked" (the timeout does not apply to that upgrade). IMMEDIATE takes the write
    # lock at BEGIN, so web and worker wait for each other instead.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"].setdefault("TEST", {})
    if env.str("RISKASSESS_TEST_DB_FILE", default=""):
        # Reliability tests share the test database with a real worker process: it must be a file.
        DATABASES["default"]["TEST"]["NAME"] = env.str("RISKASSESS_TEST_DB_FILE")
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Server-side parameters, so that psycopg prepares a query run 5 times on a connection and
        # PostgreSQL keeps its plan: planning cost more than running the small queries of the API
        # and pages (API reads per second: +70 %, docs/bench.md). Behind PgBouncer in transaction
        # mode without max_prepared_statements, set DATABASE_PREPARED_STATEMENTS=False.
        DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})

# Connections are kept between requests (SQLite too: opening one and its PRAGMAs cost as much as
# an API read's queries).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# The current-score index carries extra columns for PostgreSQL's index-only scans (scoring.Score);
# SQLite builds it without them, which is what it should do: not a problem to report.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},  # offline list, nothing sent out
    {"NAME": "riskassess.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    # zxcvbn (Dropbox's estimator, offline): refuses guessable passwords the list misses ("123456789012").
    {"NAME": "riskassess.accounts.validators.StrengthValidator", "OPTIONS": {"min_score": 3}},
]  # OWASP ASVS level 2: 12-128 characters, no composition rules, common passwords refused

LANGUAGE_CODE = "en"
# The 24 official languages of the EU, each named in itself (the switcher shows these names).
# URLs stay language-neutral (no i18n_patterns): the language comes from the user's setting, then
# the language cookie set by the switcher, then the browser's Accept-Language (docs/translations.md).
LANGUAGES = [
    ("bg", "български"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("el", "ελληνικά"),
    ("en", "English"),
    ("es", "español"),
    ("et", "eesti"),
    ("fi", "suomi"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("hr", "hrvatski"),
    ("hu", "magyar"),
    ("it", "italiano"),
    ("lt", "lietuvių"),
    ("lv", "latviešu"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("sv", "svenska"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the .po catalogues and their compiled .mo, both committed
FORMAT_MODULE_PATH = ["riskassess.formats"]  # English as the EU writes it; Maltese (Django has none)
LANGUAGE_COOKIE_NAME = "riskassess_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # a year: the choice of a browser without an account
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded evidence and generated reports. Never served as static files: downloads go through
# views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Evidence uploads: size cap and the types we accept (checked by content, not by name).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# Per assessment: how many files and how many bytes in all (links do not count).
EVIDENCE_MAX_FILES_PER_ASSESSMENT = env.int("EVIDENCE_MAX_FILES_PER_ASSESSMENT", default=100)
EVIDENCE_MAX_TOTAL_BYTES_PER_ASSESSMENT = env.int("EVIDENCE_MAX_TOTAL_BYTES_PER_ASSESSMENT", default=500 * 1024 * 1024)
# DOCX/XLSX/ODT are ZIP archives, inspected with bounded reads (riskassess/questionnaires/filetypes.py):
# at most this many entries, bytes per entry and in all once unpacked, and this compression ratio.
EVIDENCE_ZIP_MAX_ENTRIES = env.int("EVIDENCE_ZIP_MAX_ENTRIES", default=5000)
EVIDENCE_ZIP_MAX_ENTRY_BYTES = env.int("EVIDENCE_ZIP_MAX_ENTRY_BYTES", default=100 * 1024 * 1024)
EVIDENCE_ZIP_MAX_TOTAL_BYTES = env.int("EVIDENCE_ZIP_MAX_TOTAL_BYTES", default=200 * 1024 * 1024)
EVIDENCE_ZIP_MAX_RATIO = env.int("EVIDENCE_ZIP_MAX_RATIO", default=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file over EVIDENCE_MAX_BYTES is counted, not stored, while it arrives (riskassess/core/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "riskassess.core.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="riskassess-demo-2026")

# Cache: locmem by default (one process); Redis when REDIS_URL is set so every web worker shares it.
# Redis being down is a cache miss, not an error (riskassess/core/cache.py); short timeouts so
# that an unreachable Redis does not hold requests.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "riskassess.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds an API token (with its user) stays in the shared cache instead of being looked up on each
# request; forgotten when the token or the user changes (riskassess/api/token_cache.py). 0 without
# Redis: a per-process cache cannot be told by another process to forget a revoked token.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=30 if REDIS_URL else 0)

# ---------------------------------------------------------------------------------------------
# Celery. The reasons are the point: see docs/celery.md.
# ---------------------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # Embedded broker: a real worker on kombu's filesystem transport, so the browser flow is the
    # production one without Redis.
    CELERY_BROKER_URL = "filesystem://"
    for _sub in ("out", "processed", "control"):  # kombu expects its folders to exist
        (BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]  # messages never carry pickled code
CELERY_TASK_IGNORE_RESULT = True  # state lives in our tables (ScoringRun, Report)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # ack after the work; safe because tasks claim by status
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # killed child: re-queue, don't lose
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a crash strands one message at most
CELERY_TASK_SOFT_TIME_LIMIT = 60  # raises SoftTimeLimitExceeded: mark the run failed, clean up
CELERY_TASK_TIME_LIMIT = 90  # SIGKILL; the pdf tasks set 120/180 themselves
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=900)  # above every limit
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # Seek a dead worker's unacked messages every 10 s, not ~100 s.
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": 1,
        "socket_timeout": 5,  # a frozen Redis fails fast instead of hanging a web request
        "socket_connect_timeout": 2,
        "max_retries": 1,  # publishing from the web: fail fast, the sweeper re-queues later
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),  # exchange tables; default is ./control in the cwd
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "riskassess.reports.tasks.sweep_reports": {"queue": "default"},  # exact names win over the pattern
    "riskassess.reports.tasks.*": {"queue": "pdf"},  # PDFs never block scoring
}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)  # KiB
# The pdf worker overrides it on its command line, one child at a time (WeasyPrint peaks at a few
# hundred MB on the EU report): celery -A riskassess worker -Q pdf -c 1 --max-memory-per-child 1000000
CELERY_BEAT_SCHEDULE = {
    "requeue-unscored": {
        "task": "riskassess.scoring.tasks.requeue_unscored",
        "schedule": env.int("SCORING_SWEEP_SECONDS", default=120),
        "options": {"expires": 110},
    },
    "sweep-reports": {  # every report ends done or failed (riskassess.reports.services.report_sweep)
        "task": "riskassess.reports.tasks.sweep_reports",
        "schedule": env.int("REPORTS_SWEEP_SECONDS", default=120),
        "options": {"expires": 110},
    },
}

CELERY_BEAT_SCHEDULE["deadline-reminders"] = {
    "task": "riskassess.console.tasks.send_deadline_reminders",
    "schedule": crontab(hour=7, minute=0),  # once a day; each reminder is sent once (console.Reminder)
}
CELERY_BEAT_SCHEDULE["hearing-reminders"] = {
    "task": "riskassess.hearings.tasks.send_hearing_reminders",
    "schedule": crontab(hour=7, minute=10),  # once a day; 14, 7 and 1 days before, each once (DeadlineReminder)
}
CELERY_BEAT_SCHEDULE["register-deadline-notices"] = {
    "task": "riskassess.register.tasks.raise_deadline_notices",
    "schedule": crontab(hour=6, minute=30),  # once a day; each passed deadline is raised once (DeadlineNotice)
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# ---------------------------------------------------------------------------------------------
# REST framework
# ---------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Personal tokens stored hashed (riskassess.api.models.ApiToken); first, so that a request
        # without credentials gets 401 with WWW-Authenticate.
        "riskassess.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "EXCEPTION_HANDLER": "riskassess.api.exceptions.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "riskassess.accounts.confinement.SupplierConfinedPermission",  # supplier users: portal APIs only
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "riskassess API",
    "DESCRIPTION": "EU 5G supplier risk assessments: member states, suppliers, questionnaires, scores, reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status": one named enum each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "riskassess.questionnaires.models.Assessment.Status",
        "CampaignStatusEnum": "riskassess.questionnaires.models.Campaign.Status",
        "TemplateVersionStatusEnum": "riskassess.questionnaires.models.TemplateVersion.Status",
        "JobStatusEnum": "riskassess.reports.models.Report.Status",
        "DesignationStatusEnum": "riskassess.suppliers.models.DesignationStatus",
        "StateEnum": ["none", "queued", "delayed", "running", "done", "failed"],  # a score's state
        "RegisterKindEnum": "riskassess.register.models.RecordKind",
        "RegisterStateEnum": "riskassess.register.models.RecordState",
        "RegisterAppealStatusEnum": "riskassess.register.models.AppealStatus",
    },
}

# ---------------------------------------------------------------------------------------------
# Security. Production values are the defaults when DJANGO_DEBUG=False.
# ---------------------------------------------------------------------------------------------
# Sessions: at most 12 hours from the login, and 30 minutes without a request. Django's cookie
# age restarts whenever the session is saved, so both limits are enforced from the login time by
# riskassess.accounts.middleware.SessionLimitsMiddleware.
SESSION_COOKIE_AGE = 12 * 60 * 60  # at most 12 hours
SESSION_IDLE_TIMEOUT = 30 * 60  # logged out after 30 minutes without a request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
    SECURE_SSL_REDIRECT = _bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Number of reverse proxies in front of the web (each appends to X-Forwarded-For). 0: REMOTE_ADDR is
# the client. Set it behind a proxy, or every client shares the proxy's address (lockout, audit).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp 4): our own files only. No inline scripts or styles (all JS is
# in static/js/, htmx's injected indicator style is switched off in base.html), no eval, no plugins,
# never framed. data: images for the inline SVG/QR fallbacks.
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Login lockout (django-axes): 5 failures for one username from one address lock that pair out for
# 30 minutes (also a correct password); a success resets the count. By username+IP, so an attacker
# elsewhere cannot lock a real user out. Behind a proxy, REMOTE_ADDR must be the client's address
# (gunicorn --forwarded-allow-ips and the proxy's X-Forwarded-For), else all clients share one.
AUTHENTICATION_BACKENDS = [
    "riskassess.accounts.backends.LoginLockoutBackend",  # first: refuses locked-out logins
    "django.contrib.auth.backends.ModelBackend",
]
# And across usernames: LOGIN_FAILURES_PER_ADDRESS failures from one address, whatever the
# usernames, lock that address out for the same time (password spraying; riskassess/accounts/lockout.py).
AXES_FAILURE_LIMIT = "riskassess.accounts.lockout.failure_limit"
LOGIN_FAILURES_PER_PAIR = 5
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "riskassess.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # failures are in the audit trail (riskassess.audit.signals)

# Two-factor login (django-otp, TOTP): required for EU coordinators, approvers and superusers when
# OTP_REQUIRED. On by default in production; off by default with DJANGO_DEBUG=True so the local demo
# logins work without an authenticator app. RISKASSESS_OTP_REQUIRED=True|False overrides either way.
OTP_REQUIRED = _bool("RISKASSESS_OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "riskassess"
# Accounts are set up only through single-use enrolment links e-mailed to the account's address
# (riskassess/accounts/services.py); they expire after this many hours.
ENROLMENT_LINK_HOURS = env.int("ENROLMENT_LINK_HOURS", default=72)
# The site's public address, for links in e-mails (e.g. https://riskassess.example.eu); empty: the
# address of the request that issued the link (deadline reminders sent by beat need it set).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
# E-mail (enrolment links, deadline reminders): printed on the console in DEBUG; SMTP otherwise.
_EMAIL_BACKEND_DEFAULT = "console" if DEBUG else "smtp"
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=f"django.core.mail.backends.{_EMAIL_BACKEND_DEFAULT}.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = _secret("EMAIL_HOST_PASSWORD", default="") or ""
EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="riskassess <noreply@localhost>")
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes, wait 2^(n-1) seconds

# Logs: one line per record with the request id; JSON lines (LOG_FORMAT=json, the production
# default) for log collectors, plain text otherwise.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use plain or json")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log through LOGGING too (same format, request ids "-")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "riskassess.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "riskassess.core.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# ---------------------------------------------------------------------------------------------
# Sealed archive (riskassess/archive) and exchange bundles (riskassess/exchange)
# ---------------------------------------------------------------------------------------------
# Every done report is also kept as PDF/A-3 with its data embedded, sealed (PAdES) with the
# organisation's key. Unset with DJANGO_DEBUG=True: a test authority generated under
# REPORT_SEAL_DIR. See docs/deployment.md (key rotation).
REPORT_SEAL_ENABLED = _bool("REPORT_SEAL_ENABLED", True)
REPORT_SEAL_KEY_FILE = env.str("REPORT_SEAL_KEY_FILE", default="")
REPORT_SEAL_CERT_FILE = env.str("REPORT_SEAL_CERT_FILE", default="")
REPORT_SEAL_CHAIN_FILE = env.str("REPORT_SEAL_CHAIN_FILE", default="")
REPORT_SEAL_TRUST_FILE = env.str("REPORT_SEAL_TRUST_FILE", default="")
REPORT_SEAL_KEY_PASSPHRASE = _secret("REPORT_SEAL_KEY_PASSPHRASE", default="")
REPORT_SEAL_TSA_URL = env.str("REPORT_SEAL_TSA_URL", default="")
REPORT_SEAL_TSA_TIMEOUT = env.int("REPORT_SEAL_TSA_TIMEOUT", default=10)
REPORT_SEAL_NAME = env.str("REPORT_SEAL_NAME", default="riskassess")
REPORT_SEAL_LOCATION = env.str("REPORT_SEAL_LOCATION", default="EU")
REPORT_SEAL_DIR = env.path("REPORT_SEAL_DIR", default=str(VAR_DIR / "seal"))
# Without key and certificate: generate and use a test authority (DEBUG only, and the tests).
REPORT_SEAL_TEST_AUTHORITY = _bool("REPORT_SEAL_TEST_AUTHORITY", DEBUG)
CELERY_TASK_ROUTES["riskassess.archive.tasks.*"] = {"queue": "pdf"}
# This instance's name in the bundles it signs, and the certificates (PEM) of the instances whose
# bundles it imports (besides its own seal's trust roots).
EXCHANGE_ISSUER = env.str("EXCHANGE_ISSUER", default="riskassess")
EXCHANGE_TRUST_FILE = env.str("EXCHANGE_TRUST_FILE", default="")
