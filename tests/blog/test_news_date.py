"""A news item has one date an editor sees: the displayed one, which is the
day it is first published unless the editor dates it back. Scheduling stays
Wagtail's own « go live » setting, and a scheduled item shows its day."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import NewsPage
from tests.blog.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def draft(parent, **fields):
    page = NewsPageFactory.build(**{"date": None, "live": False, **fields})
    parent.add_child(instance=page)
    return NewsPage.objects.get(pk=page.pk)


def test_an_undated_item_takes_the_day_it_is_published(site_tree):
    page = draft(site_tree["news"])
    assert page.date is None
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.date == timezone.localdate(page.first_published_at)
    assert page.shown_date == page.date


def test_a_date_set_by_the_editor_is_kept(site_tree):
    page = draft(site_tree["news"], date=datetime.date(2020, 5, 17))
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.date == datetime.date(2020, 5, 17)


def test_a_scheduled_item_shows_and_keeps_its_go_live_day(site_tree):
    go_live = timezone.now() + datetime.timedelta(days=3)
    page = draft(site_tree["news"], go_live_at=go_live)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert page.shown_date == timezone.localdate(go_live)

    # Its time has come: Wagtail's own command publishes it.
    now = timezone.now()
    revision = page.latest_revision
    revision.content["go_live_at"] = now.isoformat()
    revision.approved_go_live_at = now
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.date == timezone.localdate(page.first_published_at)


def test_the_admin_form_says_which_date_is_which(admin_client, site_tree):
    page = draft(site_tree["news"])
    html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Date affichée" in html
    assert "« Programmer » dans le panneau Statut" in html
