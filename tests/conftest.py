import copy
import os
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    connection,
    connections,
    transaction,
)
from django.utils import translation

from cooperation.celery import app as celery_app
from tests.factories import build_site_tree

pytest_plugins = ["tests.browser_fixtures", "tests.outages"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A transactional test is `slow`: the whole database is flushed after
    it, and a database kept by --reuse-db would then have to be made again
    at the next run (see django_db_createdb)."""
    for item in items:
        if is_transactional(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_blocker):
    """Make the test database again with --create-db, and with --reuse-db
    when the kept one was flushed by the last run (a transactional test, a
    module of shared browser data): the rows the migrations write (Wagtail's
    root page, the default lists and categories) would be missing."""
    if request.config.getvalue("create_db"):
        return True
    if not request.config.getvalue("reuse_db"):
        return False
    with django_db_blocker.unblock():
        return _kept_database_was_flushed()


def _kept_database_was_flushed():
    default = connections[DEFAULT_DB_ALIAS]
    kept = {**default.settings_dict, "NAME": default.creation._get_test_db_name()}
    probe = type(default)(kept, alias=DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM wagtailcore_page WHERE depth = 1")
            return cursor.fetchone()[0] == 0
    except DatabaseError:  # not made yet, or not migrated: pytest-django does it
        return False
    finally:
        probe.close()


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active in the thread (LocaleMiddleware
    does not undo it): after a test that asked for /ar/, the next one would
    run in Arabic. Every test starts in the site's default language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache is the real Redis: start every test from an empty one."""
    cache.clear()
    yield


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker):
    """A transaction open for the whole module, rolled back at its end; None
    when the module's first test to ask for it is transactional.

    What a module-scoped fixture writes inside it (a page tree built once) is
    seen by every test of the module that uses `db`: pytest-django nests each
    such test in a savepoint, rolled back after it, so a test that writes
    leaves the next one the module's data and nothing else. A transactional
    test (a live server or a worker process must see its data) cannot share
    it: pytest-django runs those after the others, and they build their own.
    """
    # The module's first test to ask: a module-scoped request has no public
    # way to name it.
    if is_transactional(request._pyfuncitem):
        yield None
        return
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    yield atomic
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def is_transactional(item):
    """True when pytest-django runs `item` as a TransactionTestCase."""
    marker = item.get_closest_marker("django_db")
    return bool(
        marker
        and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or any(name in item.fixturenames for name in ("transactional_db", "live_server"))


@pytest.fixture(scope="module")
def module_site_tree(module_db, django_db_blocker):
    """build_site_tree(), once per module (see `module_db`); None for a
    transactional test."""
    if module_db is None:
        return None
    with django_db_blocker.unblock():
        return build_site_tree()


@pytest.fixture
def site_tree(request, module_site_tree, db):
    """The three-language tree of build_site_tree(), for one test.

    Built once per module and copied for each test, as Django's
    setUpTestData does: a test that changes a page (unpublishes it, say) in
    memory or in the database leaves the next test the tree as built. A
    transactional test gets a tree of its own, committed, that a live server
    or a worker process can read.
    """
    if is_transactional(request.node):
        assert module_site_tree is None, (
            "the module's transaction is still open: a transactional test "
            "cannot share its module with the tests of module_site_tree"
        )
        return build_site_tree()
    return copy.deepcopy(module_site_tree)


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

        def start(extra_env=None, *, hostname=None, queue=None):
            """`hostname` (celery's -n, "w1@%h") and `queue` (another
            worker's) let several workers share one queue."""
            return stack.enter_context(
                _running_worker(tmp_path, extra_env or {}, hostname, queue)
            )

        yield start


@pytest.fixture
def celery_worker(celery_worker_factory):
    """A real Celery worker with the test settings' defaults."""
    return celery_worker_factory()


@contextmanager
def _running_worker(tmp_path, extra_env, hostname=None, queue=None):
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    hostname = hostname or f"{queue}@%h"
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )
    log_path = tmp_path / f"worker-{hostname.split('@')[0]}.log"
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
                hostname,
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
