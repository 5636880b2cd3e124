"""Through a real server: gunicorn's sync worker, as in production, with
persistent database connections (CONN_MAX_AGE) and Django's request
signals, which the test client leaves out.

- Redis up, then stopped, then hung (a listener that never answers, on the
  stopped Redis's port): the pages keep their status and answer within a
  second of their time with Redis up; `/health/` names the cache and the
  broker.
- PostgreSQL restarted (every connection to the test database terminated
  with pg_terminate_backend, the worker's kept one included): the next
  request succeeds, because CONN_HEALTH_CHECKS tests a kept connection at
  the start of each request and opens a new one.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.helpers import wait_for
from tests.outages import HungRedis, free_port

pytestmark = pytest.mark.django_db(transaction=True)

BOUND = 1.0
PATHS = [
    "/",
    "/en/",
    "/ar/",
    "/actualites/",
    "/en/news/",
    "/actualites/flux/rss/",
    "/recherche/?q=quartier",
    "/sitemap.xml",
    "/robots.txt",
]


def get(url):
    """(status, seconds, body) of a GET; HTTP errors are answers too."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, time.monotonic() - started, body


@pytest.fixture
def gunicorn(own_redis, tmp_path):
    """gunicorn serving the site from the test database, with `own_redis`
    for its cache and broker and its database connections kept a minute."""
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
            f"{db['NAME']}"
        ),
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": own_redis.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    log = tmp_path / "gunicorn.log"
    root = Path(__file__).resolve().parents[2]
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cooperation.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=root,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"

    def answers():
        try:
            return get(base + "/robots.txt")[0] == 200
        except OSError:
            return process.poll() is not None

    try:
        if not wait_for(answers, 60) or process.poll() is not None:
            pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
        yield {"url": base, "log": log}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def visit(base, up=None):
    """{path: (status, seconds)}; with `up`, a request slower than its bound
    is tried twice more and the fastest kept (the machine is shared)."""
    answers = {}
    for path in PATHS:
        status, seconds, _ = get(base + path)
        for _ in range(2):
            if up is None or seconds <= up[path][1] + BOUND:
                break
            again_status, again, _ = get(base + path)
            status = status if again_status == status else -1
            seconds = min(seconds, again)
        answers[path] = (status, seconds)
    return answers


def assert_as_with_redis_up(answers, up, what):
    wrong = {
        path: (status, round(seconds, 3))
        for path, (status, seconds) in answers.items()
        if status != up[path][0] or seconds > up[path][1] + BOUND
    }
    assert not wrong, f"Redis {what}, not as with Redis up: {wrong}; up: {up}"


def health(base):
    status, seconds, body = get(base + "/health/")
    return status, seconds, json.loads(body)


def test_pages_through_gunicorn_with_redis_up_stopped_then_hung(
    site_tree, own_redis, gunicorn
):
    base = gunicorn["url"]
    up = visit(base)
    assert {status for status, _ in up.values()} == {200}, up
    assert health(base)[0] == 200

    own_redis.stop()
    assert_as_with_redis_up(visit(base, up), up, "stopped")
    status, seconds, body = health(base)
    assert (status, body["down"]) == (503, ["cache", "broker"])
    assert seconds < BOUND

    hung = HungRedis(own_redis.port)
    try:
        assert_as_with_redis_up(visit(base, up), up, "hung")
        status, seconds, body = health(base)
        assert (status, body["down"]) == (503, ["cache", "broker"])
        assert seconds < BOUND
        assert hung.accepted, "the server never reached the hung Redis"
    finally:
        hung.close()
    assert "Traceback" not in gunicorn["log"].read_text()


def terminate_other_connections():
    """What a PostgreSQL restart does to the site's connections: every
    backend on the test database but this one is terminated."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_next_request_succeeds_after_postgresql_dropped_the_connections(
    site_tree, gunicorn
):
    base = gunicorn["url"]
    assert get(base + "/")[0] == 200
    # The worker keeps its connection between requests (CONN_MAX_AGE)…
    assert terminate_other_connections() >= 1
    # …so the next request finds it dead, and opens another.
    for path in ("/", "/actualites/", "/en/"):
        status, _, body = get(base + path)
        assert status == 200, body[:500]
    status, _, body = health(base)
    assert body["checks"]["database"]["ok"] is True
    assert terminate_other_connections() >= 1
    assert get(base + "/ar/")[0] == 200
