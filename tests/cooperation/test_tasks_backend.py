"""Wagtail's background tasks and wagtail-localize's jobs on the Celery queue."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django_tasks import task_backends
from wagtail.models import Locale, Page
from wagtail.tasks import delete_file_from_storage_task
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.tasks import background

from cooperation import tasks_backend
from tests.factories import french


def stored_file(tmp_path):
    storage = FileSystemStorage(location=str(tmp_path / "media"))
    name = storage.save("vieux-flyer.pdf", ContentFile(b"%PDF-1.4"))
    return storage, name


def test_the_site_s_backends_are_the_celery_ones():
    assert isinstance(task_backends["default"], tasks_backend.CeleryTaskBackend)
    assert isinstance(background, tasks_backend.CeleryJobBackend)


def test_a_wagtail_task_runs_at_once_when_celery_is_eager(tmp_path):
    storage, name = stored_file(tmp_path)
    result = delete_file_from_storage_task.enqueue(storage.deconstruct(), name)
    assert not storage.exists(name)
    assert result.backend == "default"


@pytest.mark.django_db
def test_a_localize_job_gets_its_models_back(site_tree):
    """A job's model arguments travel as label and key and come back as
    rows: the English tree is synchronised from the French one."""
    english = Locale.objects.get(language_code="en")
    news = site_tree["news"]
    Page.objects.filter(translation_key=news.translation_key, locale=english).delete()
    LocaleSynchronization.objects.create(locale=english, sync_from=french())
    assert Page.objects.filter(
        translation_key=news.translation_key, locale=english
    ).exists()


def test_the_worker_runs_only_tasks_and_wagtail_localize_functions():
    with pytest.raises(ValueError):
        tasks_backend.run("os.system", ["echo hello"], {})
    with pytest.raises(ValueError):
        tasks_backend.run("cooperation.tasks_backend.decode", [], {})


def test_arguments_that_cannot_travel_are_refused():
    with pytest.raises(TypeError):
        tasks_backend.encode([object()])
    assert tasks_backend.encode({"a": (1, "b", None)}) == {"a": [1, "b", None]}
