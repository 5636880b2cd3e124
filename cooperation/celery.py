"""The Celery app: tasks of every installed app, configured from Django settings."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.dev")

app = Celery("cooperation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_what_is_loaded(**kwargs):
    """Keep the garbage collector off the objects loaded at start-up.

    Django, Wagtail and their modules are a few hundred thousand objects
    that live as long as the process. Each full collection walked them all:
    a quarter of the CPU time of a newsletter batch. Frozen, collections
    look only at what the tasks create (and the pool process shares more
    memory pages with its parent).
    """
    gc.collect()
    gc.freeze()
