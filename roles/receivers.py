"""A centre published (new, or renamed) gets its group at once, without
waiting for someone to run `sync_roles`."""

from django.apps import apps
from django.db import transaction
from wagtail.signals import page_published

from centres.models import CentrePage
from roles.sync import sync_roles


def sync_roles_for_centre(sender, instance, **kwargs):
    transaction.on_commit(lambda: sync_roles(apps))


def connect():
    page_published.connect(
        sync_roles_for_centre, sender=CentrePage, dispatch_uid="roles_centre_published"
    )
