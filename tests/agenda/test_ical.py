"""iCalendar files and feeds, and the schema.org JSON-LD of event pages."""

import datetime
import json
import re

import icalendar
from dateutil.rrule import rrulestr
from django.test import TestCase
from django.utils import timezone, translation
from wagtail.models import Page

from tests.agenda.factories import EventCategoryFactory, EventPageFactory, build_agenda
from tests.agenda.test_listing import add_private_and_draft
from tests.factories import translate
from tests.helpers import PARIS

D = datetime.date
T = datetime.time
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events_by_title(cal):
    return {str(event["SUMMARY"]): event for event in cal.walk("VEVENT")}


class EventIcalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.home = tree["home"]
        cls.index = tree["agenda"]
        cls.centre = cls.home.add_child(
            instance=Page(title="Maison de quartier Saint-Nicolas", slug="st-nicolas")
        )
        cls.debate = EventCategoryFactory(name="Agora test", slug="agora-test")
        today = timezone.localdate()
        cls.single = EventPageFactory(
            parent=cls.index,
            title="Agora sur la place",
            start_date=today + datetime.timedelta(days=5),
            start_time=T(18, 30),
            end_time=T(20, 0),
            categories=[cls.debate],
            latitude="45.043210",
            longitude="5.051230",
        )
        # Thursdays at 18:00 across the spring change of time, one skipped.
        cls.weekly = EventPageFactory(
            parent=cls.index,
            title="Chorale du jeudi",
            start_date=D(2026, 3, 19),
            recurrence="weekly",
            recurrence_weekdays=["TH"],
            recurrence_until=D(2026, 4, 9),
            exceptions=[D(2026, 4, 2)],
            place_page=cls.centre,
        )
        cls.autumn = EventPageFactory(
            parent=cls.index,
            title="Conseil de maison, 1er mardi",
            start_date=D(2026, 10, 6),
            start_time=T(18, 0),
            end_time=T(19, 30),
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until=D(2026, 12, 31),
        )
        cls.all_day = EventPageFactory(
            parent=cls.index,
            title="Fête des quartiers",
            start_date=D(2026, 6, 19),
            end_date=D(2026, 6, 20),
            all_day=True,
            start_time=None,
            end_time=None,
            is_free=False,
            price="3 €, gratuit pour les enfants",
        )
        add_private_and_draft(
            cls.index,
            today + datetime.timedelta(days=6),
            categories=[cls.debate],
            place_page=cls.centre,
        )
        for page in (cls.single, cls.weekly, cls.autumn, cls.all_day):
            page.save_revision().publish()
        cls.english = translate(
            cls.single, "en", title="Agora in English", slug="agora-en"
        )

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)

    def ics(self, page):
        return parse(self.client.get(f"{page.url}ical/"))

    def test_event_ics_is_a_downloadable_file_with_a_vtimezone(self):
        response = self.client.get(f"{self.single.url}ical/")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn(f"{self.single.slug}.ics", response["Content-Disposition"])
        cal = parse(response)
        self.assertEqual(cal["VERSION"], "2.0")
        self.assertTrue(str(cal["PRODID"]))
        (zone,) = cal.walk("VTIMEZONE")
        self.assertEqual(zone["TZID"], "Europe/Paris")
        self.assertEqual(cal.get_missing_tzids(), set())

    def test_event_ics_holds_paris_times_a_stable_uid_and_the_publish_stamp(self):
        (event,) = self.ics(self.single).walk("VEVENT")
        start = event.decoded("DTSTART")
        self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Paris")
        self.assertEqual(start.tzinfo.key, "Europe/Paris")
        self.assertEqual(
            start,
            datetime.datetime.combine(self.single.start_date, T(18, 30), PARIS),
        )
        self.assertEqual(event.decoded("DTEND").time(), T(20, 0))
        self.assertEqual(
            str(event["UID"]), f"{self.single.translation_key}@cooperation-romans.fr"
        )
        self.single.refresh_from_db()
        self.assertEqual(
            event.decoded("DTSTAMP"),
            self.single.last_published_at.replace(microsecond=0),
        )
        self.assertEqual(event["URL"], self.single.get_full_url())
        self.assertIn("Maison de quartier des Ors", str(event["LOCATION"]))
        self.assertEqual(event.decoded("GEO"), (45.04321, 5.05123))
        self.assertEqual(event["STATUS"], "CONFIRMED")

    def test_uid_does_not_change_when_the_event_is_edited(self):
        (before,) = self.ics(self.single).walk("VEVENT")
        page = Page.objects.get(pk=self.single.pk).specific
        page.title = "Agora déplacée"
        page.save_revision().publish()
        (after,) = self.ics(page).walk("VEVENT")
        self.assertEqual(after["UID"], before["UID"])
        self.assertEqual(after["SUMMARY"], "Agora déplacée")
        self.assertGreater(after.decoded("DTSTAMP"), before.decoded("DTSTAMP"))
        (english,) = self.ics(self.english).walk("VEVENT")
        self.assertEqual(english["UID"], before["UID"])

    def test_weekly_event_is_one_vevent_with_rrule_and_exdate(self):
        (event,) = self.ics(self.weekly).walk("VEVENT")
        rule = event["RRULE"]
        self.assertEqual(rule["FREQ"], ["WEEKLY"])
        self.assertEqual(rule["BYDAY"], ["TH"])
        until = rule["UNTIL"][0]
        self.assertEqual(until.utcoffset(), datetime.timedelta(0))
        self.assertEqual(until.astimezone(PARIS).date(), D(2026, 4, 9))
        exdate = event["EXDATE"]
        self.assertEqual(exdate.params["TZID"], "Europe/Paris")
        self.assertEqual(
            [item.dt for item in exdate.dts],
            [datetime.datetime(2026, 4, 2, 18, tzinfo=PARIS)],
        )

    def test_weekly_rule_expands_to_six_pm_paris_time_across_dst(self):
        (event,) = self.ics(self.weekly).walk("VEVENT")
        start = event.decoded("DTSTART")
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        excluded = {item.dt for item in event["EXDATE"].dts}
        dates = [moment for moment in rule if moment not in excluded]
        self.assertEqual(
            [moment.isoformat() for moment in dates],
            [
                "2026-03-19T18:00:00+01:00",
                "2026-03-26T18:00:00+01:00",
                "2026-04-09T18:00:00+02:00",
            ],
        )

    def test_monthly_rule_on_the_first_tuesday_crosses_the_autumn_change(self):
        (event,) = self.ics(self.autumn).walk("VEVENT")
        self.assertEqual(event["RRULE"]["BYDAY"], ["1TU"])
        rule = rrulestr(
            event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART")
        )
        self.assertEqual(
            [moment.isoformat() for moment in rule],
            [
                "2026-10-06T18:00:00+02:00",
                "2026-11-03T18:00:00+01:00",
                "2026-12-01T18:00:00+01:00",
            ],
        )

    def test_all_day_event_uses_dates_with_an_exclusive_end(self):
        (event,) = self.ics(self.all_day).walk("VEVENT")
        self.assertEqual(event["DTSTART"].params.get("VALUE"), "DATE")
        self.assertEqual(event.decoded("DTSTART"), D(2026, 6, 19))
        self.assertEqual(event.decoded("DTEND"), D(2026, 6, 21))

    def test_all_day_repeating_event_uses_dates_in_rrule_and_exdate(self):
        market = EventPageFactory(
            parent=self.index,
            title="Marché solidaire",
            start_date=D(2026, 3, 7),
            all_day=True,
            start_time=None,
            end_time=None,
            recurrence="weekly",
            recurrence_until=D(2026, 3, 28),
            exceptions=[D(2026, 3, 14)],
        )
        (event,) = self.ics(market).walk("VEVENT")
        self.assertEqual(event.decoded("DTSTART"), D(2026, 3, 7))
        self.assertEqual(event.decoded("DTEND"), D(2026, 3, 8))
        self.assertEqual(event["RRULE"]["UNTIL"], [D(2026, 3, 28)])
        self.assertEqual(event["EXDATE"].params.get("VALUE"), "DATE")
        self.assertEqual([item.dt for item in event["EXDATE"].dts], [D(2026, 3, 14)])

    def test_feed_lists_every_public_event_as_a_subscribable_calendar(self):
        response = self.client.get(f"{self.index.url}ical/")
        self.assertIn("inline", response["Content-Disposition"])
        cal = parse(response)
        self.assertEqual(
            set(events_by_title(cal)),
            {
                "Agora sur la place",
                "Chorale du jeudi",
                "Conseil de maison, 1er mardi",
                "Fête des quartiers",
            },
        )
        self.assertEqual([z["TZID"] for z in cal.walk("VTIMEZONE")], ["Europe/Paris"])
        self.assertEqual(cal.get_missing_tzids(), set())
        self.assertEqual(str(cal["X-WR-CALNAME"]), "Agenda")
        self.assertEqual(cal.refresh_interval, datetime.timedelta(hours=6))
        self.assertIn(b"REFRESH-INTERVAL;VALUE=DURATION:PT6H", response.content)
        again = parse(self.client.get(f"{self.index.url}ical/"))
        self.assertEqual(cal["UID"], again["UID"])

    def test_category_and_place_feeds_keep_only_their_events(self):
        cal = parse(self.client.get(f"{self.index.url}ical/categorie/agora-test/"))
        self.assertEqual(set(events_by_title(cal)), {"Agora sur la place"})
        cal = parse(self.client.get(f"{self.index.url}ical/lieu/{self.centre.pk}/"))
        self.assertEqual(set(events_by_title(cal)), {"Chorale du jeudi"})
        missing = self.client.get(f"{self.index.url}ical/categorie/inconnue/")
        self.assertEqual(missing.status_code, 404)

    def test_draft_and_private_events_are_in_no_ical_file(self):
        urls = [
            f"{self.index.url}ical/",
            f"{self.index.url}ical/categorie/agora-test/",
            f"{self.index.url}ical/lieu/{self.centre.pk}/",
        ]
        for url in urls:
            with self.subTest(url=url):
                titles = set(events_by_title(parse(self.client.get(url))))
                self.assertTrue(titles)
                self.assertNotIn("Brouillon à ne pas montrer", titles)
                self.assertNotIn("Réservé au conseil d'administration", titles)
        draft = Page.objects.get(title="Brouillon à ne pas montrer")
        self.assertEqual(self.client.get(f"{draft.url}ical/").status_code, 404)
        private = Page.objects.get(title="Réservé au conseil d'administration")
        # Wagtail answers with its password form, never with the calendar.
        response = self.client.get(f"{private.url}ical/")
        self.assertNotIn(b"BEGIN:VCALENDAR", response.content)
        self.assertNotIn("text/calendar", response["Content-Type"])

    def test_english_feed_shows_french_events_not_translated_yet(self):
        english_index = self.english.get_parent()
        english = set(
            events_by_title(parse(self.client.get(f"{english_index.url}ical/")))
        )
        french = set(events_by_title(parse(self.client.get(f"{self.index.url}ical/"))))
        self.assertEqual(english, french - {self.single.title} | {"Agora in English"})


class EventJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_agenda()
        cls.index = tree["agenda"]
        cls.event = EventPageFactory(
            parent=cls.index,
            title="Repas partagé </script><script>alert(1)</script>",
            start_date=D(2026, 10, 22),
            recurrence="weekly",
            recurrence_until=D(2026, 11, 30),
            exceptions=[D(2026, 10, 29)],
            is_free=False,
            price="5,50 € le repas",
            capacity=40,
        )

    def json_ld(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        # The event's own, beside the breadcrumbs' BreadcrumbList.
        (text,) = [
            text
            for text in JSON_LD.findall(response.content.decode())
            if '"BreadcrumbList"' not in text
        ]
        return text, json.loads(text)

    def test_event_page_has_parseable_schema_org_event_json_ld(self):
        _, data = self.json_ld(self.event)
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["@type"], "Event")
        self.assertEqual(data["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(
            data["eventAttendanceMode"],
            "https://schema.org/OfflineEventAttendanceMode",
        )
        self.assertEqual(data["location"]["@type"], "Place")
        self.assertEqual(data["location"]["address"]["postalCode"], "26100")
        self.assertEqual(data["offers"]["price"], "5.50")
        self.assertEqual(data["offers"]["priceCurrency"], "EUR")
        self.assertEqual(data["organizer"]["@type"], "Organization")
        self.assertEqual(data["maximumAttendeeCapacity"], 40)
        self.assertEqual(data["url"], self.event.get_full_url())

    def test_json_ld_dates_carry_the_paris_offset_and_the_schedule(self):
        _, data = self.json_ld(self.event)
        self.assertRegex(data["startDate"], r"^\d{4}-\d{2}-\d{2}T18:00\+0[12]:00$")
        schedule = data["eventSchedule"]
        self.assertEqual(schedule["repeatFrequency"], "P1W")
        self.assertEqual(schedule["byDay"], ["https://schema.org/Thursday"])
        self.assertEqual(schedule["scheduleTimezone"], "Europe/Paris")
        self.assertEqual(schedule["exceptDate"], ["2026-10-29"])

    def test_json_ld_cannot_close_its_script_element(self):
        text, data = self.json_ld(self.event)
        self.assertNotIn("</script>", text)
        self.assertIn("\\u003C/script\\u003E", text)
        self.assertEqual(data["name"], self.event.title)

    def test_cancelled_free_event_says_so_in_json_ld(self):
        event = EventPageFactory(parent=self.index, is_cancelled=True)
        _, data = self.json_ld(event)
        self.assertEqual(data["eventStatus"], "https://schema.org/EventCancelled")
        self.assertEqual(data["offers"]["price"], "0")
        self.assertTrue(data["isAccessibleForFree"])
        self.assertEqual(data["startDate"], "2026-03-24T18:00+01:00")
