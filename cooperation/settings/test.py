"""Settings for the test run: PostgreSQL and Redis, as in production."""

import os

# The test run talks to the real services; these defaults match the README.
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/cooperation"
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("CACHE_KEY_PREFIX", "coop-test")
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "cooperation-test")
# Live-server threads and worker processes must let go of the test database
# when they are done with it, so that it can be dropped at the end.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = "test-only-key-with-enough-length-and-variety-0123456789-abcdef"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read the outbox in memory; a worker process started by a test writes
# files instead (TEST_EMAIL_BACKEND + EMAIL_FILE_PATH), which the test counts,
# or talks to the fake Brevo service through Anymail (EMAIL_BACKEND and the
# ANYMAIL_BREVO_* variables, read by base.py).
EMAIL_BACKEND = env_str(
    "TEST_EMAIL_BACKEND",
    env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"),
)
# Unit tests run tasks in-process; the tests marked `worker` switch this off
# and talk to a real worker through Redis.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
# A new dict: base.STORAGES must stay as production expects it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Serve static files straight from the apps' folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The page cache is off unless a test turns it on (tests/cooperation/
# test_page_cache.py): the other tests read a page, change it without
# publishing and read it again.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# wagtail-localize's own dummy translator (it reverses the words): the
# machine-translation button is there, and nothing leaves the machine.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
# Django's test client signs in without a request, which django-axes refuses;
# the tests of the sign-in throttle switch it on (tests/cooperation/
# test_login_throttle.py).
AXES_ENABLED = env_bool("AXES_ENABLED", False)
