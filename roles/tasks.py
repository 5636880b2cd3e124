"""The roles' background work, run by the workers (Wagtail's `TASKS`)."""

from django.apps import apps
from django_tasks import task

from roles.sync import sync_roles


@task()
def sync_roles_in_background():
    """`manage.py sync_roles`, for a centre just published."""
    sync_roles(apps)
