"""One queue: Wagtail's background tasks and wagtail-localize's jobs on Celery.

Wagtail 8 hands its background work (reference index, file deletions, …) to
a django-tasks backend (the `TASKS` setting); wagtail-localize hands its
long jobs (translating a subtree, synchronising a locale) to its own small
backend (`WAGTAILLOCALIZE_JOBS`). Both backends here send the work to one
Celery task, `run_by_path`, which the workers run like
every other task of the site.

- Sent once the transaction commits, so that the worker finds what the web
  process saved (Wagtail enqueues its reference index update from a
  `post_save` handler, inside the transaction), through
  `cooperation.queueing` like every task: a broker that is down or hung
  loses the message, bounded in time, but not the editor's save (logged;
  `rebuild_references_index` rebuilds the index).
- When Celery runs tasks eagerly (no `REDIS_URL`: `make run`, and the test
  run), the work is done at once, in the process, as Django's immediate
  backend would.
- Messages are JSON. Model instances among a job's arguments travel as
  their label and primary key, and are read again by the worker.
- The worker runs only what these backends may send: a django-tasks `Task`
  (a function Wagtail or the site decorated with `@task`), or a function of
  wagtail-localize.
"""

import logging
import uuid

from celery import shared_task
from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.exceptions import InvalidTaskError
from django_tasks.signals import task_enqueued

from cooperation.celery import app
from cooperation.queueing import enqueue, enqueue_on_commit

logger = logging.getLogger(__name__)

# The only functions a job may name (see `run`).
JOB_MODULES = ("wagtail_localize.",)


class CeleryTaskBackend(BaseTaskBackend):
    """A django-tasks backend (`TASKS`) that runs each task on a worker."""

    supports_defer = True

    def validate_task(self, task):
        super().validate_task(task)
        if task.takes_context:
            raise InvalidTaskError("Ce backend ne passe pas de contexte aux tâches.")

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=str(uuid.uuid4()),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        send(
            task.module_path,
            result.args,
            result.kwargs,
            task_id=result.id,
            eta=task.run_after,
        )
        task_enqueued.send(type(self), task_result=result)
        return result


class CeleryJobBackend:
    """wagtail-localize's job backend (`WAGTAILLOCALIZE_JOBS`), shaped like
    its `BaseJobBackend` (not imported: wagtail-localize imports this module
    while its own is being loaded)."""

    def __init__(self, options):
        self.options = options

    def enqueue(self, func, args, kwargs):
        path = f"{func.__module__}.{func.__qualname__}"
        try:
            args, kwargs = encode(list(args)), encode(dict(kwargs))
        except TypeError:
            # Not expressible in JSON (a translation component form, say):
            # done here and now, as wagtail-localize's own default does.
            logger.warning("job %s run in the web process", path)
            func(*args, **kwargs)
            return
        send(path, args, kwargs)


def send(path, args, kwargs, **options):
    """Queue `run_by_path` once the transaction commits (bounded in time and
    never failing, as every task the web process queues); at once when eager,
    as Django's immediate backend would."""
    if app.conf.task_always_eager:
        enqueue(run_by_path, (path, args, kwargs), **options)
    else:
        enqueue_on_commit(run_by_path, path, args, kwargs, **options)


@shared_task(name="cooperation.tasks_backend.run_by_path")
def run_by_path(path, args, kwargs):
    """What the worker does with a message of `send`."""
    run(path, args, kwargs)


def run(path, args, kwargs):
    """Run the task or job named by `path`, if it may be run."""
    target = import_string(path)
    if isinstance(target, Task):
        return target.call(*args, **kwargs)
    if callable(target) and path.startswith(JOB_MODULES):
        return target(*decode(args), **decode(kwargs))
    raise ValueError(f"{path} n'est ni une tâche ni une fonction permise.")


MODEL_KEY = "__model__"


def encode(value):
    """JSON values as they are; model instances (alone, in lists or query
    sets) as their label and key; anything else is a TypeError."""
    if isinstance(value, models.Model):
        return {MODEL_KEY: value._meta.label_lower, "pk": value.pk}
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple | models.QuerySet):
        return [encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if is_empty_component_manager(value):
        return None
    raise TypeError(f"{type(value).__name__} ne voyage pas en JSON")


def decode(value):
    if isinstance(value, dict) and MODEL_KEY in value:
        model = apps.get_model(value[MODEL_KEY])
        return model._default_manager.get(pk=value["pk"])
    if isinstance(value, dict):
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def is_empty_component_manager(value):
    """wagtail-localize passes its translation components along with each
    job; with none registered (this site has none) they mean nothing, and
    its functions take None for them."""
    from wagtail_localize.components import TranslationComponentManager

    return isinstance(value, TranslationComponentManager) and not value.components
