from datetime import timedelta

import pytest
from django.utils import timezone

from cooperation.celery import app
from cooperation.tasks import publish_scheduled_pages
from home.models import StandardPage
from tests.factories import build_site_tree
from tests.helpers import wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_scheduled_page_is_published_by_a_real_worker_through_redis(celery_worker):
    tree = build_site_tree()
    page = StandardPage(title="Agora du printemps", slug="agora", live=False)
    tree["home"].add_child(instance=page)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    assert not StandardPage.objects.get(pk=page.pk).live

    result = publish_scheduled_pages.delay()

    assert result.id
    assert wait_for(lambda: StandardPage.objects.get(pk=page.pk).live, timeout=30), (
        celery_worker["log"].read_text()
    )
    assert "publish_scheduled_pages" in celery_worker["log"].read_text()


def test_beat_schedule_publishes_scheduled_pages_every_minute():
    entry = app.conf.beat_schedule["publish-scheduled-pages"]
    assert entry["task"] == publish_scheduled_pages.name
    assert entry["schedule"] == 60.0


def test_celery_is_configured_for_safe_redelivery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit
