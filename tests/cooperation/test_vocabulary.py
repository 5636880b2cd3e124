"""The editable lists share one base: one slug per language in each list."""

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import Locale

from agenda.models import EventCategory
from blog.models import NewsCategory
from projects.vocabularies import Dimension, Keyword, PartnerType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", [NewsCategory, EventCategory, Dimension, Keyword, PartnerType]
)
def test_a_slug_is_unique_per_language_in_each_list(model):
    french = Locale.objects.get(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    model.objects.create(name="Jeunesse", slug="jeunesse", locale=french)
    # Another language may use the same slug (its own translation)…
    model.objects.create(name="Youth", slug="jeunesse", locale=english)
    # …the same language may not.
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(name="Jeunes", slug="jeunesse", locale=french)
