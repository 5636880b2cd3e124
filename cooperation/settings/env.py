"""Small readers for the environment variables the settings are built from.

Every setting that changes between machines comes from the environment
(12-factor). These helpers only parse; they never invent a secret.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit être un nombre entier "
            f"(valeur reçue : {value!r})."
        ) from exc


def env_float(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} doit être un nombre "
            f"(valeur reçue : {value!r})."
        ) from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name, why):
    """Return a variable that must be set, or stop with a clear message."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire : {why} "
            f"(the environment variable {name} is required)."
        )
    return value
