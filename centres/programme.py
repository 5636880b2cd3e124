"""The « Programme du mois »: a centre's rendez-vous of one month, on one A4
portrait sheet for its door. `CentrePage` is built on `ProgrammeRoutes`."""

import calendar
import dataclasses
import datetime

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from agenda.queries import expand
from cooperation.dates import PARIS
from cooperation.filters import parse_int, query_text
from cooperation.languages import and_french_source

# Months the programme page answers for; anything else is a 404.
PROGRAMME_YEARS = range(2000, 2101)
# Beyond this many rendez-vous the programme switches to two columns to
# stay on one A4 sheet.
PROGRAMME_DENSE_AFTER = 12


@dataclasses.dataclass(frozen=True)
class ProgrammeEntry:
    """One line of the Programme du mois; the agenda's events map to it."""

    date: datetime.date
    time: datetime.time | None
    title: str
    place: str = ""
    # "fr" for a French event shown where its translation is missing.
    language: str = ""


# What a programme line reads of its event beyond the agenda's timetable.
LINE_FIELDS = (
    "pk",
    "place_name",
    "is_cancelled",
    "is_french_fallback",
    "place_page__title",
    "place_page__live",
)


def line_place(line, held_here):
    """Where, on a programme line: the room, if any, for an event held at the
    centre; elsewhere, the place's name (`EventPage.place_title`: its page's
    title when published, else the free name). « annulé » after it when
    cancelled."""
    place_name = line["place_name"]
    live_page = line["place_page__live"]
    place_title = line["place_page__title"] if live_page else place_name
    if held_here:
        # `EventPage.place_detail`: the free name when it adds to the page's.
        place = place_name if place_name and place_name != place_title else ""
    else:
        place = place_title
    if line["is_cancelled"]:
        place = ", ".join(str(part) for part in (place, _("annulé")) if part)
    return place or ""


class ProgrammeRoutes(RoutablePageMixin):
    """The programme's addresses under a centre page, which provides
    `get_events()` (its events, an `EventQuerySet`) and
    `programme_context(request)` (what the sheet shows of the centre)."""

    def month_programme(self, year, month):
        """The centre's rendez-vous of the month, as `ProgrammeEntry` rows
        sorted by date and time: the agenda's events of this centre between
        the first and the last day of the month. Read as light rows (the
        agenda's `timetable`, and what a line adds to it), no page built."""
        if self.pk is None:
            return []
        first_day = datetime.date(year, month, 1)
        last_day = first_day.replace(day=calendar.monthrange(year, month)[1])
        events = self.get_events().overlapping(first_day, last_day)
        lines = {
            row["pk"]: row
            for row in events.prefetch_related(None).order_by().values(*LINE_FIELDS)
        }
        here = {None, *(page.pk for page in and_french_source(self))}
        entries = []
        for occurrence in expand(events.timetable(), first_day, last_day):
            event = occurrence.event
            line = lines.get(event.pk)
            if line is None:  # Published between the two queries.
                continue
            entries.append(
                ProgrammeEntry(
                    date=max(occurrence.start_date, first_day),
                    time=occurrence.start_time,
                    title=event.title,
                    place=line_place(line, held_here=event.place_page_id in here),
                    language="fr" if line["is_french_fallback"] else "",
                )
            )
        return entries

    @path("programme/", name="programme")
    def programme_current_month(self, request):
        """This month in Paris; the month picker's GET form lands here too."""
        year = query_text(request.GET, "annee")
        month = query_text(request.GET, "mois")
        if year and month:
            year, month = parse_int(year), parse_int(month)
            if month in range(1, 13) and year in PROGRAMME_YEARS:
                return redirect(
                    self.url + self.reverse_subpage("programme_month", (year, month))
                )
            raise Http404
        today = timezone.now().astimezone(PARIS).date()
        return self.programme(request, today.year, today.month)

    @path("programme/<int:year>/<int:month>/", name="programme_month")
    def programme(self, request, year, month):
        """The « Programme du mois »: one A4 portrait sheet for the door."""
        if month not in range(1, 13) or year not in PROGRAMME_YEARS:
            raise Http404
        entries = self.month_programme(year, month)
        first_day = datetime.date(year, month, 1)
        previous_month = first_day - datetime.timedelta(days=1)
        next_month = first_day + datetime.timedelta(
            days=calendar.monthrange(year, month)[1]
        )
        context = self.programme_context(request)
        context.update(
            {
                "month": first_day,
                "entries": entries,
                "is_dense": len(entries) > PROGRAMME_DENSE_AFTER,
                "month_choices": list(MONTHS.items()),
                "year_choices": list(range(year - 1, year + 2)),
                "previous_month": previous_month,
                "next_month": next_month,
            }
        )
        return TemplateResponse(request, "centres/programme.html", context)
