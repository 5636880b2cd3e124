"""A Redis of the test's own to stop, and one that hangs: the outages.

Registered for the whole run by tests/conftest.py (pytest_plugins). The
machine's shared Redis is never stopped: `own_redis` starts a redis-server
on a free port (its own directory, nothing written to disk) that the test
stops and starts again; `hung_redis` is a listener that accepts connections
and never answers, as a Redis stuck on a full disk or a frozen host would.
`web_on(url)` points this process, the web side, at either one: the cache
(the rate limiter's counters, Wagtail's site root paths) and the Celery
producer.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import threading

import kombu.pools
import pytest
from django.conf import settings
from django.test.utils import override_settings

from cooperation.cache import reset_breakers
from cooperation.celery import app as celery_app
from tests.helpers import wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    """A port nobody listens on now: the kernel's pick for a socket bound to 0."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


class HungRedis:
    """A TCP listener that accepts every connection and never answers: to a
    client, a Redis that hangs (on `port`, a stopped Redis's say). The
    connections are held open until `close`."""

    def __init__(self, port=0):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self):
        while not self.closed.is_set():
            try:
                connection, _address = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(connection)

    def close(self):
        self.closed.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(timeout=5)
        for connection in self.accepted:
            connection.close()


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


@pytest.fixture
def hung_redis():
    """A Redis that accepts and never answers, for this test only."""
    hung = HungRedis()
    yield hung
    hung.close()


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


@contextlib.contextmanager
def web_on(url, **cache_options):
    """This process, the web side, uses the Redis at `url` for its cache
    (with `cache_options` added to its OPTIONS) and its broker; everything
    is put back after (the breakers closed too)."""
    real_broker = celery_app.conf.broker_url
    cache = settings.CACHES["default"]
    options = {**cache.get("OPTIONS", {}), **cache_options}
    reset_breakers()
    with override_settings(
        REDIS_URL=url,
        CACHES={"default": {**cache, "LOCATION": url, "OPTIONS": options}},
    ):
        use_broker(url)
        try:
            yield
        finally:
            use_broker(real_broker)
            reset_breakers()


@pytest.fixture
def web_on_own_redis(own_redis):
    """This process uses `own_redis` for its broker and its cache."""
    with web_on(own_redis.url):
        yield own_redis
