"""The demo's snippet translator: through wagtail-localize for a translatable
model, nothing for a model that is not (yet) translatable."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from demo.translations import translate_snippet, untranslated
from newsletter.models import MailingList
from projects.vocabularies import Keyword
from tests.factories import french


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


def test_a_translatable_snippet_is_translated_once_with_its_slug(english):
    term = Keyword.objects.create(locale=french(), name="Réemploi", slug="reemploi")
    strings = {"Réemploi": "Reuse", "reemploi": "reuse"}

    translation = translate_snippet(term, english, strings)
    again = translate_snippet(term, english, strings)

    assert (translation.name, translation.slug) == ("Reuse", "reuse")
    assert again.pk == translation.pk
    assert Keyword.objects.filter(translation_key=term.translation_key).count() == 2
    assert untranslated(term, english) == []


def test_a_missing_string_keeps_the_french_and_is_reported(english):
    term = Keyword.objects.create(locale=french(), name="Numérique", slug="numerique")

    translation = translate_snippet(term, english, {"numerique": "digital"})

    assert (translation.name, translation.slug) == ("Numérique", "digital")
    assert untranslated(term, english) == ["Numérique"]


def test_a_mailing_list_is_translated_with_its_slug(english):
    mailing_list = MailingList.objects.create(
        locale=french(), name="Jeunesse", slug="jeunesse-test"
    )

    translation = translate_snippet(
        mailing_list, english, {"Jeunesse": "Youth", "jeunesse-test": "youth-test"}
    )

    assert (translation.name, translation.slug) == ("Youth", "youth-test")
    assert translation.translation_key == mailing_list.translation_key


def test_a_model_that_is_not_translatable_is_left_alone(english):
    group = Group.objects.create(name="Jeunesse")

    assert translate_snippet(group, english, {"Jeunesse": "Youth"}) is None
    group.refresh_from_db()
    assert group.name == "Jeunesse"
