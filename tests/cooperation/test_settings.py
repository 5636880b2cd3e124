"""Production settings are checked in a fresh process, as a server would load them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cooperation.settings.production",
    "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "ALLOWED_HOSTS": "cooperation-romans.fr",
    "ANYMAIL_BREVO_API_KEY": "xkeysib-test",
    "ANYMAIL_WEBHOOK_SECRET": "brevo:webhook-secret",
}


def manage(*args, env):
    clean = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe calls in this process only.
        if key not in PRODUCTION_ENV
        and key not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_pass_check_deploy_without_warning():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_production_refuses_to_start_without_the_brevo_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    del env["ANYMAIL_BREVO_API_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ANYMAIL_BREVO_API_KEY" in result.stderr


@pytest.mark.slow
def test_production_uses_anymail_brevo_and_another_esp_by_setting():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().endswith("anymail.backends.brevo.EmailBackend")
    env["EMAIL_BACKEND"] = "anymail.backends.mailgun.EmailBackend"
    del env["ANYMAIL_BREVO_API_KEY"]
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().endswith("anymail.backends.mailgun.EmailBackend")


@pytest.mark.slow
def test_production_mounts_the_webhooks_of_the_sending_esp_only():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    code = (
        "from newsletter.webhooks import urlpatterns; "
        "print(sorted(pattern.name for pattern in urlpatterns))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().endswith(
        "['brevo_inbound_webhook', 'brevo_tracking_webhook']"
    ), result.stderr
    env["EMAIL_BACKEND"] = "anymail.backends.mailgun.EmailBackend"
    del env["ANYMAIL_BREVO_API_KEY"]
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().endswith("['mailgun_tracking_webhook']"), result.stderr


@pytest.mark.slow
def test_dev_settings_write_emails_to_files_and_run_tasks_eagerly():
    code = (
        "from django.conf import settings; "
        "from cooperation.celery import app; "
        "print(settings.EMAIL_BACKEND, app.conf.task_always_eager, "
        "settings.DATABASES['default']['ENGINE'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "cooperation.settings.dev"}
    result = manage("shell", "-c", code, env={**env, "REDIS_URL": ""})
    assert result.returncode == 0, result.stderr
    backend, eager, engine = result.stdout.split()[-3:]
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert eager == "True"
    assert engine == "django.db.backends.sqlite3"


def machine_translator(env):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as the dev settings read it."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None))"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cooperation.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_machine_translation_is_off_unless_the_environment_chooses_one():
    assert machine_translator({}) == "None"
    deepl = machine_translator({"DEEPL_API_KEY": "clef:fx"})
    assert "DeepLTranslator" in deepl and "'AUTH_KEY': 'clef:fx'" in deepl
    libre = machine_translator({"LIBRETRANSLATE_URL": "https://traduction.example.org"})
    assert "LibreTranslator" in libre
    assert "'LIBRETRANSLATE_URL': 'https://traduction.example.org'" in libre
