"""Redis stopped during sign-ups loses nothing: the real worker catches up.

The test starts a redis-server of its own (a free port, its own directory,
nothing written to disk) and points both sides at it: this process, which
plays the web server (Celery broker and cache), and a real Celery worker
process (its REDIS_URL). It checks that a first sign-up goes through that
server to the worker and back, then really stops the server (the process
is terminated) and sends 100 sign-ups through the real view: every one is
saved, none fails, nothing can be queued. It starts the server again on
the same port, empty as after a restart, and enqueues the beat task
`send_pending_confirmations` as the beat would: the worker, having found
its broker again, sends exactly one confirmation to each of the 100 people,
each carrying that person's link; the beat's next run sends nothing.

The machine's shared Redis is never stopped, and the worker never uses it
(the server and the fixtures are tests/outages.py's).
The worker writes its emails as files, which the test reads.
"""

import email
import email.policy
import os
import re

import pytest
import redis
from django.test import Client
from django.urls import reverse

from newsletter import tasks, tokens
from newsletter.models import Subscriber
from tests.helpers import wait_for
from tests.outages import answers_ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SIGNUPS = 100
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"


def sent_messages(mail_dir):
    """Every message the file backend wrote, parsed."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_text().split(MAIL_SEPARATOR):
            if chunk.strip():
                messages.append(
                    email.message_from_string(chunk, policy=email.policy.default)
                )
    return messages


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def confirmation_token(message):
    match = re.search(r"/confirmer/([^/\s]+)/", text_of(message))
    return match.group(1) if match else None


def beat_runs(worker):
    """What each run of send_pending_confirmations returned (how many it
    sent), from the worker's log."""
    return [
        int(sent)
        for sent in re.findall(
            r"send_pending_confirmations\[[^\]]+\] succeeded in \S+: (\d+)",
            worker["log"].read_text(),
        )
    ]


def sign_up(address, number, mailing_list):
    """The sign-up form, from a browser of its own (its own IP address)."""
    return Client(REMOTE_ADDR=f"198.51.100.{number % 250}").post(
        reverse("newsletter:subscribe"),
        {"email": address, "lists": [mailing_list.pk], "consent": "on"},
    )


def test_redis_stopped_during_100_signups_all_saved_and_confirmed_once_it_is_back(
    web_on_own_redis, celery_worker_factory, tmp_path, mailing_lists, site_tree, caplog
):
    redis_server = web_on_own_redis
    agenda = mailing_lists["agenda"]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    worker = celery_worker_factory(
        {
            "REDIS_URL": redis_server.url,
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
    )

    def worker_log():
        return worker["log"].read_text()[-3000:]

    # Before the outage: a sign-up travels through our redis-server to the
    # worker, which sends its confirmation; the shared Redis saw nothing of
    # the worker's queue.
    binding = f"_kombu.binding.{worker['queue']}"
    assert redis.Redis.from_url(redis_server.url).exists(binding)
    # (The test settings put the shared Redis's address in the environment.)
    assert not redis.Redis.from_url(os.environ["REDIS_URL"]).exists(binding)
    response = sign_up("avant@example.fr", 0, agenda)
    assert response.status_code == 302
    assert wait_for(
        lambda: Subscriber.objects.filter(
            email="avant@example.fr", confirmation_sent_at__isnull=False
        ).exists()
    ), worker_log()
    assert [m["To"] for m in sent_messages(mail_dir)] == ["avant@example.fr"]
    for path in mail_dir.iterdir():
        path.unlink()

    # The outage: the server is stopped, really.
    redis_server.stop()
    assert not answers_ping(redis_server.port)
    caplog.clear()
    for number in range(SIGNUPS):
        response = sign_up(f"personne{number}@example.fr", number, agenda)
        assert response.status_code == 302, response.content.decode()[:500]
        assert response["Location"] == reverse("newsletter:check_inbox")

    # Every sign-up was saved; none could be queued, nor counted.
    warnings = [record.getMessage() for record in caplog.records]
    assert sum("broker unreachable" in w for w in warnings) == SIGNUPS
    assert sum("rate limit cache unreachable" in w for w in warnings) == SIGNUPS
    people = Subscriber.objects.filter(email__startswith="personne")
    assert people.count() == SIGNUPS
    assert people.filter(status="pending").count() == SIGNUPS
    assert people.filter(lists=agenda).count() == SIGNUPS
    assert not people.filter(confirmation_sent_at__isnull=False).exists()
    assert sent_messages(mail_dir) == []

    # Redis is back, on the same port, empty. The beat enqueues its task; the
    # worker, once reconnected, runs it.
    redis_server.start()
    tasks.send_pending_confirmations.delay()

    assert wait_for(lambda: beat_runs(worker) == [SIGNUPS]), worker_log()
    assert not people.filter(confirmation_sent_at__isnull=True).exists()
    messages = sent_messages(mail_dir)
    assert len(messages) == SIGNUPS
    recipients = sorted(str(message["To"]) for message in messages)
    assert recipients == sorted(f"personne{n}@example.fr" for n in range(SIGNUPS))
    assert all(message["Cc"] is None and message["Bcc"] is None for message in messages)
    # Each carries the confirmation link of the person it went to.
    for message in messages:
        subscriber = tokens.read_token(confirmation_token(message), tokens.CONFIRM)
        assert subscriber is not None, text_of(message)
        assert subscriber.email == message["To"]
    # The beat's next run finds nothing left to send.
    tasks.send_pending_confirmations.delay()
    assert wait_for(lambda: beat_runs(worker) == [SIGNUPS, 0]), worker_log()
    assert len(sent_messages(mail_dir)) == SIGNUPS
    # The worker lived through the outage too: it lost its broker, then
    # found it again.
    assert "Connection to broker lost" in worker["log"].read_text()
