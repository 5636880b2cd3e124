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

The machine's shared Redis is never stopped, and the worker never uses it.
The worker writes its emails as files, which the test reads.
"""

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess

import kombu.pools
import pytest
import redis
from django.test import Client
from django.urls import reverse

from cooperation.celery import app as celery_app
from newsletter import tasks, tokens
from newsletter.models import Subscriber
from tests.helpers import wait_for
from tests.newsletter.conftest import free_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SIGNUPS = 100
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MAIL_SEPARATOR = "\n" + "-" * 79 + "\n"


def answers_ping(port):
    """True when a Redis server answers PING on 127.0.0.1:`port` (no client
    library in the way, so no retry either)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """A redis-server process of the test's own, which it can stop and start
    again on the same port."""

    def __init__(self, directory):
        self.directory = directory
        self.directory.mkdir()
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log(self):
        return self.directory / "redis.log"

    def start(self):
        assert self.process is None, "this redis-server is already running"
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.log),
                "--daemonize",
                "no",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        if not wait_for(
            lambda: answers_ping(self.port) or self.process.poll() is not None, 20
        ) or not answers_ping(self.port):
            self.kill()
            log = self.log.read_text() if self.log.exists() else ""
            pytest.fail(f"redis-server did not start on port {self.port}:\n{log}")

    def stop(self):
        """Terminate the server, as an outage would, and wait until it is gone."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(request, tmp_path):
    """A redis-server for this test only, killed at teardown whatever happens."""
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.skip(
            "redis-server is not installed (scripts/ensure_services.sh installs "
            "it): this test needs a Redis server of its own to stop"
        )
    server = RedisServer(tmp_path / "redis")
    request.addfinalizer(server.kill)
    server.start()
    return server


def use_broker(url):
    """Point this process's Celery producer at `url`, dropping the
    connections of the previous one.

    Kombu keeps one connection pool per broker URL for the whole process,
    and the app's pool is one of them: closing it alone left it closed, and
    still registered, for the next test on the same URL (even eager tasks
    take a producer from it: "Acquire on closed pool"). Every pool is
    closed and forgotten instead, so the next task opens a fresh one.
    """
    kombu.pools.reset()
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def web_on_own_redis(own_redis, settings):
    """This process, the web side, uses `own_redis` for its broker and its
    cache (the rate limiter's counters); everything is put back after."""
    real_broker = celery_app.conf.broker_url
    settings.REDIS_URL = own_redis.url
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": own_redis.url}
    }
    use_broker(own_redis.url)
    yield own_redis
    use_broker(real_broker)


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
