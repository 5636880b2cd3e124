"""Settings shared by every environment.

Everything that differs between a laptop, the test run and production is read
from environment variables (see `.env.example` and the README).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy

from .env import env_bool, env_float, env_int, env_list, env_str

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

# Tags keep the capitals they were typed with (« Berlin », « La Fonda »,
# « CAF »), their slugs stay in lower case for the addresses; typing « caf »
# again picks the existing « CAF » instead of making a second tag.
TAGGIT_CASE_INSENSITIVE = True

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
    "axes",
    "csp",
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
    # A NUL byte or bytes that are not UTF-8 in the address: 400.
    "cooperation.middleware.UnreadableRequestMiddleware",
    # Content-Security-Policy, Permissions-Policy, Cross-Origin-Resource-Policy
    # (cooperation/security.py; the policies are below).
    "cooperation.security.ContentSecurityPolicyMiddleware",
    "cooperation.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Image alternative texts in the reader's language, read once a request.
    "images.alt_texts.AltTextMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, auth and messages: a hit never reaches them (and runs no
    # SQL), and what they do to a miss is seen before it is kept.
    "cooperation.page_cache.PageCacheMiddleware",
    # The request's Site from the site cache (cooperation/serving.py).
    "cooperation.serving.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Each language's typography on the public pages' text (near the view,
    # so that it sees the finished page and caches keep the typeset one).
    "cooperation.typography.TypographyMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp), in every environment so that the
# tests and a laptop meet what production enforces. The public pages run no
# inline script (a nonce would be given to one; there is none) and no inline
# style; images come from the site, data: URIs (Leaflet, the admin's
# previews), OpenStreetMap's tiles (the centres' maps) and CSP_EXTRA_IMG_SRC
# (media on another host); embedded videos from the known players plus
# CSP_EXTRA_FRAME_SRC (a PeerTube instance).
_map_tiles = "https://tile.openstreetmap.org"
_extra_img_src = env_list("CSP_EXTRA_IMG_SRC")
_frame_src = [
    SELF,
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
    *env_list("CSP_EXTRA_FRAME_SRC"),
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _map_tiles, *_extra_img_src],
        "frame-src": _frame_src,
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    },
}
# The admin (/admin/) gets its own policy, applied by
# cooperation.security.ContentSecurityPolicyMiddleware. Wagtail 8 and
# wagtail-localize still write inline <script> elements (InlinePanel, the
# date and time widgets, the translation editor's chooser addresses, the
# chooser modals' responses run through jQuery) and style="" attributes
# (panels, the image focal point, progress bars), so scripts and styles
# need 'unsafe-inline' there, and no nonce (a nonce would switch
# 'unsafe-inline' off). Tried without: the image chooser's modal never opens
# (tests/browser/test_content_security_policy.py runs the admin under this
# policy and finds no violation). Everything else stays as strict as the public
# policy: objects, <base> and framing by other sites stay refused, and
# scripts still come only from the site. Only signed-in editors reach
# these pages.
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", _map_tiles, *_extra_img_src],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIX = "/admin/"
# Powerful browser features the site never uses, refused to every page and
# to anything embedded in it (Permissions-Policy).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}
# Cross-Origin-Resource-Policy: same-origin, except for the addresses other
# sites legitimately load: the images of /media/ (the newsletter's emails
# show them in webmail pages of other origins, feed readers too).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY_OPEN_PREFIXES = ["/media/"]

# django-axes first: it refuses a locked-out account or client before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
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
# How long the web process waits for Redis (seconds) before it does without:
# a page renders without the cache, a task is left to the beat. Redis answers
# in well under a millisecond on the machine or its network.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 0.25)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache whose failures are misses (cooperation/cache.py).
            "BACKEND": "cooperation.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "coop"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
                # After a failure, the cache is skipped for this long.
                "BREAKER_SECONDS": env_int("CACHE_BREAKER_SECONDS", 5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cooperation",
        }
    }

# The page cache (cooperation/page_cache.py): anonymous pages kept this many
# seconds in the cache above, and as long in a shared cache in front of the
# site (nginx, through `Cache-Control: s-maxage`); 0 turns it off. Not-found
# pages, and pages that show a time-dependent status (« Ouvert maintenant »),
# are kept for the shorter times.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_NOT_FOUND_SECONDS = env_int("PAGE_CACHE_NOT_FOUND_SECONDS", 60)
PAGE_CACHE_SHORT_SECONDS = env_int("PAGE_CACHE_SHORT_SECONDS", 60)
# In nginx's cache, an address with a query string (?page=2, a filter, a
# search) is kept at most this long: its purges name addresses one by one.
PAGE_CACHE_QUERY_SECONDS = env_int("PAGE_CACHE_QUERY_SECONDS", 30)
# Never cached: the admin and what is served per person or per token.
PAGE_CACHE_EXCLUDED_PATHS = [
    r"/admin/",
    r"/documents/",
    r"/health/",
    r"/anymail/",
    r"/(?:(?:en|ar)/)?newsletter/inscription/",
]
# Saving or deleting one of these forgets every cached page (pages themselves
# purge when published, unpublished, moved or deleted).
PAGE_CACHE_PURGE_MODELS = [
    "cooperation.SiteSettings",
    "cooperation.FooterAddress",
    "agenda.EventCategory",
    "blog.NewsCategory",
    "projects.Dimension",
    "projects.Keyword",
    "projects.PartnerType",
    "projects.Audience",
    "newsletter.MailingList",
    "images.CustomImage",
    "images.AltText",
    "wagtaildocs.Document",
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailredirects.Redirect",
    "wagtailsearchpromotions.SearchPromotion",
    "search.SynonymGroup",
]

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
    # A hung Redis must not hang a worker or the beat for ever; the web
    # process queues with shorter ones still (cooperation/queueing.py).
    "socket_connect_timeout": env_float("CELERY_BROKER_SOCKET_TIMEOUT", 5.0),
    "socket_timeout": env_float("CELERY_BROKER_SOCKET_TIMEOUT", 5.0),
}
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_SOCKET_TIMEOUT", 5.0)
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
# The client's address: REMOTE_ADDR, or behind the reverse proxy the one
# header it sets (e.g. CLIENT_IP_HEADER=X-Real-IP); never X-Forwarded-For as
# the client sent it. One function reads it (cooperation/client_ip.py) for the
# rate limits, the admin's login throttle and the consent records.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")
RATELIMIT_IP_META_KEY = "cooperation.client_ip.client_ip_for_rate_limit"
# Redis down: the request goes through (newsletter/views.py logs it).
RATELIMIT_FAIL_OPEN = True
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

# The admin's sign-in (django-axes): after AXES_FAILURE_LIMIT wrong passwords
# for one account, from anywhere, or from one client, for any account, both
# are refused, even with the right password, for AXES_COOLOFF_MINUTES. The
# attempts are rows in PostgreSQL (the admin lists them), so the throttle
# holds when Redis is down. The page says so in French
# (cooperation/login_throttle.py) and a warning is logged.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cooperation.client_ip.client_ip_for_rate_limit"
AXES_LOCKOUT_CALLABLE = "cooperation.login_throttle.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# The admin's password reset: emails sent per client and per address.
ADMIN_PASSWORD_RESET_RATE_PER_CLIENT = env_str(
    "ADMIN_PASSWORD_RESET_RATE_PER_CLIENT", "5/h"
)
ADMIN_PASSWORD_RESET_RATE_PER_ADDRESS = env_str(
    "ADMIN_PASSWORD_RESET_RATE_PER_ADDRESS", "3/h"
)

# /health/ shows its backends and timings to this machine and to requests
# carrying "Authorization: Bearer <HEALTH_TOKEN>"; others see the status only.
HEALTH_TOKEN = env_str("HEALTH_TOKEN")

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

# Static files: hashed names, served by nginx in production (WhiteNoise
# where nothing is in front of Django).
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
# Media (images, renditions, documents) on S3-compatible storage when a bucket
# is named (django-storages); on the local disk under MEDIA_ROOT otherwise,
# served by nginx (deploy/nginx/). The keys come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, read by boto3 itself.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Public objects under plain URLs (a custom domain or the bucket's
            # own): a cached page must not carry signed URLs that expire.
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("MEDIA_S3_SIGNED_URLS", False),
            "file_overwrite": False,
        },
    }
# Documents always go through Wagtail's view, which checks their privacy
# (nginx refuses /media/documents/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# nginx's cache of anonymous pages is purged on publish when its purge server
# is named (cooperation/frontend_purge.py, deploy/nginx/).
FRONTEND_CACHE_PURGE_URL = env_str("FRONTEND_CACHE_PURGE_URL")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "cooperation.frontend_purge.TimeoutHTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
            "TIMEOUT": env_float("FRONTEND_CACHE_PURGE_TIMEOUT", 5),
        }
    }
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Wagtail
WAGTAILIMAGES_IMAGE_MODEL = "images.CustomImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming without accents (search/migrations/0001_…).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same French roots on SQLite, index and queries (search/backends/).
    WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.sqlite_french"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No wrapper with an inline style (the Content-Security-Policy refuses style
# attributes): site.css gives embedded iframes their 16:9 ratio.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Wagtail's sign-in form with a French label on its password field.
WAGTAILADMIN_USER_LOGIN_FORM = "cooperation.admin_forms.LoginForm"
# Self-hosted only: no call from the admin to Wagtail's release feed (the
# Content-Security-Policy refuses it too), no Gravatar images for avatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
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
# The ESP whose webhooks are mounted under /anymail/ (Anymail's name for it:
# "brevo", "mailgun"…); production takes it from EMAIL_BACKEND.
NEWSLETTER_ESP = env_str("NEWSLETTER_ESP", "brevo")

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
# The data export sent by email: per subscriber, and per client address.
NEWSLETTER_EXPORT_EMAIL_RATE_PER_SUBSCRIBER = env_str(
    "NEWSLETTER_EXPORT_EMAIL_RATE_PER_SUBSCRIBER", "3/d"
)
NEWSLETTER_EXPORT_EMAIL_RATE_PER_CLIENT = env_str(
    "NEWSLETTER_EXPORT_EMAIL_RATE_PER_CLIENT", "10/h"
)
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
# A "send now" campaign not started this long after the editor's click (the
# broker was down and lost its start task) is started by the beat.
NEWSLETTER_START_GRACE_SECONDS = env_int("NEWSLETTER_START_GRACE_SECONDS", 60)
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
