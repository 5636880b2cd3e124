"""A centre published (new, renamed, or newly translated) gets its group at
once, without waiting for someone to run `sync_roles`. The sync runs on a
worker after the commit, and only when the publication changes something
(a centre's group is missing, misnamed, or lacks this language's page)."""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published

from centres.models import CentrePage
from roles.sync import centre_group_is_current
from roles.tasks import sync_roles_in_background


def sync_roles_for_centre(sender, instance, **kwargs):
    if instance.locale.language_code == settings.LANGUAGE_CODE:
        french = instance
    else:
        french = (
            CentrePage.objects.filter(
                translation_key=instance.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            ).first()
            or instance
        )
    if not centre_group_is_current(apps, instance, french):
        transaction.on_commit(sync_roles_in_background.enqueue)


def connect():
    page_published.connect(
        sync_roles_for_centre, sender=CentrePage, dispatch_uid="roles_centre_published"
    )
