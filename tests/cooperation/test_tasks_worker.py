"""Wagtail's background tasks and wagtail-localize's jobs, run by a real
Celery worker through Redis (a module of its own: its tests are
transactional, see tests/conftest.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail.tasks import delete_file_from_storage_task
from wagtail_localize.models import LocaleSynchronization

from tests.factories import build_site_tree, french
from tests.helpers import wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_wagtail_task_is_run_by_a_real_worker_once_committed(celery_worker, tmp_path):
    storage = FileSystemStorage(location=str(tmp_path))
    name = storage.save("vieux-flyer.pdf", ContentFile(b"%PDF-1.4"))
    with transaction.atomic():
        delete_file_from_storage_task.enqueue(storage.deconstruct(), name)
        # Sent on commit: nothing reaches the worker before.
        assert not wait_for(lambda: not storage.exists(name), timeout=3)
    log = celery_worker["log"]
    assert wait_for(lambda: not storage.exists(name), timeout=60), log.read_text()
    assert "cooperation.tasks_backend.run_by_path" in log.read_text()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_localize_job_is_run_by_a_real_worker(celery_worker):
    tree = build_site_tree()
    english = Locale.objects.get(language_code="en")
    news = tree["news"]
    Page.objects.filter(translation_key=news.translation_key, locale=english).delete()
    LocaleSynchronization.objects.create(locale=english, sync_from=french())
    copied = Page.objects.filter(translation_key=news.translation_key, locale=english)
    assert wait_for(copied.exists, timeout=60), celery_worker["log"].read_text()
