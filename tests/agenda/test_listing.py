"""The Agenda listing: upcoming occurrences, past archive, filters, month
view, what never shows, and query counts that do not grow with events."""

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from agenda.recurrence import weekday_code
from cooperation.typography import french as typeset
from tests.agenda.factories import (
    EventCategoryFactory,
    EventPageFactory,
    build_agenda,
)
from tests.factories import ImageFactory, translate

DAY = datetime.timedelta(days=1)


def titles(response):
    return [card.event.title for card in response.context["cards"]]


def add_private_and_draft(parent, day, **fields):
    EventPageFactory(
        parent=parent,
        title="Brouillon à ne pas montrer",
        start_date=day,
        live=False,
        **fields,
    )
    private = EventPageFactory(
        parent=parent,
        title="Réservé au conseil d'administration",
        start_date=day,
        **fields,
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


class EventListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.home = tree["home"]
        cls.index = tree["agenda"]
        cls.today = today = timezone.localdate()
        cls.workshop = EventCategoryFactory(name="Atelier test", slug="atelier-test")
        cls.outing = EventCategoryFactory(name="Sortie test", slug="sortie-test")
        cls.centre = cls.home.add_child(
            instance=Page(title="Maison de quartier des Ors", slug="les-ors")
        )
        cls.other_centre = cls.home.add_child(
            instance=Page(title="Maison Citoyenne", slug="monnaie")
        )
        cls.past = EventPageFactory(
            parent=cls.index, title="Déjà passé", start_date=today - 10 * DAY
        )
        cls.older = EventPageFactory(
            parent=cls.index, title="Encore plus ancien", start_date=today - 30 * DAY
        )
        cls.ongoing = EventPageFactory(
            parent=cls.index,
            title="Festival en cours",
            start_date=today - DAY,
            end_date=today + DAY,
            all_day=True,
            start_time=None,
            end_time=None,
        )
        cls.soon = EventPageFactory(
            parent=cls.index,
            title="Atelier bientôt",
            start_date=today + 2 * DAY,
            categories=[cls.workshop],
            place_page=cls.centre,
        )
        cls.later = EventPageFactory(
            parent=cls.index,
            title="Sortie plus tard",
            start_date=today + 40 * DAY,
            categories=[cls.outing],
            place_page=cls.other_centre,
        )
        first = today + 7 * DAY
        cls.weekly = EventPageFactory(
            parent=cls.index,
            title="Atelier chaque semaine",
            start_date=first,
            recurrence="weekly",
            recurrence_weekdays=[weekday_code(first)],
            recurrence_until=first + 21 * DAY,
            exceptions=[first + 7 * DAY],
            categories=[cls.workshop],
            place_page=cls.centre,
        )
        # An event living under a centre page is part of the Agenda too.
        cls.under_centre = EventPageFactory(
            parent=cls.centre,
            title="Fête aux Ors",
            start_date=today + 3 * DAY,
        )
        add_private_and_draft(
            cls.index, today + 4 * DAY, categories=[cls.workshop], place_page=cls.centre
        )
        cls.english = translate(
            cls.soon, "en", title="English workshop", slug="english-workshop"
        )

    def test_upcoming_lists_each_event_once_in_the_order_of_its_next_date(self):
        response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            titles(response),
            [
                "Festival en cours",
                "Atelier bientôt",
                "Fête aux Ors",
                "Atelier chaque semaine",
                "Sortie plus tard",
            ],
        )
        self.assertContains(response, "5 rendez-vous à venir")

    def test_a_repeating_event_is_one_card_with_its_next_date_and_skipped_day(self):
        response = self.client.get(self.index.url)
        self.assertContains(
            response,
            f'<h2 class="card__title"><a href="{self.weekly.url}">'
            "Atelier chaque semaine</a></h2>",
            html=True,
            count=1,
        )
        first = self.weekly.start_date
        self.assertContains(response, f'datetime="{first:%Y-%m-%d}T18:00')
        second = self.weekly.start_date + 14 * DAY
        self.assertNotContains(response, f'datetime="{second:%Y-%m-%d}T18:00')
        skipped = self.weekly.start_date + 7 * DAY
        self.assertContains(response, f'<time datetime="{skipped:%Y-%m-%d}">')

    def test_past_archive_lists_finished_dates_newest_first(self):
        response = self.client.get(self.index.url + "passes/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "agenda/event_past.html")
        self.assertEqual(titles(response), ["Déjà passé", "Encore plus ancien"])

    def test_category_filter_keeps_that_category_with_a_shareable_url(self):
        response = self.client.get(self.index.url, {"categorie": "atelier-test"})
        self.assertEqual(
            titles(response), ["Atelier bientôt", "Atelier chaque semaine"]
        )
        self.assertContains(response, typeset("dans la catégorie « Atelier test »"))
        self.assertContains(
            response,
            '<a href="?categorie=atelier-test" aria-current="page">Atelier test</a>',
            html=True,
        )
        self.assertContains(response, 'href="/agenda/ical/categorie/atelier-test/"')

    def test_place_filter_lists_the_centres_of_upcoming_events(self):
        response = self.client.get(self.index.url)
        self.assertContains(
            response,
            f'<a href="?lieu={self.centre.pk}">Maison de quartier des Ors</a>',
            html=True,
        )
        response = self.client.get(self.index.url, {"lieu": self.other_centre.pk})
        self.assertEqual(titles(response), ["Sortie plus tard"])
        self.assertContains(
            response, f'href="/agenda/ical/lieu/{self.other_centre.pk}/"'
        )

    def test_month_filter_shows_the_whole_month(self):
        month = self.later.start_date
        response = self.client.get(self.index.url, {"mois": f"{month:%Y-%m}"})
        self.assertIn("Sortie plus tard", titles(response))
        first = month.replace(day=1)
        for card in response.context["cards"]:
            self.assertTrue(card.occurrence.overlaps(first, first + 30 * DAY))
        self.assertContains(response, 'value="' + f"{month:%Y-%m}" + '" selected')
        response = self.client.get(self.index.url, {"mois": "n'importe"})
        self.assertEqual(response.status_code, 404)

    def test_filters_combine_and_unknown_values_show_nothing(self):
        response = self.client.get(
            self.index.url, {"categorie": "atelier-test", "lieu": self.other_centre.pk}
        )
        self.assertEqual(titles(response), [])
        response = self.client.get(self.index.url, {"categorie": "inconnue"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Aucun événement prévu")

    def test_month_view_is_an_accessible_calendar_table(self):
        day = self.soon.start_date
        url = f"{self.index.url}mois/{day.year}/{day.month}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "agenda/event_month.html")
        self.assertContains(response, "<caption>")
        self.assertContains(response, '<th scope="col">Lundi</th>', html=True)
        self.assertContains(response, f'<a href="{self.soon.url}">')
        self.assertContains(response, f'datetime="{day:%Y-%m-%d}"')
        previous = day.replace(day=1) - DAY
        self.assertContains(
            response, f'href="{self.index.url}mois/{previous.year}/{previous.month}/"'
        )
        today_url = f"{self.index.url}mois/{self.today.year}/{self.today.month}/"
        response = self.client.get(today_url)
        self.assertContains(response, 'aria-current="date"', count=1)

    def test_the_month_links_each_date_to_its_page_in_both_languages(self):
        # The month is made of light rows (agenda.queries.row_urls): the same
        # addresses as the pages' own, under the agenda or a centre, French
        # or English, and a French event marked so on the English page.
        english_index = self.english.get_parent()
        for index, event in (
            (self.index, self.soon),
            (self.index, self.under_centre),
            (english_index, self.english),
            (english_index, self.under_centre),
        ):
            day = event.start_date
            with self.subTest(index=index.url, event=event.title):
                response = self.client.get(f"{index.url}mois/{day.year}/{day.month}/")
                self.assertContains(response, f'<a href="{event.url}">')
        self.assertContains(response, '<span lang="fr">Fête aux Ors</span>')

    def test_an_event_published_after_a_visit_is_listed_at_once(self):
        # The rows of the list and the months are kept in the site cache
        # until the site changes.
        day = self.today + 5 * DAY
        month = f"{self.index.url}mois/{day.year}/{day.month}/"
        self.assertEqual(self.client.get(self.index.url).status_code, 200)
        self.assertEqual(self.client.get(month).status_code, 200)
        event = EventPageFactory(
            parent=self.index, title="Annoncé à l'instant", start_date=day
        )
        self.assertIn(event.title, titles(self.client.get(self.index.url)))
        self.assertContains(self.client.get(month), f'<a href="{event.url}">')
        event.unpublish()
        self.assertNotIn(event.title, titles(self.client.get(self.index.url)))
        self.assertNotContains(self.client.get(month), f'<a href="{event.url}">')

    def test_a_category_renamed_after_a_visit_is_offered_under_its_new_name(self):
        # The names the filters offer are kept in the site cache too.
        self.assertContains(self.client.get(self.index.url), "Atelier test")
        self.workshop.name = "Atelier renommé"
        self.workshop.save()
        response = self.client.get(self.index.url)
        self.assertContains(response, "Atelier renommé")
        self.assertNotContains(response, "Atelier test")

    def test_month_view_refuses_impossible_months(self):
        self.assertEqual(
            self.client.get(self.index.url + "mois/2026/13/").status_code, 404
        )
        self.assertEqual(
            self.client.get(self.index.url + "mois/1800/1/").status_code, 404
        )

    def test_draft_and_private_events_never_appear_in_listings(self):
        day = self.today + 4 * DAY
        urls = [
            self.index.url,
            f"{self.index.url}?categorie=atelier-test",
            f"{self.index.url}?lieu={self.centre.pk}",
            f"{self.index.url}?mois={day:%Y-%m}",
            f"{self.index.url}mois/{day.year}/{day.month}/",
            f"{self.index.url}passes/",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Brouillon à ne pas montrer")
                self.assertNotContains(response, "Réservé au conseil")

    def test_draft_and_private_events_are_not_in_the_sitemap_or_search(self):
        sitemap = self.client.get("/sitemap.xml")
        self.assertContains(sitemap, self.soon.url)
        for title in (
            "Brouillon à ne pas montrer",
            "Réservé au conseil d'administration",
        ):
            hidden = Page.objects.get(title=title)
            self.assertNotContains(sitemap, hidden.get_full_url())
        search = self.client.get("/recherche/", {"q": "conseil"})
        self.assertNotContains(search, "Réservé au conseil")
        search = self.client.get("/recherche/", {"q": "Brouillon"})
        self.assertNotContains(search, "Brouillon à ne pas montrer")

    def test_a_draft_centre_page_is_never_named_in_the_agenda(self):
        draft_centre = self.home.add_child(
            instance=Page(title="Centre en préparation", slug="prep", live=False)
        )
        event = EventPageFactory(
            parent=self.index,
            title="Chez un centre pas encore publié",
            start_date=self.today + 5 * DAY,
            place_page=draft_centre,
            place_name="",
        )
        response = self.client.get(self.index.url)
        self.assertIn(event.title, titles(response))
        self.assertNotContains(response, "Centre en préparation")
        self.assertNotContains(self.client.get(event.url), "Centre en préparation")

    def test_listing_shows_the_translation_or_else_the_french_event(self):
        french_titles = titles(self.client.get(self.index.url))
        self.assertNotIn("English workshop", french_titles)
        english_index = self.english.get_parent()
        response = self.client.get(english_index.url)
        self.assertEqual(response.status_code, 200)
        expected = [
            "English workshop" if title == self.soon.title else title
            for title in french_titles
        ]
        self.assertEqual(titles(response), expected)


class EventListingQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.index = tree["agenda"]
        cls.centres = [
            tree["home"].add_child(instance=Page(title=f"Centre {n}", slug=f"c{n}"))
            for n in range(3)
        ]
        cls.categories = [EventCategoryFactory() for _ in range(3)]
        cls.count = 0

    def add_events(self, count):
        today = timezone.localdate()
        for _ in range(count):
            self.count += 1
            first = today + self.count % 20 * DAY
            repeating = self.count % 3 == 0
            EventPageFactory(
                parent=self.index,
                start_date=first,
                image=ImageFactory(),
                listing_image=ImageFactory() if self.count % 2 else None,
                categories=self.categories[: self.count % 3 + 1],
                place_page=self.centres[self.count % 3],
                recurrence="weekly" if repeating else "none",
                recurrence_until=first + 14 * DAY if repeating else None,
                exceptions=[first + 7 * DAY] if repeating else None,
            )

    def count_queries(self, url):
        # The first request makes the image renditions; count the next one.
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    @pytest.mark.slow
    def test_listing_query_count_does_not_grow_with_the_number_of_events(self):
        today = timezone.localdate()
        urls = [
            self.index.url,
            f"{self.index.url}?categorie={self.categories[0].slug}",
            f"{self.index.url}mois/{today.year}/{today.month}/",
            f"{self.index.url}ical/",
        ]
        self.add_events(5)
        with_five = {url: self.count_queries(url)[0] for url in urls}
        _, response = self.count_queries(self.index.url)
        # One card per event, a repeating one too.
        self.assertEqual(len(response.context["cards"]), 5)

        self.add_events(45)
        with_fifty = {url: self.count_queries(url)[0] for url in urls}
        _, response = self.count_queries(self.index.url)
        self.assertEqual(len(response.context["cards"]), 20)

        self.assertEqual(with_five, with_fifty)


class EventListingPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = build_agenda()["agenda"]
        cls.category = EventCategoryFactory(name="Atelier", slug="atelier-pagine")
        today = timezone.localdate()
        for day in range(1, 23):
            EventPageFactory(
                parent=cls.index,
                title=f"Atelier {day:02d}",
                start_date=today + day * DAY,
                categories=[cls.category],
            )

    def test_pagination_shows_twenty_events_and_keeps_the_filter(self):
        response = self.client.get(self.index.url, {"categorie": "atelier-pagine"})
        self.assertEqual(len(titles(response)), 20)
        self.assertContains(response, 'href="?categorie=atelier-pagine&amp;page=2"')
        response = self.client.get(
            self.index.url, {"categorie": "atelier-pagine", "page": 2}
        )
        self.assertEqual(titles(response), ["Atelier 21", "Atelier 22"])
        response = self.client.get(self.index.url, {"page": 99})
        self.assertEqual(titles(response), ["Atelier 21", "Atelier 22"])
