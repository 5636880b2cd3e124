"""Factories for news items and their categories."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.rich_text import RichText

from blog.models import NewsCategory, NewsPage
from tests.factories import french, related


class NewsCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    locale = factory.LazyFunction(french)

    class Meta:
        model = NewsCategory


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Actualité {n}")
    slug = factory.Sequence(lambda n: f"actualite-{n}")
    date = factory.Sequence(
        lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
    )
    intro = factory.Sequence(lambda n: f"Ce qui s'est passé au quartier, épisode {n}.")
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Au programme", "level": "h2"}),
            ("paragraph", RichText("<p>Un après-midi de jeux et de goûter.</p>")),
        ]
    )
    categories = related("categories")
    tags = related("tags")

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True
