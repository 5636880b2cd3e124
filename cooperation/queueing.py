"""Queuing a task from the web process: bounded in time, never failing.

What a task is to do is written in the database first; queuing it is only
a nudge. If the broker is down or hung the nudge is lost, never the work: a
beat task finds it in the database once the broker is back (the newsletter's
confirmations and campaigns), or a command rebuilds it (Wagtail's reference
index: `rebuild_references_index`). The visitor or the editor gets their
answer page at once either way.

Every task the web process queues goes through here: the newsletter's, and
Wagtail's and wagtail-localize's background work (cooperation/tasks_backend.py).
"""

import contextlib
import logging

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# What a broker outage looks like from the web process.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)


@contextlib.contextmanager
def broker_connection(app):
    """A connection to `app`'s broker, made in one try and bounded by
    REDIS_TIMEOUT (kombu would otherwise retry for seconds, and wait on a hung
    Redis as long as the operating system lets it)."""
    timeout = settings.REDIS_TIMEOUT
    with app.connection_for_write(
        connect_timeout=timeout,
        transport_options={
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
        },
    ) as connection:
        connection.ensure_connection(max_retries=0, interval_start=0)
        yield connection


def enqueue(task, args=(), kwargs=None, **options):
    """Send `task` to the broker now; True if it went, False (logged) if the
    broker could not take it. With eager Celery (no REDIS_URL, the tests) the
    task runs here, and its errors are raised as Celery raises them."""
    app = task.app
    if app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs, **options)
        return True
    try:
        with broker_connection(app) as connection:
            task.apply_async(
                args=args, kwargs=kwargs, connection=connection, retry=False, **options
            )
    except BROKER_ERRORS as error:
        logger.warning(
            "broker unreachable (%s), %s(%s) not queued",
            error.__class__.__name__,
            task.name,
            # Ids only: a sign-up's arguments hold an address.
            ", ".join(str(arg) if isinstance(arg, int) else "…" for arg in args),
        )
        return False
    return True


def enqueue_on_commit(task, *args, **options):
    """`enqueue(task, args)` once the current transaction commits.

    Whatever else goes wrong after the commit is logged, never raised into
    the request whose work is already saved; except when Celery is eager,
    where the task ran here and its error is the test's or the developer's
    to see.
    """
    transaction.on_commit(
        lambda: enqueue(task, args, **options),
        robust=not task.app.conf.task_always_eager,
    )
