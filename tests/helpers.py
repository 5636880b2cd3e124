"""Small helpers the test modules share: the site's time zone, a wait for
what another process does, and moving the schema for migration tests."""

import time
import zoneinfo

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The site's wall-clock time: events, opening hours and feeds are in Paris.
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def wait_for(predicate, timeout=180, interval=0.2):
    """Poll `predicate` until it is true (True) or `timeout` seconds pass
    (False): for what a worker process or a server thread does meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def migrate(target, model=None):
    """Move the schema to `target` (a list of (app, migration)); return the
    historical `model` ("app.Model") as it is there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    if model is not None:
        return executor.loader.project_state(target).apps.get_model(model)


def migrate_to_latest():
    """Every app back to its last migration (moving one app back also moves
    back the apps that depend on it)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
