"""Factories for the maisons de quartier: the section, centres and their
opening hours, closures, services and contacts."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from centres.models import (
    CentreContact,
    CentreIndexPage,
    CentrePage,
    CentreService,
    Closure,
    OpeningHours,
    Weekday,
)


class CentreIndexPageFactory(wagtail_factories.PageFactory):
    title = "Maisons de quartier"
    slug = "maisons-de-quartier"
    intro = "Trois maisons ouvertes à tous les habitants."
    show_in_menus = True

    class Meta:
        model = CentreIndexPage


class CentrePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Maison de quartier {n}")
    slug = factory.Sequence(lambda n: f"maison-{n}")
    intro = "Un lieu d'accueil, d'activités et de projets pour tout le quartier."
    street = factory.Sequence(lambda n: f"{n + 1} rue des Ors")
    postcode = "26100"
    city = "Romans-sur-Isère"
    neighbourhood = "Les Ors"
    latitude = "45.046100"
    longitude = "5.060300"
    phone = "04 75 00 00 00"
    email = factory.Sequence(lambda n: f"accueil{n}@example.org")
    access_notes = "Bus ligne 2, arrêt Les Ors.\nEntrée de plain-pied."

    class Meta:
        model = CentrePage


class OpeningHoursFactory(DjangoModelFactory):
    weekday = Weekday.TUESDAY
    opens = datetime.time(9, 30)
    closes = datetime.time(11, 30)

    class Meta:
        model = OpeningHours


class ClosureFactory(DjangoModelFactory):
    start_date = datetime.date(2026, 8, 3)
    end_date = datetime.date(2026, 8, 21)
    reason = "Vacances d'été"

    class Meta:
        model = Closure


class CentreServiceFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    description = "Sur inscription à l'accueil."

    class Meta:
        model = CentreService


class CentreContactFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Personne {n}")
    role = "Référente familles"
    phone = "04 75 00 00 01"
    email = factory.Sequence(lambda n: f"personne{n}@example.org")

    class Meta:
        model = CentreContact


# The week of the Maison de quartier des Ors in the tests: Tuesday and
# Thursday mornings, Wednesday afternoon for the P'tite Coopé.
WEEK = [
    (Weekday.TUESDAY, datetime.time(9, 30), datetime.time(11, 30), ""),
    (Weekday.TUESDAY, datetime.time(14, 0), datetime.time(17, 0), ""),
    (Weekday.WEDNESDAY, datetime.time(14, 0), datetime.time(18, 0), "P'tite Coopé"),
    (Weekday.THURSDAY, datetime.time(9, 30), datetime.time(11, 30), ""),
]


def add_week(centre, week=WEEK):
    for weekday, opens, closes, label in week:
        OpeningHoursFactory(
            page=centre, weekday=weekday, opens=opens, closes=closes, label=label
        )


def centre_with_autumn_closure(home):
    """A centres section under `home` and « Maison de quartier des Ors » in
    it: the usual week of hours, closed 2–6 November 2026 for the holidays
    (the « ouvert maintenant » tests, on the server and in the browser)."""
    index = CentreIndexPageFactory(parent=home)
    centre = CentrePageFactory(parent=index, title="Maison de quartier des Ors")
    add_week(centre)
    ClosureFactory(
        page=centre,
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 11, 6),
        reason="Vacances d'automne",
    )
    return index, centre
