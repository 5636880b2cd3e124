"""The recoding of the events' public to the shared codes, both ways."""

import importlib
import json

import pytest
from django.apps import apps
from wagtail.models import Revision
from wagtail_localize.models import TranslationSource

from agenda.models import EventPage
from tests.agenda.factories import EventPageFactory, build_agenda

recoding = importlib.import_module("agenda.migrations.0006_recode_event_audiences")


def stored(page):
    revision = Revision.objects.get(pk=page.latest_revision_id)
    return (
        EventPage.objects.get(pk=page.pk).audience,
        revision.content["audience"],
        TranslationSource.objects.get_for_instance(page).as_instance().audience,
    )


def store_old_code(page, code):
    """What the agenda stored before the shared list (no longer valid)."""
    EventPage.objects.filter(pk=page.pk).update(audience=code)
    revision = Revision.objects.get(pk=page.latest_revision_id)
    revision.content["audience"] = code
    revision.save(update_fields=["content"])
    source = TranslationSource.objects.get_for_instance(page)
    content = json.loads(source.content_json)
    content["audience"] = code
    source.content_json = json.dumps(content)
    source.save(update_fields=["content_json"])


@pytest.mark.django_db
def test_old_codes_become_the_shared_ones_and_back():
    tree = build_agenda()
    kids = EventPageFactory(parent=tree["agenda"])
    everyone = EventPageFactory(parent=tree["agenda"], audience="familles")
    for page in (kids, everyone):
        page.save_revision().publish()
        TranslationSource.get_or_create_from_instance(page)
    store_old_code(kids, "enfants")

    recoding.forwards(apps, None)
    assert stored(kids) == ("enfance", "enfance", "enfance")
    assert stored(everyone) == ("familles", "familles", "familles")

    recoding.backwards(apps, None)
    assert stored(kids) == ("enfants", "enfants", "enfants")
    assert stored(everyone) == ("familles", "familles", "familles")
