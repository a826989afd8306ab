"""MechtaAI settings: everything comes from the environment (or `.env`).

With no variables set the service runs fully embedded: SQLite, local-memory cache, eager
Celery, console email and the offline AI backend. Every real service is switched on by its
variable (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, AI_PROXY_URL, SMTP_HOST).
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEFAULT_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789abcdef"
DEFAULT_JWT_SECRET_KEY = "dev-insecure-jwt-secret-change-me-0123456789abcdef"

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default=DEFAULT_SECRET_KEY)
JWT_SECRET_KEY = env("JWT_SECRET_KEY", default=DEFAULT_JWT_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])

# Secrets that are written down somewhere (in code, in .env.example): never real ones.
KNOWN_SECRETS = frozenset(
    {
        DEFAULT_SECRET_KEY,
        DEFAULT_JWT_SECRET_KEY,
        "change-me-to-a-long-random-string",
        "change-me-to-another-long-random-string-32b",
    }
)
MIN_SECRET_BYTES = 32


def _example_secrets() -> set[str]:
    """The values .env.example gives SECRET_KEY / JWT_SECRET_KEY, whatever they are today."""
    try:
        lines = (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {
        line.split("=", 1)[1].strip()
        for line in lines
        if line.startswith(("SECRET_KEY=", "JWT_SECRET_KEY=")) and line.split("=", 1)[1].strip()
    }


if not DEBUG:
    for _name, _value in (("SECRET_KEY", SECRET_KEY), ("JWT_SECRET_KEY", JWT_SECRET_KEY)):
        if _value in KNOWN_SECRETS or _value in _example_secrets() or len(_value.encode()) < MIN_SECRET_BYTES:
            raise ImproperlyConfigured(
                f"DEBUG=false needs SECRET_KEY and JWT_SECRET_KEY set to real secrets: {_name} is a published "
                f"example or shorter than {MIN_SECRET_BYTES} bytes."
            )
if len(JWT_SECRET_KEY.encode()) < 32 or JWT_SECRET_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SECRET_KEY must be at least 32 bytes and differ from SECRET_KEY.")

VERSION = "0.1.0"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_results",
    "corsheaders",
    "apps.core",
    "apps.ai",
    "apps.accounts",
    "apps.limits",
    "apps.areas",
    "apps.life_wheel",
    "apps.wants",
    "apps.future_story",
    "apps.visuals",
    "apps.goals",
    "apps.steps",
    "apps.gamification",
    "apps.rituals",
    "apps.reminders",
    "apps.esoterics",
    "apps.backoffice",
    "apps.demo",
]

MIDDLEWARE = [
    "apps.core.middleware.ReleaseViewMiddleware",  # runs last on the way out (but for the cache epoch)
    "apps.core.middleware.RequestIdMiddleware",
    # Slow clients (issue 22): the body is read before authentication can take a pooled connection.
    "apps.core.request_body.ReadBodyFirstMiddleware",
    "apps.core.middleware.ApiTrailingSlashMiddleware",
    "apps.core.security.ApiHostCheckMiddleware",
    "apps.core.security.NoStoreMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Serves collected /static/ (Swagger UI, ReDoc, admin) under gunicorn; runserver does it in DEBUG.
    MIDDLEWARE.insert(3, "whitenoise.middleware.WhiteNoiseMiddleware")

# /api/ requests skip these (bearer tokens: no session cookie, no messages); every other path
# runs them as usual. apps/core/middleware.py; the saving is measured in bench/PROFILE.md.
# CSRF stays as it is: DRF views are csrf-exempt already (it costs an API request ~nothing) and
# `check --deploy` wants the stock class by name.
NOT_FOR_API = {
    f"django.{path}.{name}": f"apps.core.middleware.{name}"
    for path, name in [
        ("contrib.sessions.middleware", "SessionMiddleware"),
        ("contrib.auth.middleware", "AuthenticationMiddleware"),
        ("contrib.messages.middleware", "MessageMiddleware"),
    ]
}
MIDDLEWARE = [NOT_FOR_API.get(name, name) for name in MIDDLEWARE]

ROOT_URLCONF = "mechta.urls"
WSGI_APPLICATION = "mechta.wsgi.application"
# Paths work with and without a trailing slash (see mechta/urls.py); never redirect a POST.
APPEND_SLASH = False

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
            ],
        },
    },
]

# --- Database: SQLite embedded, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A connection pool per process (psycopg_pool) when DB_POOL_MAX_SIZE > 0: gunicorn's threads
    # and the worker's threads borrow a connection per request or task, so PostgreSQL sees at
    # most DB_POOL_MAX_SIZE connections per process however many threads it has (gunicorn.conf.py
    # and `make worker` turn it on). Otherwise one persistent connection per thread.
    DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
    if DB_POOL_MAX_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_MAX_SIZE,
            "timeout": env.float("DB_POOL_TIMEOUT_SECONDS", default=10),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A connection PostgreSQL dropped (a restart, a failover, pg_terminate_backend) must not fail
    # a request or a task (SECURITY.md 51). With CONN_HEALTH_CHECKS the pool checks a connection
    # when it lends it (apps/core/postgresql: a zero-timeout poll of its socket, an empty query
    # only when PostgreSQL has said something; a dead one is discarded and replaced), and
    # without the pool Django runs a `SELECT 1` before a request's or task's first query. Off:
    # the first request on each dropped connection answers 500.
    DATABASES["default"]["ENGINE"] = "apps.core.postgresql"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    # Concurrent writers on SQLite: WAL (readers never block the writer), IMMEDIATE transactions
    # (a transaction takes the write lock at BEGIN, so two read-then-write transactions cannot
    # deadlock into an instant "database is locked"), and a busy timeout to queue for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: local memory embedded, Redis when REDIS_URL is set. A Redis outage degrades to
# "no cache" (IGNORE_EXCEPTIONS) instead of failing requests.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="mechta"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
            "KEY_FUNCTION": "apps.core.cacheepoch.cache_key",  # secapp: the cache epoch
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "apps.core.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mechta",
                          "KEY_FUNCTION": "apps.core.cacheepoch.cache_key"}}
# --- Cache epoch (secapp, issue 22 finding 6; apps/core/cacheepoch.py): after a cache write
# that failed (Redis unreachable) every node moves to a new key generation. A node reads the
# epoch from the database at most once per CACHE_EPOCH_SECONDS; 0 turns it off (no Redis).
CACHE_EPOCH_SECONDS = env.float("CACHE_EPOCH_SECONDS", default=1.0 if REDIS_URL else 0)
MIDDLEWARE.insert(0, "apps.core.cacheepoch.CacheEpochMiddleware")  # before anything reads the cache

# --- Celery: eager in-process without a broker; Redis/RabbitMQ broker when configured.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="mechta")
# Worker logs go through LOGGING below, so task lines carry the queuing request's id.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# --- AI jobs survive a crashed worker (docs/decisions/0003-rabbitmq-broker.md): RabbitMQ as the broker
# (durable queue, persistent messages); a message is acknowledged after its task ran, and a
# worker that dies or loses the broker leaves its unacknowledged messages to be delivered again
# at once. A redelivered RUNNING job is taken over (apps/ai/jobs/execute.py), at most this many
# attempts in all, always before its deadline.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
AI_JOB_MAX_ATTEMPTS = env.int("AI_JOB_MAX_ATTEMPTS", default=3)
# Requests to AI endpoints per user and minute (all kinds together); 0: no limit.
AI_RATE_LIMIT_PER_MINUTE = env.int("AI_RATE_LIMIT_PER_MINUTE", default=30)

# --- Scheduled work (Celery beat: `make beat`, docker-compose `beat`). The project's ONE
# schedule: add entries here, nowhere else. Every `task` must be a registered task name
# (tests/core/test_beat.py). Times are UTC. `expires` drops a run a worker did not start
# before the next one is due (beat keeps sending while workers are down).
CELERY_BEAT_SCHEDULE = {
    # Enqueue the day's AI tip for users whose local morning is near (apps/esoterics/services.py).
    "esoterics-tips-schedule": {
        "task": "esoterics.tips_schedule",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    # AI jobs older than AI_JOB_RETENTION_DAYS.
    "ai-jobs-purge": {"task": "ai.jobs_purge", "schedule": crontab(hour=3, minute=17), "options": {"expires": 3600}},
    # Rate-limit slots written to the database during a cache outage.
    "rate-limit-slots-purge": {
        "task": "core.rate_limit_slots_purge",
        "schedule": crontab(minute=41),
        "options": {"expires": 3600},
    },
    # Due reminders (apps/reminders): queues their sends and returns.
    "reminders-dispatch-due": {
        "task": "reminders.dispatch_due",
        "schedule": crontab(),  # at the start of every minute
        "options": {"expires": 55},  # a run that waited a whole minute is superseded by the next
    },
}
# The daily tip is prepared for users with a session used within this many days...
ESOTERICS_TIP_ACTIVE_DAYS = env.int("ESOTERICS_TIP_ACTIVE_DAYS", default=3)
# ...once their local time reaches this hour (0-23), ahead of their morning.
ESOTERICS_TIP_PREPARE_HOUR = env.int("ESOTERICS_TIP_PREPARE_HOUR", default=5)

# --- Auth
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

JWT_ALGORITHM = env("JWT_ALGORITHM", default="HS256")
ACCESS_TOKEN_EXPIRE_MINUTES = env.int("ACCESS_TOKEN_EXPIRE_MINUTES", default=15)
REFRESH_TOKEN_EXPIRE_DAYS = env.int("REFRESH_TOKEN_EXPIRE_DAYS", default=30)
JWT_ISSUER = env("JWT_ISSUER", default="mechta")
JWT_AUDIENCE = env("JWT_AUDIENCE", default="mechta-api")
# Seconds a request's session check stays cached (apps/accounts/cache.py; tombstoned on every
# revocation). Needs a cache shared by all web processes: off (0) with the local-memory cache.
AUTH_CACHE_SECONDS = env.int("AUTH_CACHE_SECONDS", default=60 if REDIS_URL else 0)
# Each web process keeps a copy of the session checks it read from Redis, forgotten as soon as
# Redis reports a change of their keys (apps/accounts/localcopy.py; Redis >= 6, CLIENT allowed).
AUTH_LOCAL_COPY = env.bool("AUTH_LOCAL_COPY", default=bool(REDIS_URL))
# --- Answer caches (issue 19, engineer `reads`): false turns off every cache of a read's
# answer (first pages, /me, the leaderboard, wants progress, rituals today, the gamification
# profile; apps/core/caching.answer_caches_on) — `make bench` measures the reads that way too.
# Not the session check's cache above, nor the spec's areas catalog cache.
ANSWER_CACHES = env.bool("ANSWER_CACHES", default=True)
SESSION_IDLE_DAYS = env.int("SESSION_IDLE_DAYS", default=30)
SESSION_ABSOLUTE_DAYS = env.int("SESSION_ABSOLUTE_DAYS", default=90)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=ACCESS_TOKEN_EXPIRE_MINUTES),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=REFRESH_TOKEN_EXPIRE_DAYS),
    "ALGORITHM": JWT_ALGORITHM,
    "SIGNING_KEY": JWT_SECRET_KEY,
    "ISSUER": JWT_ISSUER,
    "AUDIENCE": JWT_AUDIENCE,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "sub",
    "TOKEN_TYPE_CLAIM": "type",
    "JTI_CLAIM": "jti",
    "UPDATE_LAST_LOGIN": False,
}
# Refresh tokens: the exact token just rotated may be presented again for this many seconds
# (parallel refreshes of one client) without revoking the session.
REFRESH_REUSE_GRACE_SECONDS = env.int("REFRESH_REUSE_GRACE_SECONDS", default=10)
BOT_SECRET_KEY = env("BOT_SECRET_KEY", default="")
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN", default="")

# --- AI
AI_PROXY_URL = env("AI_PROXY_URL", default="")
AI_PROXY_IMAGE_URL = env("AI_PROXY_IMAGE_URL", default="") or AI_PROXY_URL
AI_PROXY_TIMEOUT_SECONDS = env.float("AI_PROXY_TIMEOUT_SECONDS", default=60)
AI_PROXY_MODEL = env("AI_PROXY_MODEL", default="gpt-4o-mini")
AI_PROXY_IMAGE_MODEL = env("AI_PROXY_IMAGE_MODEL", default="dall-e-3")
AI_PROXY_API_KEY = env("AI_PROXY_API_KEY", default="")
AI_PROXY_MAX_RETRIES = env.int("AI_PROXY_MAX_RETRIES", default=2)
# First backoff delay between retries (doubled each time); a small Retry-After is honoured.
AI_PROXY_RETRY_BASE_SECONDS = env.float("AI_PROXY_RETRY_BASE_SECONDS", default=0.5)
# Prompt templates: AI_PROMPTS_DIR/<app>/prompts/<action>.<locale>.txt
AI_PROMPTS_DIR = BASE_DIR / "apps"
AI_BACKEND = env("AI_BACKEND", default="openai" if AI_PROXY_URL else "offline")
# How long an HTTP request waits for its AI task (spec: AI_PROXY_TIMEOUT_SECONDS + 30).
# It is also every AI job's deadline: work not saved by then is discarded, never charged.
AI_TASK_WAIT_SECONDS = env.float("AI_TASK_WAIT_SECONDS", default=AI_PROXY_TIMEOUT_SECONDS + 30)
# AI waits one web process holds at once (each holds a greenlet under gunicorn's gevent worker,
# a thread under gthread; no CPU, no DB connection); past it AI endpoints answer 503 AI_BUSY with
# Retry-After. gunicorn.conf.py sets it to WEB_CONNECTIONS / 4 (gevent); keep it below WEB_THREADS.
AI_MAX_WAITS_PER_PROCESS = env.int("AI_MAX_WAITS_PER_PROCESS", default=48)
AI_BUSY_RETRY_AFTER_SECONDS = env.int("AI_BUSY_RETRY_AFTER_SECONDS", default=5)
# AI requests of one web process in their CPU-bound start (authentication to the job queued) at
# once; the others wait their turn at no CPU (apps/ai/jobs/turns.py). 0 switches it off.
AI_CREATE_CONCURRENCY = env.int("AI_CREATE_CONCURRENCY", default=2)
# Finished AI jobs (GET /api/v1/jobs/{id}) are kept this long; `manage.py ai_jobs_purge`.
AI_JOB_RETENTION_DAYS = max(7, env.int("AI_JOB_RETENTION_DAYS", default=14))

# Image URLs the AI service answers with are fetched only from public addresses; these hosts
# (names or IPs as written in the URL) are exempt, e.g. an image service inside the network.
AI_IMAGE_ALLOWED_HOSTS = env.list("AI_IMAGE_ALLOWED_HOSTS", default=[])
# AI calls that no quota covers (the esoterics daily tip): at most this many per user per day.
AI_UNMETERED_DAILY_LIMIT = env.int("AI_UNMETERED_DAILY_LIMIT", default=3)

# --- Quotas: limits per plan and calendar month (UTC).
QUOTA_LIMITS = {
    "free": {"text": env.int("QUOTA_FREE_TEXT", default=5), "image": env.int("QUOTA_FREE_IMAGE", default=1)},
    "pro": {"text": env.int("QUOTA_PRO_TEXT", default=100), "image": env.int("QUOTA_PRO_IMAGE", default=20)},
}

# --- Gamification rewards (XP per reason).
XP_REWARDS = {
    "ritual_entry": env.int("XP_RITUAL_ENTRY", default=10),
    "weekly_review": env.int("XP_WEEKLY_REVIEW", default=50),
    "goal_created": env.int("XP_GOAL_CREATED", default=5),
    "goal_done_small": env.int("XP_GOAL_DONE_SMALL", default=50),
    "goal_done_big": env.int("XP_GOAL_DONE_BIG", default=200),
    "step_done": env.int("XP_STEP_DONE", default=10),
    "life_wheel": env.int("XP_LIFE_WHEEL", default=20),
    "wants_completed": env.int("XP_WANTS_COMPLETED", default=100),
    "future_story": env.int("XP_FUTURE_STORY", default=100),
    "image": env.int("XP_IMAGE", default=15),
}

# --- Email: console embedded, SMTP when SMTP_HOST is set.
SMTP_HOST = env("SMTP_HOST", default="")
if SMTP_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = SMTP_HOST
    EMAIL_PORT = env.int("SMTP_PORT", default=587)
    EMAIL_HOST_USER = env("SMTP_USER", default="")
    EMAIL_HOST_PASSWORD = env("SMTP_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("SMTP_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("SMTP_FROM", default="MechtaAI <no-reply@mechta.local>")

# --- i18n / time
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
USE_I18N = True
# Core messages win over Django's own translations of the same strings ("Not found.").
# The admin's translations of other packages' strings (django-celery-results, Django admin
# titles declined for any model name) come next, ahead of the packages' own catalogs.
LOCALE_PATHS = [BASE_DIR / "apps" / "core" / "locale", BASE_DIR / "apps" / "backoffice" / "locale_vendor"]
TIME_ZONE = "UTC"
# Compact date formats for the admin (the API renders ISO 8601 and is not affected).
FORMAT_MODULE_PATH = ["apps.backoffice.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "/uploads/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Generated pictures go to an S3-compatible bucket (django-storages) when a bucket is named,
# so every web and worker machine sees the same files; else to MEDIA_ROOT on the local disk.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            # Private objects behind expiring signed URLs (no listing, no guessing).
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            "file_overwrite": False,
        },
    }
# Bodies up to 2.5 MB: a 200,000-character Russian text is 1.2 MB as ASCII-escaped JSON.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_500_000)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["apps.core.renderers.EnvelopeRenderer"],
    "DEFAULT_PARSER_CLASSES": ["apps.core.parsers.SafeJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "apps.core.negotiation.ContentNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.accounts.authentication.JWTSessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "apps.core.handlers.envelope_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "apps.core.schema.EnvelopeAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "MechtaAI API",
    "DESCRIPTION": "Personal-development backend. Every /api/v1 response is the StandardResponse envelope.",
    "VERSION": VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/favicon.ico",
    # The sidecar's ReDoc bundle with its CDN logo inlined (apps/core/docs.py), system fonts.
    "REDOC_DIST": "/docs-assets/redoc",
    "REDOC_UI_SETTINGS": {
        "theme": {"typography": {"fontFamily": "system-ui, sans-serif", "headings": {"fontFamily": "system-ui, sans-serif"}}}
    },
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.schema.envelope_postprocessing_hook",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AreaIdEnum": "apps.wants.constants.AREA_IDS",
        "AIJobStatusEnum": "apps.ai.models.AIJob.Status",
        "WantsRawStatusEnum": "apps.wants.models.WantsRawStatus",
        "GoalHorizonEnum": "apps.goals.models.GoalHorizon",
        "GoalStatusEnum": "apps.goals.models.GoalStatus",
        "GoalSizeEnum": "apps.goals.models.GoalSize",
        "GoalSourceEnum": "apps.goals.models.GoalSource",
        "StepLevelEnum": "apps.steps.models.StepLevel",
        "StepStatusEnum": "apps.steps.models.StepStatus",
        "JournalEntryTypeEnum": "apps.rituals.models.JournalEntry.Type",
        "RitualsInterceptionTypeEnum": "apps.rituals.constants.INTERCEPTION_TYPES",
        "WeeklyReviewStatusEnum": "apps.rituals.models.WeeklyReviewStatus",
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {"BearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    },
}

# --- Proxies and CORS
# Reverse proxies (IPs or CIDR networks) whose X-Forwarded-For is believed; empty: REMOTE_ADDR only.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Browser origins allowed to call /api/ (exact "https://app.example.com"); empty: no CORS headers.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "content-type", "x-request-id")
CORS_EXPOSE_HEADERS = ("x-request-id", "retry-after")
CORS_PREFLIGHT_MAX_AGE = 600

# --- Production hardening (switched on by DEBUG=false; each can be set from the environment).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# /health and the status page must answer plain HTTP probes from inside the deployment.
SECURE_REDIRECT_EXEMPT = [r"^health$"]

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [request_id=%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Reminders (apps/reminders; issue 21; beat runs `reminders.dispatch_due`, above) -----------
# Telegram Bot API base URL (a stand-in in tests and benchmarks); the token is TELEGRAM_BOT_TOKEN.
TELEGRAM_API_BASE_URL = env("TELEGRAM_API_BASE_URL", default="https://api.telegram.org")
# The app's public URL: links in reminders point into it.
APP_URL = env("APP_URL", default="http://127.0.0.1:8000")
# Public URL of this API, for the one-click unsubscribe link in emails (default APP_URL).
REMINDERS_PUBLIC_API_URL = env("REMINDERS_PUBLIC_API_URL", default="") or APP_URL
# At most this many Telegram messages per second per bot, shared by all workers (Redis).
REMINDERS_TELEGRAM_RATE = env.float("REMINDERS_TELEGRAM_RATE", default=30.0)
# ...in any span of 1 s + this margin, so the Bot API never sees more than the rate in a second
# although each request reaches it a varying moment after it was admitted (apps/reminders/throttle.py).
REMINDERS_TELEGRAM_JITTER_SECONDS = env.float("REMINDERS_TELEGRAM_JITTER_SECONDS", default=0.3)
# Schedule rows claimed per transaction by the minute task, deliveries per send task, and the
# time one minute task may spend (rows still due are the next minute's).
REMINDERS_DISPATCH_BATCH = env.int("REMINDERS_DISPATCH_BATCH", default=1000)
REMINDERS_SEND_CHUNK = env.int("REMINDERS_SEND_CHUNK", default=50)
REMINDERS_DISPATCH_MAX_SECONDS = env.float("REMINDERS_DISPATCH_MAX_SECONDS", default=50.0)
# A reminder found more than this many minutes after its time (beat was down) is skipped.
REMINDERS_LATE_AFTER_MINUTES = env.int("REMINDERS_LATE_AFTER_MINUTES", default=30)
# Send attempts per reminder (429s and 5xx/network/SMTP failures), first backoff in seconds.
REMINDERS_MAX_ATTEMPTS = env.int("REMINDERS_MAX_ATTEMPTS", default=5)
REMINDERS_RETRY_BACKOFF_SECONDS = env.float("REMINDERS_RETRY_BACKOFF_SECONDS", default=5.0)
# Ignored reminders of a kind in a row after which the kind pauses (the last one says so).
REMINDERS_PAUSE_AFTER = env.int("REMINDERS_PAUSE_AFTER", default=7)
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["ReminderKindEnum"] = "apps.reminders.models.ReminderKind"
