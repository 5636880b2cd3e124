"""Occurrences of repeating events, computed in Paris local time."""

import datetime

from django.test import TestCase

from agenda.models import EventPage
from agenda.recurrence import occurrences, start_dates
from tests.helpers import PARIS

D = datetime.date
T = datetime.time


def event(**fields):
    values = {
        "title": "Atelier couture",
        "start_date": D(2026, 3, 3),
        "start_time": T(18, 0),
        "end_time": T(20, 0),
    }
    values.update(fields)
    return EventPage(**values)


class RecurrenceTests(TestCase):
    def test_a_single_event_has_one_occurrence(self):
        found = occurrences(event(), [])
        self.assertEqual(len(found), 1)
        self.assertEqual(
            found[0].start, datetime.datetime(2026, 3, 3, 18, tzinfo=PARIS)
        )
        self.assertEqual(found[0].end, datetime.datetime(2026, 3, 3, 20, tzinfo=PARIS))

    def test_weekly_on_given_days_skips_the_exceptions(self):
        # Tuesday 3 March 2026, on Tuesdays and Fridays until 20 March.
        weekly = event(
            recurrence="weekly",
            recurrence_weekdays=["TU", "FR"],
            recurrence_until=D(2026, 3, 20),
        )
        self.assertEqual(
            start_dates(weekly, [D(2026, 3, 10)]),
            [
                D(2026, 3, 3),
                D(2026, 3, 6),
                D(2026, 3, 13),
                D(2026, 3, 17),
                D(2026, 3, 20),
            ],
        )

    def test_weekly_without_days_repeats_on_the_first_dates_weekday(self):
        weekly = event(recurrence="weekly", recurrence_until=D(2026, 3, 24))
        self.assertEqual(
            start_dates(weekly, []),
            [D(2026, 3, 3), D(2026, 3, 10), D(2026, 3, 17), D(2026, 3, 24)],
        )

    def test_monthly_on_the_same_day_of_the_month(self):
        monthly = event(
            start_date=D(2026, 1, 15),
            recurrence="monthly",
            recurrence_monthly_by="date",
            recurrence_until=D(2026, 4, 30),
        )
        self.assertEqual(
            start_dates(monthly, [D(2026, 3, 15)]),
            [D(2026, 1, 15), D(2026, 2, 15), D(2026, 4, 15)],
        )

    def test_monthly_on_the_first_tuesday(self):
        monthly = event(
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until=D(2026, 6, 30),
        )
        self.assertEqual(
            start_dates(monthly, []),
            [
                D(2026, 3, 3),
                D(2026, 4, 7),
                D(2026, 5, 5),
                D(2026, 6, 2),
            ],
        )

    def test_monthly_on_a_fifth_weekday_means_the_last_one(self):
        # Friday 30 January 2026 is the fifth Friday: repeat on the last Friday.
        monthly = event(
            start_date=D(2026, 1, 30),
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until=D(2026, 4, 30),
        )
        self.assertEqual(
            start_dates(monthly, []),
            [D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27), D(2026, 4, 24)],
        )

    def test_local_time_stays_the_same_across_the_spring_dst_change(self):
        # Summer time starts on Sunday 29 March 2026.
        weekly = event(
            start_date=D(2026, 3, 26),
            recurrence="weekly",
            recurrence_until=D(2026, 4, 2),
        )
        before, after = occurrences(weekly, [])
        self.assertEqual((before.start.hour, after.start.hour), (18, 18))
        self.assertEqual(before.start.utcoffset(), datetime.timedelta(hours=1))
        self.assertEqual(after.start.utcoffset(), datetime.timedelta(hours=2))
        self.assertEqual(before.start_iso, "2026-03-26T18:00+01:00")
        self.assertEqual(after.start_iso, "2026-04-02T18:00+02:00")

    def test_local_time_stays_the_same_across_the_autumn_dst_change(self):
        # Winter time starts on Sunday 25 October 2026.
        weekly = event(
            start_date=D(2026, 10, 22),
            recurrence="weekly",
            recurrence_until=D(2026, 10, 29),
        )
        before, after = occurrences(weekly, [])
        self.assertEqual(before.start_iso, "2026-10-22T18:00+02:00")
        self.assertEqual(after.start_iso, "2026-10-29T18:00+01:00")
        self.assertEqual(after.end_iso, "2026-10-29T20:00+01:00")

    def test_an_event_on_the_dst_sunday_itself_keeps_its_local_time(self):
        sunday = event(start_date=D(2026, 10, 25), start_time=T(10), end_time=T(12))
        (occurrence,) = occurrences(sunday, [])
        self.assertEqual(occurrence.start_iso, "2026-10-25T10:00+01:00")

    def test_all_day_multi_day_occurrences_cover_each_of_their_days(self):
        festival = event(
            all_day=True,
            start_time=None,
            end_time=None,
            start_date=D(2026, 6, 19),
            end_date=D(2026, 6, 21),
        )
        (occurrence,) = occurrences(festival, [])
        self.assertTrue(occurrence.all_day)
        self.assertEqual(occurrence.start, D(2026, 6, 19))
        self.assertEqual(occurrence.end, D(2026, 6, 21))
        self.assertTrue(occurrence.covers(D(2026, 6, 20)))
        self.assertFalse(occurrence.covers(D(2026, 6, 22)))

    def test_only_occurrences_overlapping_the_window_are_kept(self):
        weekly = event(recurrence="weekly", recurrence_until=D(2026, 3, 31))
        found = occurrences(weekly, [], D(2026, 3, 10), D(2026, 3, 20))
        self.assertEqual(
            [o.start_date for o in found], [D(2026, 3, 10), D(2026, 3, 17)]
        )

    def test_the_last_date_covers_the_repetition_and_the_duration(self):
        weekly = event(
            end_date=D(2026, 3, 4),
            recurrence="weekly",
            recurrence_until=D(2026, 3, 31),
        )
        self.assertEqual(weekly.compute_last_date(), D(2026, 4, 1))

    def test_the_repetition_is_described_in_plain_french(self):
        weekly = event(
            recurrence="weekly",
            recurrence_weekdays=["TU", "TH", "FR"],
            recurrence_until=D(2026, 6, 30),
        )
        self.assertEqual(
            weekly.recurrence_description(),
            "Chaque semaine, le mardi, le jeudi et le vendredi, jusqu'au 30 juin 2026",
        )
        by_weekday = event(
            start_date=D(2026, 1, 30),
            recurrence="monthly",
            recurrence_monthly_by="weekday",
            recurrence_until=D(2026, 6, 30),
        )
        self.assertEqual(
            by_weekday.recurrence_description(),
            "Chaque mois, le dernier vendredi, jusqu'au 30 juin 2026",
        )
        by_date = event(
            recurrence="monthly",
            recurrence_monthly_by="date",
            recurrence_until=D(2026, 6, 30),
        )
        self.assertEqual(
            by_date.recurrence_description(),
            "Chaque mois, le 3, jusqu'au 30 juin 2026",
        )
        self.assertEqual(event().recurrence_description(), "")
