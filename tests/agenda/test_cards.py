"""A repeating activity is one card in the lists, on the home page and on a
centre page (its rhythm, its next date, its days without a session), while
the month view and the iCal feed keep each date; the event page announces
the days without a session; every `datetime` of the agenda's pages is valid
HTML; the month picker keeps the filters."""

import datetime
import re
from html.parser import HTMLParser

import icalendar
from django.test import TestCase
from django.utils import timezone, translation

from agenda.models import EventPage
from agenda.queries import upcoming_cards
from agenda.recurrence import rhythm
from agenda.templatetags.agenda_tags import no_session
from cooperation.typography import french as typeset
from tests.agenda.factories import EventCategoryFactory, EventPageFactory, build_agenda
from tests.factories import french, translate

DAY = datetime.timedelta(days=1)

# The HTML forms of a `datetime` attribute used here: a date, a month, a
# time, a local or global date and time (at most three fraction digits).
VALID_DATETIME = re.compile(
    r"^\d{4}-\d{2}(-\d{2})?$"
    r"|^\d{2}:\d{2}$"
    r"|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$"
)
# Input types that take `pattern` and `placeholder`.
TEXT_INPUTS = {"text", "search", "url", "tel", "email", "password"}


class Attributes(HTMLParser):
    """The `datetime` attributes and the <input> elements of a page."""

    def __init__(self):
        super().__init__()
        self.datetimes, self.inputs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "datetime" in attrs:
            self.datetimes.append(attrs["datetime"])
        if tag == "input":
            self.inputs.append(attrs)


def next_tuesday(today):
    return today + DAY * ((1 - today.weekday()) % 7 or 7)


class RepeatingEventCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.home, cls.index = tree["home"], tree["agenda"]
        cls.today = timezone.localdate()
        cls.first = next_tuesday(cls.today)
        cls.skipped = cls.first + 7 * DAY
        cls.category = EventCategoryFactory(name="Sport doux", slug="sport-doux")
        cls.weekly = EventPageFactory(
            parent=cls.index,
            title="Gym douce",
            start_date=cls.first,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(11, 30),
            recurrence="weekly",
            recurrence_weekdays=["TU", "TH"],
            recurrence_until=cls.first + 27 * DAY,
            exceptions=[cls.skipped],
            categories=[cls.category],
        )
        cls.once = EventPageFactory(
            parent=cls.index, title="Fête du quartier", start_date=cls.first + DAY
        )

    def cards(self, response):
        return [card.event.title for card in response.context["cards"]]

    def test_the_list_shows_a_repeating_event_once_with_its_rhythm(self):
        response = self.client.get(self.index.url)
        self.assertEqual(self.cards(response), ["Gym douce", "Fête du quartier"])
        html = response.content.decode()
        self.assertEqual(html.count(f'href="{self.weekly.url}"'), 1)
        self.assertIn(typeset("Tous les mardis et jeudis, 9 h 30 – 11 h 30"), html)
        # Its next date, and the day without a session.
        self.assertIn(f'<time datetime="{self.first:%Y-%m-%d}T09:30+', html)
        self.assertIn(typeset("Pas de séance le"), html)
        self.assertIn(f'<time datetime="{self.skipped:%Y-%m-%d}">', html)
        self.assertContains(response, "2 rendez-vous à venir")

    def test_a_month_chosen_in_the_list_shows_it_once_too(self):
        month = self.skipped.replace(day=1)
        response = self.client.get(self.index.url, {"mois": f"{month:%Y-%m}"})
        self.assertEqual(self.cards(response).count("Gym douce"), 1)

    def test_the_home_page_and_the_centres_show_it_once(self):
        html = self.client.get(self.home.url).content.decode()
        self.assertEqual(html.count(f'href="{self.weekly.url}"'), 1)
        self.assertIn(typeset("Tous les mardis et jeudis"), html)
        # The function the home page and the centre pages share.
        events = EventPage.objects.listed(french()).under(self.home)
        cards = upcoming_cards(events, 4)
        self.assertEqual(
            [card.event.title for card in cards], ["Gym douce", "Fête du quartier"]
        )
        self.assertEqual(cards[0].occurrence.start_date, self.first)
        self.assertEqual(cards[0].skipped, (self.skipped,))

    def test_the_month_view_keeps_each_date(self):
        month = self.first.replace(day=1)
        url = f"{self.index.url}mois/{month.year}/{month.month}/"
        html = self.client.get(url).content.decode()
        last = (month + 32 * DAY).replace(day=1) - DAY
        dates = self.weekly.occurrences(month, last)
        self.assertGreater(len(dates), 1)
        self.assertEqual(html.count(f'href="{self.weekly.url}"'), len(dates))
        self.assertNotIn(self.skipped, [date.start_date for date in dates])

    def test_the_ical_feed_keeps_each_date(self):
        feed = icalendar.Calendar.from_ical(
            self.client.get(self.index.url + "ical/").content
        )
        (vevent,) = [
            item for item in feed.walk("VEVENT") if item["summary"] == "Gym douce"
        ]
        rule = vevent["rrule"]
        self.assertEqual(rule["FREQ"], ["WEEKLY"])
        self.assertEqual(rule["BYDAY"], ["TU", "TH"])
        excluded = [moment.dt.date() for moment in vevent["exdate"].dts]
        self.assertEqual(excluded, [self.skipped])

    def test_a_category_rename_reaches_the_kept_ical_feed(self):
        url = self.index.url + "ical/"
        self.assertIn(b"Sport doux", self.client.get(url).content)
        self.category.name = "Gymnastique"
        self.category.save()
        content = self.client.get(url).content
        self.assertNotIn(b"Sport doux", content)
        self.assertIn(b"Gymnastique", content)

    def test_the_rhythm_in_english_and_arabic(self):
        with translation.override("en"):
            self.assertEqual(
                rhythm(self.weekly), "Every Tuesday and Thursday, 9:30 – 11:30"
            )
        with translation.override("ar"):
            text = rhythm(self.weekly)
        self.assertTrue(text.startswith("كل ثلاثاء"), text)
        self.assertIn("خميس", text)
        self.assertIn("9:30 – 11:30", text)

    def test_a_monthly_rhythm_names_the_day(self):
        monthly = EventPageFactory.build(
            start_date=datetime.date(2026, 3, 3),
            start_time=datetime.time(14, 0),
            end_time=None,
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until=datetime.date(2026, 9, 1),
        )
        with translation.override("fr"):
            self.assertEqual(rhythm(monthly), "Le 1er mardi du mois, 14 h")
        with translation.override("en"):
            self.assertEqual(rhythm(monthly), "The 1st Tuesday of the month, 14:00")

    def test_the_event_page_announces_the_days_without_a_session(self):
        response = self.client.get(self.weekly.url)
        html = response.content.decode()
        self.assertIn(typeset("Pas de séance le"), html)
        self.assertIn(f'<time datetime="{self.skipped:%Y-%m-%d}">', html)
        english = translate(self.weekly, "en", slug="gentle-gym")
        html = self.client.get(english.url).content.decode()
        self.assertIn("No session on", html)
        self.assertIn(f'<time datetime="{self.skipped:%Y-%m-%d}">', html)
        with translation.override("ar"):
            self.assertIn("لا جلسة يوم", no_session([self.skipped]))

    def test_each_skipped_day_keeps_its_article(self):
        days = [datetime.date(2026, 12, 22), datetime.date(2026, 12, 29)]
        with translation.override("fr"):
            text = re.sub(r"<[^>]+>", "", no_session(days))
        self.assertEqual(
            text, "Pas de séance le mardi 22 décembre et le mardi 29 décembre"
        )
        with translation.override("en"):
            text = re.sub(r"<[^>]+>", "", no_session(days))
        self.assertEqual(
            text, "No session on Tuesday 22 December and on Tuesday 29 December"
        )

    def test_a_past_skipped_day_is_no_longer_announced(self):
        past = EventPageFactory(
            parent=self.index,
            title="Marche du lundi",
            start_date=self.today - 21 * DAY,
            recurrence="weekly",
            recurrence_until=self.today + 21 * DAY,
            exceptions=[self.today - 7 * DAY],
        )
        self.assertNotContains(self.client.get(past.url), "Pas de séance")

    def test_every_datetime_of_the_agenda_pages_is_valid(self):
        month = self.first.replace(day=1)
        urls = [
            self.index.url,
            f"{self.index.url}?mois={month:%Y-%m}",
            f"{self.index.url}mois/{month.year}/{month.month}/",
            f"{self.index.url}passes/",
            self.weekly.url,
            self.once.url,
            self.home.url,
        ]
        for url in urls:
            with self.subTest(url=url):
                parser = Attributes()
                parser.feed(self.client.get(url).content.decode())
                self.assertTrue(parser.datetimes or url.endswith("passes/"))
                for value in parser.datetimes:
                    self.assertRegex(value, VALID_DATETIME)
                for attrs in parser.inputs:
                    if "pattern" in attrs or "placeholder" in attrs:
                        self.assertIn(attrs.get("type", "text"), TEXT_INPUTS)

    def test_the_month_picker_offers_the_coming_months_and_keeps_the_filter(self):
        response = self.client.get(self.index.url, {"categorie": "sport-doux"})
        html = response.content.decode()
        this_month = self.today.replace(day=1)
        self.assertIn(f'<option value="{this_month:%Y-%m}">', html)
        self.assertEqual(len(response.context["month_choices"]), 12)
        self.assertIn('<select id="event-month" name="mois">', html)
        self.assertIn('<label class="month-picker__label" for="event-month">', html)
        following = response.context["next_month"]
        self.assertIn(
            f'href="?categorie=sport-doux&amp;mois={following:%Y-%m}" rel="next"', html
        )
        response = self.client.get(
            self.index.url, {"mois": f"{following:%Y-%m}", "categorie": "sport-doux"}
        )
        self.assertContains(response, f'value="{following:%Y-%m}" selected')
        self.assertContains(
            response,
            f'href="?categorie=sport-doux&amp;mois={this_month:%Y-%m}" rel="prev"',
        )
