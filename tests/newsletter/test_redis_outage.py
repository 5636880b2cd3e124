"""A broker outage during sign-ups loses nothing: the real worker catches up.

The shared Redis stays up (other people use it): the test process alone is
pointed at a closed port for its broker and its cache, which is what the web
process sees when Redis is down. The worker, a separate process, keeps the
real Redis and writes its emails as files, which the test then reads.
"""

import email
import time

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.celery import app as celery_app
from newsletter import tasks
from newsletter.models import Subscriber

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

CLOSED_PORT = "redis://127.0.0.1:1/0"
SIGNUPS = 100


def wait_for(predicate, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def use_broker(url):
    """Point this process's Celery producer at `url` (pools are per URL)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def sent_messages(mail_dir):
    """Every message the file backend wrote, parsed."""
    separator = "\n" + "-" * 79 + "\n"
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text().split(separator):
            if chunk.strip():
                messages.append(email.message_from_string(chunk))
    return messages


def test_signups_during_a_redis_outage_are_saved_and_confirmed_once_it_is_back(
    celery_worker_factory, tmp_path, settings, mailing_lists, site_tree, caplog
):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = celery_worker_factory(
        {
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
    )
    real_broker = celery_app.conf.broker_url
    real_cache = settings.CACHES["default"]

    use_broker(CLOSED_PORT)
    settings.CACHES = {"default": {**real_cache, "LOCATION": CLOSED_PORT}}
    try:
        started = time.monotonic()
        for number in range(SIGNUPS):
            response = Client(REMOTE_ADDR=f"198.51.100.{number}").post(
                reverse("newsletter:subscribe"),
                {
                    "email": f"personne{number}@example.fr",
                    "lists": [mailing_lists["agenda"].pk],
                    "consent": "on",
                },
            )
            assert response.status_code == 302, response.content.decode()[:500]
        elapsed = time.monotonic() - started
    finally:
        use_broker(real_broker)
        settings.CACHES = {"default": real_cache}

    # Redis really was out of reach, for the broker and for the rate limiter.
    warnings = [record.getMessage() for record in caplog.records]
    assert sum("broker unreachable" in w for w in warnings) == SIGNUPS
    assert sum("rate limit cache unreachable" in w for w in warnings) == SIGNUPS
    assert Subscriber.objects.filter(status="pending").count() == SIGNUPS
    assert not Subscriber.objects.filter(confirmation_sent_at__isnull=False).exists()
    assert sent_messages(mail_dir) == []
    # Visitors were not kept waiting by connection retries.
    assert elapsed < SIGNUPS * 1.0

    # Redis is back: the beat task, run by the real worker, sends them all.
    tasks.send_pending_confirmations.delay()

    assert wait_for(
        lambda: (
            not Subscriber.objects.filter(confirmation_sent_at__isnull=True).exists()
        )
    ), worker["log"].read_text()[-3000:]
    messages = sent_messages(mail_dir)
    recipients = sorted(message["To"] for message in messages)
    assert recipients == sorted(f"personne{n}@example.fr" for n in range(SIGNUPS))
    assert all(message["Cc"] is None and message["Bcc"] is None for message in messages)
    assert all("/confirmer/" in message.as_string() for message in messages)
