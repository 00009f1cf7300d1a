"""Settings shared by every environment. Only this package reads the environment."""

import ipaddress
from datetime import time, timedelta
from pathlib import Path

import bootstrap_wrapper
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .directory import LOCAL_BACKENDS, directory_settings
from .directory import VARIABLES as DIRECTORY_VARIABLES

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# SECRET_KEY: only the development and test settings have a default; production requires the variable.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# The portal's apps come first: for translations (and templates) the first app wins, so the portal's
# catalogues beat Django admin's and the packages' (admin translates "History" as "Bản ghi nhớ").
PORTAL_APPS = [
    "accounts",
    "plans",
    "reports",
    "agreements",
    "conferences",
    "discussions",
    "dashboard",
    "notifications",
    "api",
    "core",
]
INSTALLED_APPS = [
    *PORTAL_APPS,
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "dbbackup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must be last (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vss_portal.urls"
WSGI_APPLICATION = "vss_portal.wsgi.application"

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
                "core.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The portal's queries are short; PostgreSQL's JIT compiler cost more than it saved on the
    # dashboard and work-list queries (benchmarks/profile_page.py). DATABASE_URL's ?options= wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Directory sign-in (LDAP / Active Directory) comes before the local accounts when LDAP_SERVER_URI
# is set (vss_portal/settings/directory.py); axes checks the lockout before either.
AUTHENTICATION_BACKENDS = list(LOCAL_BACKENDS)
LDAP_ROLE_GROUPS: dict[str, str] = {}
if env("LDAP_SERVER_URI", default=""):
    vars().update(directory_settings({name: env(name, default="") for name in DIRECTORY_VARIABLES}))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: 30 idle minutes, 12 hours in total (core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Brute-force protection: lock one username from one address, never a whole account.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the reverse proxy: the client's address comes from X-Forwarded-For only when the connecting
# address is one of these proxies (addresses or CIDR networks); none: the connecting address is the client.
TRUSTED_PROXIES = [ipaddress.ip_network(proxy, strict=False) for proxy in env.list("DJANGO_TRUSTED_PROXIES", default=[])]
AXES_CLIENT_IP_CALLABLE = "vss_portal.client_ip.client_ip"

# Internationalisation: Vietnamese first.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["vss_portal.formats"]
LANGUAGE_COOKIE_NAME = "vss_language"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
# Backups of the database and of MEDIA_ROOT (core/backup.py): where, how many are kept, and when
# beat makes one (local time, daily; "off" when cron runs `manage.py backup` instead).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_SCHEDULE = env("BACKUP_SCHEDULE", default="02:30")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # django-dbbackup's own storage; core.backup gives it the paths of each backup's files.
    "dbbackup": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": BACKUP_DIR}},
}
# Uploaded evidence lives outside the web root and is served only through permission-checked views.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "uploads")))
# Never routed: files are only served by permission-checked views.
MEDIA_URL = "/private-media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email.
EMAIL_URL = env("EMAIL_URL", default="consolemail://")
EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
EMAIL_CONFIG.pop("OPTIONS", None)  # django-environ's ?timeout= etc.: not a Django setting
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    # filemail://PATH writes to PATH (django-environ drops the "/" of an absolute one); a relative
    # PATH is under the project folder, and none means var/mail.
    EMAIL_FILE_PATH = BASE_DIR / (EMAIL_URL.partition("://")[2].partition("?")[0] or "var/mail")
# A mail server that does not answer is a transient failure after this many seconds, not a hung worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT_SECONDS", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng đối ngoại BHXH <doingoai@vss.gov.vn>")
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[VSS] ")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Celery: Redis when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TIMEZONE = TIME_ZONE
# Exactly one `celery beat` process runs this (README "Reminders"); the scan is idempotent anyway.
CELERY_BEAT_SCHEDULE = {
    "scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": timedelta(minutes=30),
        "options": {"expires": 25 * 60},  # a scan still queued when the next one is due is dropped
    },
    "retry-reminder-emails": {
        "task": "notifications.tasks.retry_reminder_emails",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 50},
    },
    "expire-exports": {
        "task": "core.tasks.expire_exports",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 3600},
    },
}
if BACKUP_SCHEDULE != "off":
    _backup_at = time.fromisoformat(BACKUP_SCHEDULE)
    CELERY_BEAT_SCHEDULE["backup"] = {
        "task": "core.tasks.backup_daily",
        "schedule": crontab(hour=_backup_at.hour, minute=_backup_at.minute),
        "options": {"expires": 3600},  # a backup that could not start within the hour waits for the next day
    }

# Excel exports (core/exports.py): above this many rows a list's export is built by a worker and the user
# notified; the worker records its progress every EXPORT_PROGRESS_ROWS rows; files go after EXPORT_KEEP_DAYS.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)
EXPORT_PROGRESS_ROWS = 1000
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)

# Reminders (notifications/): scan and delivery batches, and when a delivery claim expires. The
# claim timeout exceeds CELERY_TASK_TIME_LIMIT, so a live worker's claim is never taken over.
REMINDER_SCAN_CHUNK_SIZE = 1000  # rows read from the cursor at a time
REMINDER_SCAN_WRITE_BATCH = 20000  # reminders recorded by one INSERT on PostgreSQL (one array per column)
REMINDER_DELIVERY_BATCH = 50
REMINDER_REQUEUE_LIMIT = 10000
REMINDER_MAX_ATTEMPTS = 8
REMINDER_CLAIM_TIMEOUT = timedelta(seconds=env.int("REMINDER_CLAIM_TIMEOUT_SECONDS", default=15 * 60))
# A reminder's e-mail after a transient failure (connection refused, timeout, 4xx): retried after
# base × 2^(attempt − 1) seconds (capped, with jitter), and marked failed after the last attempt.
# The defaults retry for about 12 hours. A permanent refusal (5xx, invalid address) is never retried.
REMINDER_EMAIL_MAX_ATTEMPTS = env.int("REMINDER_EMAIL_MAX_ATTEMPTS", default=10)
REMINDER_EMAIL_RETRY_BASE_SECONDS = env.int("REMINDER_EMAIL_RETRY_BASE_SECONDS", default=120)
REMINDER_EMAIL_RETRY_MAX_SECONDS = env.int("REMINDER_EMAIL_RETRY_MAX_SECONDS", default=4 * 3600)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A task is "at risk" when due within this many days and below this progress.
AT_RISK_DAYS = env.int("AT_RISK_DAYS", default=30)
AT_RISK_PROGRESS = env.int("AT_RISK_PROGRESS", default=50)
# The dashboard's aggregates are recomputed at most this often per audience and scope (0: always).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
# A plan page shows whole objectives up to this many tasks at a time (a larger plan gets pages).
PLAN_PAGE_TASKS = env.int("PLAN_PAGE_TASKS", default=100)
# The navigation's "My work" badge is counted at most this often per user, unless what waits changed (0: always).
MY_WORK_COUNT_CACHE_SECONDS = env.int("MY_WORK_COUNT_CACHE_SECONDS", default=60)

HEALTHZ_MAX_SCAN_AGE = timedelta(minutes=env.int("HEALTHZ_MAX_SCAN_AGE_MINUTES", default=90))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# REST API (api/): session or personal access token, problem details, per-token rate limit.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
}
API_RATE_LIMIT = env("API_RATE_LIMIT", default="1000/hour")
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=366)
SPECTACULAR_SETTINGS = {
    "TITLE": "VSS Foreign Affairs Portal API",
    "DESCRIPTION": "Plans, tasks, progress reports, agreements, certificates of coverage and conferences, "
                   "on the same guards as the portal's pages. Errors are RFC 9457 problem details.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "accounts.models.Unit.Kind",
        "PlanKindEnum": "plans.models.Plan.Kind",
        "PlanStatusEnum": "plans.models.Plan.Status",
        "TaskStatusEnum": "plans.models.Task.Status",
        "PeriodKindEnum": "reports.models.ReportingPeriod.Kind",
        "ReportStatusEnum": "reports.models.ProgressReport.Status",
        "ReportWorkStatusEnum": "api.serializers.REPORT_WORK_STATUSES",
        "AgreementKindEnum": "agreements.models.Agreement.Kind",
        "AgreementStatusEnum": "agreements.models.Agreement.Status",
        "CertificateStatusEnum": "agreements.models.CoverageCertificate.Status",
        "ConferenceKindEnum": "conferences.models.Conference.Kind",
        "ConferenceStatusEnum": "conferences.models.Conference.Status",
        "ParticipantStatusEnum": "conferences.models.Participant.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
}

# Password of every demo account created by `manage.py load_demo`.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="VssDemo@2024")
