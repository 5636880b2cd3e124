"""Production settings: everything secret comes from the environment.

A missing secret stops the process at start-up with a message that names it.
"""

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_required, env_str

DEBUG = False
SECRET_KEY = env_required(
    "SECRET_KEY", "elle signe les sessions, les jetons et les liens de désinscription"
)

# Production never falls back to SQLite, local memory or eager tasks.
env_required("DATABASE_URL", "la base PostgreSQL du site")
env_required("REDIS_URL", "Redis sert de file Celery et de cache")
env_required("ALLOWED_HOSTS", "les noms de domaine servis, séparés par des virgules")

# HTTPS everywhere, behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Email through Anymail: Brevo unless EMAIL_BACKEND names another ESP backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "anymail.backends.brevo.EmailBackend")
if EMAIL_BACKEND == "anymail.backends.brevo.EmailBackend":
    ANYMAIL["BREVO_API_KEY"] = env_required(  # noqa: F405
        "ANYMAIL_BREVO_API_KEY", "les courriels partent par l'API de Brevo"
    )
# Only the sending ESP's webhooks are mounted: anymail.backends.<esp>.…
if EMAIL_BACKEND.startswith("anymail.backends."):
    NEWSLETTER_ESP = env_str("NEWSLETTER_ESP", EMAIL_BACKEND.split(".")[2])
ANYMAIL["WEBHOOK_SECRET"] = env_required(  # noqa: F405
    "ANYMAIL_WEBHOOK_SECRET", "il protège les webhooks de suivi des envois"
)

LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = (  # noqa: F405
    "json" if LOG_FORMAT == "json" else "plain"
)
