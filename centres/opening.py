"""Is a centre open right now, and when does it open next?

Pure time arithmetic on the centre's weekly ranges and its exceptional
closures, always in Europe/Paris whatever the server's clock says. The page
models call it on every request: the answer is never stored, so a cached
page cannot show a stale « Ouvert maintenant ».
"""

import dataclasses
import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from cooperation.dates import PARIS

# A long summer closure must not hide the reopening: look a year ahead.
LOOKAHEAD_DAYS = 366


@dataclasses.dataclass(frozen=True)
class OpeningStatus:
    """What the visitor reads next to the centre's name."""

    is_open: bool
    # The local end of the current range when open.
    closes_at: datetime.datetime | None = None
    # The next local opening when closed (None: no hours known).
    next_opening: datetime.datetime | None = None
    # The exceptional closure in force, if any.
    closure: object = None
    # Paris local time the status was computed for.
    now: datetime.datetime | None = None

    @property
    def label(self):
        return _("Ouvert maintenant") if self.is_open else _("Fermé")

    @property
    def detail(self):
        """« jusqu'à 11 h 30 » when open, « Ouvre mardi à 9 h 30 » when
        closed, in the active language."""
        if self.is_open:
            return _("jusqu'à %(time)s") % {"time": format_time(self.closes_at)}
        if self.next_opening is None:
            return ""
        return describe_opening(self.next_opening, self.now)


def to_paris(moment):
    """An aware datetime in Paris; a naive one is read as Paris local time."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def format_time(moment):
    """French style: « 9 h 30 », « 14 h »."""
    if moment.minute:
        return _("%(hour)d h %(minute)02d") % {
            "hour": moment.hour,
            "minute": moment.minute,
        }
    return _("%(hour)d h") % {"hour": moment.hour}


def describe_opening(opening, now):
    """« Ouvre aujourd'hui à 14 h », « Ouvre demain à 9 h »,
    « Ouvre mardi à 9 h 30 », or with the date beyond a week."""
    time = format_time(opening)
    days_ahead = (opening.date() - now.date()).days
    if days_ahead == 0:
        return _("Ouvre aujourd'hui à %(time)s") % {"time": time}
    if days_ahead == 1:
        return _("Ouvre demain à %(time)s") % {"time": time}
    if days_ahead < 7:
        return _("Ouvre %(day)s à %(time)s") % {
            "day": dateformat.format(opening, "l"),
            "time": time,
        }
    return _("Ouvre le %(date)s à %(time)s") % {
        "date": dateformat.format(opening, "l j F"),
        "time": time,
    }


def closure_on(day, closures):
    for closure in closures:
        if closure.start_date <= day <= closure.end_date:
            return closure
    return None


def opening_status(ranges, closures, now):
    """`ranges`: objects with `weekday` (0 = Monday), `opens` and `closes`
    (local times); `closures`: objects with `start_date` and `end_date`
    (inclusive). Both are plain iterables, so that the listing can pass
    prefetched rows and the preview unsaved ones."""
    now = to_paris(now)
    ranges = sorted(ranges, key=lambda item: (item.weekday, item.opens))
    closures = list(closures)
    today = now.date()
    current_closure = closure_on(today, closures)

    if current_closure is None:
        for item in ranges:
            if item.weekday != today.weekday():
                continue
            if item.opens <= now.time() < item.closes:
                closes_at = datetime.datetime.combine(today, item.closes, tzinfo=PARIS)
                return OpeningStatus(True, closes_at=closes_at, now=now)

    return OpeningStatus(
        False,
        next_opening=next_opening(ranges, closures, now),
        closure=current_closure,
        now=now,
    )


def next_opening(ranges, closures, now):
    if not ranges:
        return None
    for offset in range(LOOKAHEAD_DAYS):
        day = now.date() + datetime.timedelta(days=offset)
        if closure_on(day, closures) is not None:
            continue
        for item in ranges:
            if item.weekday != day.weekday():
                continue
            if offset == 0 and item.opens <= now.time():
                continue
            # zoneinfo gives the right offset on each side of a DST change.
            return datetime.datetime.combine(day, item.opens, tzinfo=PARIS)
    return None
