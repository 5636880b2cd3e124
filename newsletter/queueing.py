"""Queuing a task once the transaction commits, without ever failing.

What a task is to do is written in the database first; queuing it is only
a nudge. If the broker is down the nudge is lost, never the work: a beat
task finds it in the database once the broker is back.
"""

import logging

import kombu.exceptions
import redis.exceptions
from django.db import transaction

logger = logging.getLogger(__name__)

# What a broker outage looks like from the web process.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
)


def enqueue(task, *args):
    """Queue `task` now; True when the broker took it, False (logged) when
    it was unreachable. Eager Celery (no Redis) runs the task here."""
    app = task.app
    try:
        if app.conf.task_always_eager:
            task.apply_async(args=args)
            return True
        # Fail fast: by default kombu retries the connection for seconds,
        # and the visitor would wait that long for their answer page.
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0)
            task.apply_async(args=args, connection=connection, retry=False)
    except BROKER_ERRORS:
        logger.warning(
            "newsletter: broker unreachable, %s(%s) left to the beat task",
            task.name,
            # Ids only: a sign-up's arguments hold an address.
            ", ".join(str(arg) if isinstance(arg, int) else "…" for arg in args),
        )
        return False
    return True


def enqueue_on_commit(task, *args):
    """Queue `task` once the current transaction commits, never failing.

    If the broker is unreachable the error is logged and swallowed: what the
    task was to do is already recorded in the database, and a beat task
    picks it up when the broker is back.
    """
    transaction.on_commit(lambda: enqueue(task, *args))
