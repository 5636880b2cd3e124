"""Factories for the Agenda: its section, events and categories."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.rich_text import RichText

from agenda.models import EventCategory, EventExceptionDate, EventIndexPage, EventPage
from tests.factories import build_site_tree, french, related


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Agenda"
    slug = "agenda"
    intro = "Tous les rendez-vous des maisons de quartier."
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Type {n}")
    slug = factory.Sequence(lambda n: f"type-{n}")
    locale = factory.LazyFunction(french)

    class Meta:
        model = EventCategory


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Événement {n}")
    slug = factory.Sequence(lambda n: f"evenement-{n}")
    intro = factory.Sequence(lambda n: f"Un rendez-vous au quartier, numéro {n}.")
    start_date = datetime.date(2026, 3, 24)
    start_time = datetime.time(18, 0)
    end_time = datetime.time(20, 0)
    place_name = "Maison de quartier des Ors"
    street = "2 place Jules-Nadi"
    postcode = "26100"
    city = "Romans-sur-Isère"
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>Venez nombreux, c'est ouvert à tous.</p>"))]
    )
    categories = related("categories")

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def exceptions(self, create, extracted, **kwargs):
        if create and extracted:
            for day in extracted:
                EventExceptionDate.objects.create(page=self, date=day)


def build_agenda():
    """The smallest site with an Agenda section under the French home page."""
    return add_agenda(build_site_tree())


def add_agenda(tree):
    """An Agenda section under the French home page of `tree`, as "agenda"."""
    tree["agenda"] = EventIndexPageFactory(parent=tree["home"], locale=french())
    return tree
