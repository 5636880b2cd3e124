"""Is a centre open right now, and when does it open next?

Pure time arithmetic on the centre's weekly ranges and its exceptional
closures, always in Europe/Paris whatever the server's clock says. The page
models call it on every request, and the page says it as the answer without
JavaScript; the browser computes it again from the same hours and closures
(`OpeningStatus.browser_data`, read by centres/static/centres/
opening-status.js), so that a page kept by a cache never shows a stale
« Ouvert maintenant ». Such a page is kept a short time only (the
`short_page_cache` tag in the status's template).
"""

import dataclasses
import datetime
import functools
import json

from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperation.dates import PARIS, format_time
from cooperation.typography import rules_for

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
    # What it was computed from, for the browser (sorted ranges, closures).
    ranges: tuple = ()
    closures: tuple = ()

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

    @property
    def browser_data(self):
        """The hours, the closures (a listing fetches only those still to
        come) and the words of the status
        in the active language, as JSON for opening-status.js. Times are
        minutes after midnight, Paris time; the texts are the ones this
        module uses, so that the browser writes what the server would, with
        the language's typography already applied (the page's text gets it
        from `TypographyMiddleware`, an attribute does not): each opening
        and closing time written out (« 9 h 30 »), and each day of the
        month as it is written before a month's name (« 1er »)."""
        language = get_language()
        typeset = rules_for(language) or str
        return json.dumps(
            {
                "hours": [
                    [item.weekday, minutes(item.opens), minutes(item.closes)]
                    for item in self.ranges
                ],
                "closures": [
                    [
                        item.start_date.isoformat(),
                        item.end_date.isoformat(),
                        typeset(item.reason or ""),
                    ]
                    for item in self.closures
                ],
                "times": {
                    minutes(moment): browser_time(language, moment)
                    for item in self.ranges
                    for moment in (item.opens, item.closes)
                },
                **browser_words(language),
            },
            ensure_ascii=False,
        )


@functools.cache
def browser_words(language):
    """The words of every status in `language`, the same for each centre:
    made once per language and process (the translations and typography
    rules do not change while it runs)."""
    typeset = rules_for(language) or str
    month = str(MONTHS[1])
    return {
        "texts": {
            name: typeset(text)
            for name, text in {
                "open": _("Ouvert maintenant"),
                "closed": _("Fermé"),
                "until": _("jusqu'à %(time)s"),
                "today": _("Ouvre aujourd'hui à %(time)s"),
                "tomorrow": _("Ouvre demain à %(time)s"),
                "weekday": _("Ouvre %(day)s à %(time)s"),
                "date": _("Ouvre le %(date)s à %(time)s"),
            }.items()
        },
        # As dateformat's "l" and "F": Monday first, then January.
        "days": [str(WEEKDAYS[day]) for day in range(7)],
        "months": [str(MONTHS[number]) for number in range(1, 13)],
        # « 1er », « 2 »…: the day and the space before the month.
        "month_days": [
            typeset(f"{day} {month}")[: -len(month)] for day in range(1, 32)
        ],
    }


@functools.lru_cache(maxsize=1024)
def browser_time(language, moment):
    """A time of day as the status script writes it in `language` (the
    active one): « 9 h 30 », typeset; each distinct time made once."""
    return (rules_for(language) or str)(format_time(moment))


def minutes(moment):
    return moment.hour * 60 + moment.minute


def to_paris(moment):
    """An aware datetime in Paris; a naive one is read as Paris local time."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


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
                return OpeningStatus(
                    True,
                    closes_at=closes_at,
                    now=now,
                    ranges=tuple(ranges),
                    closures=tuple(closures),
                )

    return OpeningStatus(
        False,
        next_opening=next_opening(ranges, closures, now),
        closure=current_closure,
        now=now,
        ranges=tuple(ranges),
        closures=tuple(closures),
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
