"""Mailing lists are translated for the reader; people still subscribe to
the French list, the one campaigns target."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from newsletter.models import MailingList, Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_agenda(mailing_lists):
    agenda = mailing_lists["agenda"]
    agenda.name = "Rendez-vous du quartier"
    agenda.save()
    # Copying for a translation leaves its language active: not after this.
    with translation.override("fr"):
        english = agenda.copy_for_translation(Locale.objects.get(language_code="en"))
        english.name = "What's on"
        english.save()
    return english


def test_the_english_form_names_the_lists_in_english(
    client, site_tree, mailing_lists, english_agenda
):
    french_page = client.get(reverse("newsletter:subscribe")).content.decode()
    english_page = client.get("/en" + reverse("newsletter:subscribe")).content.decode()
    agenda = MailingList.objects.get(pk=mailing_lists["agenda"].pk)
    assert "What’s on" in english_page
    assert agenda.name not in english_page
    assert agenda.name in french_page and "What’s on" not in french_page
    # One box per list, whatever the languages: the French list's.
    assert f'value="{agenda.pk}"' in english_page
    assert f'value="{english_agenda.pk}"' not in english_page
    # A list not translated keeps its French name.
    assert mailing_lists["les-ors"].name in english_page


def test_subscribing_in_english_subscribes_to_the_french_list(
    signup, mailing_lists, english_agenda
):
    signup("reader@example.org", lists=("agenda",), language="en")
    person = Subscriber.objects.get(email="reader@example.org")
    assert list(person.lists.all()) == [mailing_lists["agenda"]]
    # The translation cannot be chosen: it is not one of the boxes.
    assert MailingList.objects.filter(subscribers__isnull=False).count() == 1
