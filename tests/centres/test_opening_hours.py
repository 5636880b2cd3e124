"""Open or closed, and the next opening, at fixed instants in Europe/Paris:
weekly ranges, exceptional closures, the week's wrap-around and the change
to summer time."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from centres.models import CentrePage, OpeningHours, Weekday
from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ClosureFactory,
    add_week,
)
from tests.factories import build_site_tree
from tests.helpers import PARIS

UTC = datetime.UTC


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


class OpeningStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        index = CentreIndexPageFactory(parent=tree["home"])
        # Tuesday 9:30-11:30 and 14:00-17:00, Wednesday 14:00-18:00,
        # Thursday 9:30-11:30.
        cls.centre = CentrePageFactory(parent=index, title="Maison de quartier des Ors")
        add_week(cls.centre)
        # The week of 2 November 2026: closed for the autumn holidays.
        ClosureFactory(
            page=cls.centre,
            start_date=datetime.date(2026, 11, 2),
            end_date=datetime.date(2026, 11, 6),
            reason="Vacances d'automne",
        )
        cls.empty = CentrePageFactory(parent=index, title="Maison sans horaires")

    def setUp(self):
        translation.activate("fr")
        self.addCleanup(translation.deactivate)
        self.centre = CentrePage.objects.get(pk=self.centre.pk)

    def test_open_on_tuesday_at_ten_until_half_past_eleven(self):
        status = self.centre.opening_status(paris(2026, 3, 10, 10, 0))
        self.assertTrue(status.is_open)
        self.assertEqual(status.label, "Ouvert maintenant")
        self.assertEqual(status.closes_at, paris(2026, 3, 10, 11, 30))
        self.assertEqual(status.detail, "jusqu'à 11 h 30")
        self.assertTrue(self.centre.is_open_at(paris(2026, 3, 10, 10, 0)))

    def test_closed_on_tuesday_at_noon_and_reopens_at_two(self):
        status = self.centre.opening_status(paris(2026, 3, 10, 12, 0))
        self.assertFalse(status.is_open)
        self.assertEqual(status.label, "Fermé")
        self.assertEqual(status.next_opening, paris(2026, 3, 10, 14, 0))
        self.assertEqual(status.detail, "Ouvre aujourd'hui à 14 h")

    def test_a_range_includes_its_opening_minute_and_excludes_its_closing_one(self):
        self.assertTrue(self.centre.is_open_at(paris(2026, 3, 10, 9, 30)))
        self.assertFalse(self.centre.is_open_at(paris(2026, 3, 10, 11, 30)))

    def test_closed_during_an_exceptional_closure(self):
        # Tuesday 3 November 2026 at ten: a usual opening hour.
        status = self.centre.opening_status(paris(2026, 11, 3, 10, 0))
        self.assertFalse(status.is_open)
        self.assertEqual(status.closure.reason, "Vacances d'automne")
        # Back the next Tuesday, a week later: the date is spelled out.
        self.assertEqual(status.next_opening, paris(2026, 11, 10, 9, 30))
        self.assertEqual(status.detail, "Ouvre le mardi 10 novembre à 9 h 30")

    def test_next_opening_wraps_around_the_week(self):
        cases = [
            # Thursday after closing: next Tuesday.
            (paris(2026, 3, 12, 12, 0), paris(2026, 3, 17, 9, 30), "Ouvre mardi"),
            # Saturday and Sunday: next Tuesday too.
            (paris(2026, 3, 14, 15, 0), paris(2026, 3, 17, 9, 30), "Ouvre mardi"),
            # Monday evening: tomorrow.
            (paris(2026, 3, 16, 18, 0), paris(2026, 3, 17, 9, 30), "Ouvre demain"),
            # Tuesday evening: Wednesday afternoon.
            (paris(2026, 3, 17, 17, 0), paris(2026, 3, 18, 14, 0), "Ouvre demain"),
        ]
        for now, expected, wording in cases:
            with self.subTest(now=now):
                status = self.centre.opening_status(now)
                self.assertFalse(status.is_open)
                self.assertEqual(status.next_opening, expected)
                self.assertTrue(status.detail.startswith(wording), status.detail)
        self.assertEqual(
            self.centre.opening_status(paris(2026, 3, 12, 12, 0)).detail,
            "Ouvre mardi à 9 h 30",
        )

    def test_same_utc_instant_reads_in_paris_time_on_each_side_of_summer_time(self):
        # 8:00 UTC is 9:00 in Paris before 29 March 2026, 10:00 after.
        winter = datetime.datetime(2026, 3, 24, 8, 0, tzinfo=UTC)
        summer = datetime.datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
        self.assertFalse(self.centre.is_open_at(winter))
        self.assertTrue(self.centre.is_open_at(summer))
        self.assertEqual(
            self.centre.opening_status(winter).next_opening,
            datetime.datetime(2026, 3, 24, 8, 30, tzinfo=UTC),
        )

    def test_next_opening_across_the_change_to_summer_time(self):
        # Saturday 28 March, winter time; the clocks go forward on Sunday.
        status = self.centre.opening_status(paris(2026, 3, 28, 12, 0))
        opening = status.next_opening
        self.assertEqual(opening, paris(2026, 3, 31, 9, 30))
        self.assertEqual(opening.utcoffset(), datetime.timedelta(hours=2))
        self.assertEqual(
            opening.astimezone(UTC), datetime.datetime(2026, 3, 31, 7, 30, tzinfo=UTC)
        )

    def test_status_does_not_depend_on_the_active_time_zone(self):
        moment = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 Paris
        with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
            self.assertTrue(self.centre.is_open_at(moment))

    def test_a_centre_without_hours_is_closed_with_no_next_opening(self):
        status = self.empty.opening_status(paris(2026, 3, 10, 10, 0))
        self.assertFalse(status.is_open)
        self.assertIsNone(status.next_opening)
        self.assertEqual(status.detail, "")

    def test_hours_are_grouped_by_day_monday_first(self):
        days = self.centre.hours_by_day()
        self.assertEqual(
            [day for day, _ in days],
            ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"],
        )
        tuesday = days[1][1]
        self.assertEqual([item.opens_text for item in tuesday], ["9 h 30", "14 h"])
        self.assertEqual(days[0][1], [])


class OpeningHoursValidationTests(TestCase):
    def test_closing_time_must_follow_opening_time(self):
        for closes in (datetime.time(9, 0), datetime.time(9, 30)):
            hours = OpeningHours(
                weekday=Weekday.MONDAY, opens=datetime.time(9, 30), closes=closes
            )
            with (
                self.subTest(closes=closes),
                self.assertRaises(ValidationError) as raised,
            ):
                hours.clean()
            self.assertEqual(
                raised.exception.message_dict["closes"],
                ["L'heure de fermeture doit être après l'heure d'ouverture."],
            )

    def test_weekdays_are_named_in_french_monday_first(self):
        self.assertEqual(Weekday.MONDAY.value, 0)
        self.assertEqual(Weekday.SUNDAY.label, "Dimanche")

    def test_coordinates_are_range_checked(self):
        latitude = CentrePage._meta.get_field("latitude")
        longitude = CentrePage._meta.get_field("longitude")
        with self.assertRaises(ValidationError):
            latitude.clean("95", None)
        with self.assertRaises(ValidationError):
            longitude.clean("-181", None)
        self.assertEqual(str(latitude.clean("45.0461", None)), "45.0461")
        self.assertEqual(str(longitude.clean("5.0603", None)), "5.0603")
