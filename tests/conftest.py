from contextlib import ExitStack, contextmanager

import pytest
from django.core.cache import cache

pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache is the real Redis: start every test from an empty one."""
    cache.clear()
    yield


@pytest.fixture
def site_tree(db):
    from tests.factories import build_site_tree

    return build_site_tree()


@pytest.fixture
def celery_worker_factory(django_db_setup, django_db_blocker, tmp_path):
    """Start a real Celery worker process, on the real Redis, against the test
    DB; `extra_env` adds environment variables (an email backend that writes
    files, say) and wins over the defaults: its REDIS_URL gives the worker
    another Redis server (broker, cache and send-rate timeline). Call it once
    per test.

    The test process stops running tasks eagerly while the worker is up, so
    `.delay()` goes through the broker like in production.
    """
    with ExitStack() as stack:

        def start(extra_env=None):
            return stack.enter_context(_running_worker(tmp_path, extra_env or {}))

        yield start


@pytest.fixture
def celery_worker(celery_worker_factory):
    """A real Celery worker with the test settings' defaults."""
    return celery_worker_factory()


@contextmanager
def _running_worker(tmp_path, extra_env):
    import os
    import subprocess
    import sys
    import time
    import uuid
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    from cooperation.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )
    log_path = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **extra_env,
    }
    root = Path(__file__).resolve().parent.parent
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cooperation",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "--pool=prefork",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)

    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield {"process": process, "queue": queue, "log": log_path}
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
