"""Tasks that belong to the whole site rather than to one app."""

import logging

from celery import shared_task
from django.core.management import call_command

# Registered with the other tasks when the worker discovers them.
from cooperation.tasks_backend import run_by_path  # noqa: F401

logger = logging.getLogger(__name__)


@shared_task(name="cooperation.tasks.publish_scheduled_pages")
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones.

    Beat sends this every minute, so scheduled publishing needs no cron.
    """
    call_command("publish_scheduled")
    logger.info("publish_scheduled ran")
