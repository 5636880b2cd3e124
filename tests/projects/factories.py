"""Factories for the projects catalogue and its action sheets."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cooperation.models import Public
from projects.models import (
    ProjectIndexPage,
    ProjectPage,
)
from projects.vocabularies import (
    Audience,
    Dimension,
    Keyword,
    PartnerType,
)
from tests.factories import french, related


def audience(code):
    """The publics are made by a migration; made again here only when a
    transactional test has flushed the database."""
    order = list(Public.values).index(code)
    return Audience.objects.get_or_create(code=code, defaults={"sort_order": order})[0]


class VocabularyFactory(DjangoModelFactory):
    """Reuses the term of the default vocabulary when the slug exists."""

    name = factory.Sequence(lambda n: f"Terme {n}")
    slug = factory.Sequence(lambda n: f"terme-{n}")
    locale = factory.LazyFunction(french)

    class Meta:
        abstract = True
        django_get_or_create = ("slug", "locale")


class DimensionFactory(VocabularyFactory):
    class Meta:
        model = Dimension


class KeywordFactory(VocabularyFactory):
    class Meta:
        model = Keyword


class PartnerTypeFactory(VocabularyFactory):
    class Meta:
        model = PartnerType


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Projets"
    slug = "projets"
    intro = "Les actions menées avec les habitants."
    show_in_menus = True

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Action {n:03d}")
    slug = factory.Sequence(lambda n: f"action-{n}")
    summary = factory.Sequence(
        lambda n: f"Une action menée avec les habitants, n° {n}."
    )
    organiser_name = "Maison de quartier des Ors"
    year_started = 2024
    keywords = related("keywords")
    audiences = related("audiences")

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True
