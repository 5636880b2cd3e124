"""Settings shared by every environment.

Everything that differs between a laptop, the test run and production is read
from environment variables (see `.env.example` and the README).
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the site, used in emails, feeds and the admin's links.
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAIL_SITE_NAME = "La Coopération — Romans-sur-Isère"

INSTALLED_APPS = [
    "cooperation",
    "images",
    "home",
    "demo",
    "blog",
    "agenda",
    "projects",
    "centres",
    "newsletter",
    "search",
    "roles",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_ratelimit",
    "anymail",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Locales and private sections read once per request (per_request.py).
    "cooperation.per_request.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cooperation.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cooperation.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
# Connections are kept for a minute (checked before reuse): a Celery worker
# otherwise opens a new PostgreSQL connection, a new server process, for
# every task.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cooperation.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; otherwise local memory and
# Celery tasks run eagerly inside the web process.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "coop"),
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cooperation",
        }
    }

# Celery (read by cooperation/celery.py through the CELERY_ namespace).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "cooperation")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task not acknowledged within this delay is given to another worker; it must
# be longer than the longest task, so that acks_late never runs a task twice
# while its first run is still going.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "cooperation.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    # Confirmations that could not be queued (Redis down) are sent from here.
    "newsletter-send-pending-confirmations": {
        "task": "newsletter.tasks.send_pending_confirmations",
        "schedule": 300.0,
    },
    # Scheduled campaigns, and campaigns a dead worker left half sent.
    "newsletter-resume-campaigns": {
        "task": "newsletter.tasks.resume_campaigns",
        "schedule": 60.0,
    },
    "newsletter-purge-unconfirmed": {
        "task": "newsletter.tasks.purge_unconfirmed",
        "schedule": 24 * 3600.0,
    },
    # CNIL: erase the people who left 30 days ago, and the proofs of consent
    # three years after the end of a subscription (newsletter/retention.py).
    "newsletter-apply-retention": {
        "task": "newsletter.tasks.apply_retention",
        "schedule": 24 * 3600.0,
    },
    # Forget the identities of old webhook events (kept to skip repeats).
    "newsletter-prune-webhook-events": {
        "task": "newsletter.tasks.prune_webhook_events",
        "schedule": 24 * 3600.0,
    },
}

# Wagtail's background tasks (django-tasks) and wagtail-localize's jobs run
# on the Celery workers, like every task of the site; eagerly when Celery is
# eager (no REDIS_URL). See cooperation/tasks_backend.py.
TASKS = {"default": {"BACKEND": "cooperation.tasks_backend.CeleryTaskBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "cooperation.tasks_backend.CeleryJobBackend"}

# Rate limits (django-ratelimit) are counted in the default cache.
RATELIMIT_USE_CACHE = "default"
# Behind a reverse proxy, the client's address is in a header it sets.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit only lists django_redis's cache as supported; Django's
    # own RedisCache shares its counters between processes and increments
    # them atomically (Redis INCR), which is all the rate limiter needs.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # Without Redis (a laptop, one process), the local memory cache counts
    # per process; that is acceptable there and only there.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French first; English and Arabic (right to left) for content.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
# The content languages as the admin names them, in the editor's language
# (the public language switcher names each in its own, from LANGUAGES).
WAGTAIL_CONTENT_LANGUAGES = [
    ("fr", gettext_lazy("Français")),
    ("en", gettext_lazy("Anglais")),
    ("ar", gettext_lazy("Arabe")),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Translations (wagtail-localize): a translation is a draft until someone
# publishes it, even when its French source is live (cooperation/translating.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine translation, off unless configured: DeepL with DEEPL_API_KEY, or a
# self-hosted LibreTranslate at LIBRETRANSLATE_URL (LIBRETRANSLATE_API_KEY if
# the server asks for one). DeepL wins when both are set.
DEEPL_API_KEY = env_str("DEEPL_API_KEY")
LIBRETRANSLATE_URL = env_str("LIBRETRANSLATE_URL")
if DEEPL_API_KEY:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": DEEPL_API_KEY},
    }
elif LIBRETRANSLATE_URL:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": LIBRETRANSLATE_URL,
            "API_KEY": env_str("LIBRETRANSLATE_API_KEY"),
        },
    }

# Static files: hashed names served by WhiteNoise.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Wagtail
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming without accents (search/migrations/0001_…).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Wagtail's sign-in form with a French label on its password field.
WAGTAILADMIN_USER_LOGIN_FORM = "cooperation.admin_forms.LoginForm"
# Self-hosted only: the admin's avatars without Gravatar's images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Email: Anymail carries every message in production; on a laptop, messages
# are written as files under var/mail/ so that nothing leaves the machine.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = Path(env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "La Coopération <contact@cooperation-romans.fr>"
)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ANYMAIL = {
    "BREVO_API_KEY": env_str("ANYMAIL_BREVO_API_KEY"),
    "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET"),
}
if env_str("ANYMAIL_BREVO_API_URL"):
    ANYMAIL["BREVO_API_URL"] = env_str("ANYMAIL_BREVO_API_URL")

# Newsletter: subscriptions, double opt-in and the links in every email.
# Pending sign-ups never confirmed are deleted after this many days.
NEWSLETTER_PENDING_TTL_DAYS = env_int("NEWSLETTER_PENDING_TTL_DAYS", 7)
# A confirmation link works for this many days.
NEWSLETTER_CONFIRM_MAX_AGE_DAYS = env_int("NEWSLETTER_CONFIRM_MAX_AGE_DAYS", 7)
# At most one confirmation (or "already subscribed") email per address in
# this many minutes, however often the form is sent.
NEWSLETTER_CONFIRMATION_RETRY_MINUTES = env_int(
    "NEWSLETTER_CONFIRMATION_RETRY_MINUTES", 15
)
# Sign-up attempts allowed per client address (django-ratelimit syntax).
NEWSLETTER_SIGNUP_RATE = env_str("NEWSLETTER_SIGNUP_RATE", "5/m")
# Secret for the salted hashes of suppressed addresses and IPs; SECRET_KEY
# when empty. Set it so that rotating SECRET_KEY keeps the suppression list.
NEWSLETTER_HASH_SECRET = env_str("NEWSLETTER_HASH_SECRET")
# The mailbox named in the mailto: part of List-Unsubscribe.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env_str(
    "NEWSLETTER_UNSUBSCRIBE_MAILTO", "desinscription@cooperation-romans.fr"
)

# Campaign sending (newsletter/sending/).
# Recipients per call to the ESP (Brevo accepts up to 1,000 versions).
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
# Messages per second across every worker; 0 for no limit.
NEWSLETTER_SEND_RATE = env_int("NEWSLETTER_SEND_RATE", 0)
# Transient ESP errors (429, 5xx, timeouts): retries with exponential backoff
# from this delay up to the cap, each delay shaken by ±50 % (jitter).
NEWSLETTER_RETRY_BASE_SECONDS = env_int("NEWSLETTER_RETRY_BASE_SECONDS", 10)
NEWSLETTER_RETRY_MAX_SECONDS = env_int("NEWSLETTER_RETRY_MAX_SECONDS", 600)
NEWSLETTER_MAX_RETRIES = env_int("NEWSLETTER_MAX_RETRIES", 8)
# A batch claimed longer ago than this belongs to a dead worker: no task can
# run longer than the hard time limit. The beat task checks it with the ESP.
NEWSLETTER_STALE_CLAIM_SECONDS = env_int(
    "NEWSLETTER_STALE_CLAIM_SECONDS", CELERY_TASK_TIME_LIMIT + 60
)
# Soft bounces of one address before it is suppressed.
NEWSLETTER_SOFT_BOUNCE_LIMIT = env_int("NEWSLETTER_SOFT_BOUNCE_LIMIT", 3)
# Webhook events already handled are remembered this many days, so that the
# ESP's repeats of a call count once (Brevo retries for 11 hours, SendGrid
# for 3 days).
NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS = env_int(
    "NEWSLETTER_WEBHOOK_EVENT_RETENTION_DAYS", 14
)

# Retention (CNIL): the data of someone who unsubscribed, bounced or
# complained is erased after this many days (a hash of the address stays);
# their proofs of consent are kept this many days after the end of the
# subscription (three years), then deleted.
NEWSLETTER_DEPARTED_RETENTION_DAYS = env_int("NEWSLETTER_DEPARTED_RETENTION_DAYS", 30)
NEWSLETTER_CONSENT_RETENTION_DAYS = env_int(
    "NEWSLETTER_CONSENT_RETENTION_DAYS", 3 * 365
)

# Logging: one line per event; JSON when LOG_FORMAT=json (production default).
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
    },
}
