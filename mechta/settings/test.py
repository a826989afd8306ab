"""Settings for pytest: the base settings with fast password hashing and eager Celery.

Real services are still used when their variables are set (DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL); tests that need a real Celery worker switch eagerness off themselves.
"""

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = env("TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
MEDIA_ROOT = BASE_DIR / "media" / "test"  # noqa: F405  (each test gets its own tmp folder)
AI_BACKEND = "offline"
AI_PROXY_URL = ""
# Eager tasks queued with apps.core.background run inline, inside the test's transaction.
BACKGROUND_THREADS = False
# One process shares its local-memory cache: the cached session check runs in tests too.
AUTH_CACHE_SECONDS = 60

# The cache epoch (apps/core/cacheepoch.py) is off in-process; tests turn it on themselves, and
# server processes a test starts set CACHE_EPOCH_SECONDS.
CACHE_EPOCH_SECONDS = env.float("CACHE_EPOCH_SECONDS", default=0)

if DATABASES["default"]["ENGINE"] == "apps.core.postgresql":  # noqa: F405
    # The suite's commits (transactional tests, flushes between them) need not wait for the
    # disk: a crash of the test server loses nothing the suite needs. About 10 % off those tests.
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
