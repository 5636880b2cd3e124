"""The Agenda section's own addresses: the upcoming list, the past archive,
the month view and the iCal feeds. `EventIndexPage` is built on them and
gives them its events and categories."""

import datetime

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from agenda import ical
from agenda.filters import EventFilters
from agenda.months import (
    is_known_month,
    month_bounds,
    month_picker,
    month_weeks,
    parse_month,
)
from agenda.queries import (
    event_cards,
    expand,
    past_cards,
    prefetch_card_images,
    row_urls,
    with_pages,
)
from agenda.recurrence import WEEKDAY_CHOICES, WEEKDAY_NAMES
from cooperation.dates import format_time
from cooperation.filters import query_int, query_text
from cooperation.site_cache import remembered

EVENTS_PER_PAGE = 20
MONTH_PARAM = "mois"
# How long a subscribed calendar keeps past events.
FEED_PAST_DAYS = 365


def calendar_entries(request):
    """A function giving what a day of the month view shows of an
    occurrence (a `ListedEvent`'s): its link, title, language and state,
    and its start time on the day it starts. Plain dicts, which the
    template reads at the first try, made once per event."""
    url_of = row_urls(request)
    links, times = {}, {}

    def entry(occurrence, day):
        event = occurrence.event
        link = links.get(event.pk)
        if link is None:
            link = links[event.pk] = {
                "url": url_of(event.url_path),
                "title": event.card_title,
                "is_french_fallback": event.is_french_fallback,
                "is_cancelled": event.is_cancelled,
                "time": "",
            }
        if occurrence.all_day or occurrence.start_date != day:
            return link
        moment = occurrence.start_time
        if moment not in times:
            times[moment] = format_time(moment) if moment else ""
        return {**link, "time": times[moment]}

    return entry


class AgendaRoutes(RoutablePageMixin):
    """The views of the Agenda section. The page provides `get_events()`
    (an `EventQuerySet`) and `get_categories()`."""

    def route_url(self, name, *args):
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    def timetable(self, first_day, last_day=None):
        """The light rows (`EventQuerySet.timetable`) of the events that may
        have a date from `first_day` to `last_day`. The rows of the events
        not over before this month are kept in the site cache until the site
        changes (one entry a month: the list, this month and the next ones
        read it); an earlier month reads the database."""
        since = timezone.localdate().replace(day=1)
        if first_day < since:
            return self.get_events().overlapping(first_day, last_day).timetable()
        rows = remembered(
            "agenda-timetable",
            lambda: self.get_events().overlapping(since).timetable(),
            self.pk,
            since.isoformat(),
        )
        return [row for row in rows if row.overlaps(first_day, last_day)]

    def read_filters(self, request):
        """The category and place asked for in the query string."""
        return EventFilters(request.GET, self.get_categories())

    def filter_context(self, occurrences, filters, extra=None):
        """The filter links (from the events of the window before the
        category and place filters) and the feeds of the current filter."""
        context = filters.links(occurrences, self.content_type_id, self.locale, extra)
        category, place = context["current_category"], context["current_place"]
        context["category_ical_url"] = (
            self.route_url("ical_category", category.slug) if category else ""
        )
        context["place_ical_url"] = (
            self.route_url("ical_place", place.pk) if place else ""
        )
        return context

    def paginate(self, items, request):
        """One page of `items` (occurrences or cards), with their card images
        in bulk."""
        page_obj = Paginator(items, EVENTS_PER_PAGE).get_page(
            query_int(request.GET, "page")
        )
        prefetch_card_images({o.event for o in page_obj.object_list})
        return page_obj

    # Views -------------------------------------------------------------------

    @path("")
    def upcoming(self, request):
        """Upcoming events by default; one month with ?mois=YYYY-MM. One card
        per event: a repeating one once, at its next date."""
        today = timezone.localdate()
        asked = query_text(request.GET, MONTH_PARAM)
        month = parse_month(asked)
        if asked and month is None:
            raise Http404
        first_day, last_day = month_bounds(month) if month else (today, None)
        # The cards are sorted and filtered on light rows; only the pages of
        # the cards shown are fetched.
        cards = event_cards(self.timetable(first_day, last_day), first_day, last_day)

        filters = self.read_filters(request)
        page_obj = Paginator(filters.apply(cards), EVENTS_PER_PAGE).get_page(
            query_int(request.GET, "page")
        )
        extra = {MONTH_PARAM: month.strftime("%Y-%m")} if month else {}
        context = self.filter_context(cards, filters, extra)
        page_obj.object_list = with_pages(
            page_obj.object_list, self.get_events(), context["categories_by_key"]
        )
        context.update(month_picker(month, today, filters.query, MONTH_PARAM))
        context.update(
            {
                "cards": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": page_obj.paginator,
                "current_month": month,
                "month_url": self.route_url(
                    "month", (month or today).year, (month or today).month
                ),
                "past_url": self.route_url("past"),
                "ical_url": self.route_url("ical"),
                "filters_reset_url": self.url,
            }
        )
        if month:
            context["is_filtered"] = True
        return self.render(request, context_overrides=context)

    @path("passes/", name="past")
    def past(self, request):
        """The archive: events already over, one card each at its last date,
        newest first."""
        today = timezone.localdate()
        events = self.get_events().filter(start_date__lt=today)
        page_obj = self.paginate(past_cards(events, today), request)
        return self.render(
            request,
            template="agenda/event_past.html",
            context_overrides={
                "cards": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": page_obj.paginator,
                "upcoming_url": self.url,
            },
        )

    @path("mois/<int:year>/<int:month>/", name="month")
    def month(self, request, year, month):
        """A month as an accessible calendar table (a list on phones)."""
        if not is_known_month(year, month):
            raise Http404
        first_day, last_day = month_bounds(datetime.date(year, month, 1))
        # Each date of the month from light rows: no page is built, each
        # link made once per event.
        in_window = expand(self.timetable(first_day, last_day), first_day, last_day)
        filters = self.read_filters(request)
        occurrences = filters.apply(in_window)
        entry = calendar_entries(request)

        today = timezone.localdate()
        previous_month = first_day - datetime.timedelta(days=1)
        next_month = last_day + datetime.timedelta(days=1)
        context = self.filter_context(in_window, filters)
        query = context["extra_query"]
        suffix = f"?{query}" if query else ""
        context.update(
            {
                "month_start": first_day,
                "weeks": month_weeks(first_day, occurrences, today, entry),
                "weekday_names": [WEEKDAY_NAMES[code] for code, _ in WEEKDAY_CHOICES],
                "occurrence_count": len(occurrences),
                "previous_url": (
                    self.route_url("month", previous_month.year, previous_month.month)
                    + suffix
                ),
                "next_url": (
                    self.route_url("month", next_month.year, next_month.month) + suffix
                ),
                "previous_month": previous_month,
                "next_month": next_month,
                "today_url": self.route_url("month", today.year, today.month),
                "filters_reset_url": self.route_url("month", year, month),
                "upcoming_url": self.url,
            }
        )
        return self.render(
            request, template="agenda/event_month.html", context_overrides=context
        )

    # iCal feeds --------------------------------------------------------------

    def feed_events(self):
        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        return self.get_events().overlapping(since).order_by("start_date")

    def feed_response(self, request, events, name, key):
        body = ical.feed_body(
            events,
            name=name,
            uid=f"{self.translation_key}-{key}@{ical.UID_DOMAIN}",
            request=request,
        )
        return ical.calendar_response(body, filename=f"{self.slug}-{key}.ics")

    @path("ical/", name="ical")
    def ical_all(self, request):
        return self.feed_response(request, self.feed_events(), self.title, "tout")

    @path("ical/categorie/<slug:slug>/", name="ical_category")
    def ical_category(self, request, slug):
        category = self.get_categories().filter(slug=slug).first()
        if category is None:
            raise Http404
        events = self.feed_events().filter(
            categories__translation_key=category.translation_key
        )
        name = f"{self.title} — {category.name}"
        return self.feed_response(request, events, name, f"categorie-{slug}")

    @path("ical/lieu/<int:page_id>/", name="ical_place")
    def ical_place(self, request, page_id):
        place = Page.objects.live().public().filter(pk=page_id).first()
        if place is None:
            raise Http404
        # Held there, or filed under that centre's page.
        events = self.feed_events().at_place(place)
        name = f"{self.title} — {place.title}"
        return self.feed_response(request, events, name, f"lieu-{page_id}")
