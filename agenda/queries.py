"""How the listings ask for events, and how events become dated occurrences.

`EventQuerySet` is `EventPage.objects`: a listing chains what it needs
(`EventPage.objects.listed(locale).under(root).overlapping(first, last)`) and
`expand()` turns the events into their occurrences, sorted by start."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_
from urllib.parse import quote

from django.db.models import CharField, Prefetch, Q, Value, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page

from agenda.recurrence import EventDates, Occurrence, rhythm
from cooperation.languages import (
    ReaderQuerySet,
    and_french_source,
    attach_reader_versions,
)
from cooperation.renditions import card_images
from cooperation.site_cache import remembered


def at_place(place):
    """The events filed under `place` (a centre page) or held there."""
    return Q(path__startswith=place.path, depth__gt=place.depth) | Q(place_page=place)


class EventQuerySet(ReaderQuerySet):
    def with_listing_data(self):
        """What the dates, places and filters of a listing need, in bulk. The
        place pages come as their own type (a centre, with its address), two
        queries whatever the number of events. Images are fetched later, for
        the events actually shown (`prefetch_card_images`)."""
        places = Page.objects.specific().defer_streamfields()
        return self.card_data().prefetch_related(
            Prefetch("place_page", queryset=places), "exception_dates"
        )

    def card_data(self, categories=True):
        """What a card shows of its events, in bulk: the categories (the
        place pages come from `place_pages`, the days without a session
        from the `timetable`)."""
        events = self.defer_streamfields().prefetch_related(None)
        return events.prefetch_related("categories") if categories else events

    def listed(self, locale):
        """Live, public events of `locale` (and the French ones not
        translated in it), with the listing data."""
        return self.live().public().in_language(locale).with_listing_data()

    def at_place(self, place):
        """Filed under the centre page `place` or held there, or at its
        French source (where the French events shown in its place are)."""
        return self.filter(reduce(or_, map(at_place, and_french_source(place))))

    def overlapping(self, first_day, last_day=None):
        """Events with an occurrence that may fall between the two days."""
        events = self.filter(last_date__gte=first_day)
        return events.filter(start_date__lte=last_day) if last_day else events

    def timetable(self):
        """The events as `ListedEvent` rows: their dates, days without a
        session, title, place and category keys, in three queries and no
        page built, however many they are. A listing sorts and filters
        these, then fetches the pages it shows (`with_pages`)."""
        fields = ListedEvent.FIELDS
        if "is_french_fallback" in self.query.annotations:
            fields += ("is_french_fallback",)
        rows = list(self.prefetch_related(None).order_by().values(*fields))
        ids = [row["pk"] for row in rows]
        # The days without a session and the category keys in one query.
        exception_model = self.model._meta.get_field("exception_dates").related_model
        # No ORDER BY in either part (the models' default ordering): SQLite
        # refuses one inside a compound statement.
        days = (
            exception_model.objects.filter(page_id__in=ids)
            .order_by()
            .values_list("page_id", Value("day"), Cast("date", CharField()))
        )
        terms = (
            self.model.categories.through.objects.filter(eventpage_id__in=ids)
            .order_by()
            .values_list(
                "eventpage_id",
                Value("term"),
                Cast("eventcategory__translation_key", CharField()),
            )
        )
        exceptions, keys = defaultdict(list), defaultdict(set)
        for page_id, kind, value in days.union(terms, all=True):
            if kind == "day":
                exceptions[page_id].append(datetime.date.fromisoformat(value))
            else:
                keys[page_id].add(uuid.UUID(value))
        return [
            ListedEvent(row, sorted(exceptions[row["pk"]]), keys[row["pk"]])
            for row in rows
        ]


class ListedEvent(EventDates):
    """An event as a listing first reads it: what dates, order, filters and
    pagination need, without the page (`EventQuerySet.timetable`); and what
    the month view's links show (`card_title`, `url_path`, `is_cancelled`,
    `is_french_fallback`)."""

    FIELDS = (
        "pk",
        "title",
        "listing_title",
        "path",
        "url_path",
        "is_cancelled",
        "place_page_id",
        "start_date",
        "start_time",
        "end_date",
        "end_time",
        "all_day",
        "recurrence",
        "recurrence_weekdays",
        "recurrence_monthly_by",
        "recurrence_until",
        "last_date",
    )

    # A queryset not read through `in_language` says nothing of it.
    is_french_fallback = False

    def __init__(self, row, exceptions, category_keys):
        self.__dict__.update(row)
        self._exceptions = exceptions
        self._category_keys = category_keys

    def exception_date_list(self):
        return self._exceptions

    def category_keys(self):
        return self._category_keys

    @property
    def card_title(self):
        return self.listing_title or self.title

    def overlaps(self, first_day, last_day=None):
        """Whether it may have a date from `first_day` (to `last_day`), as
        `EventQuerySet.overlapping` asks the database."""
        return self.last_date >= first_day and (
            last_day is None or self.start_date <= last_day
        )


def row_urls(request):
    """A function giving the URL of an event read as a row, from its
    `url_path`: the one `{% pageurl %}` gives its page. Wagtail reverses its
    serve view for each page; this asks Wagtail once for each parent (the
    agenda, the centres) and adds the event's slug, quoted as `reverse`
    quotes it. A month links a few hundred dates."""
    parents = {}

    def url(url_path):
        parent_path, slug = url_path.rstrip("/").rsplit("/", 1)
        if parent_path not in parents:
            parent = Page(url_path=parent_path + "/").get_url(request)
            parents[parent_path] = parent
        parent = parents[parent_path]
        if parent is None:
            return None
        return f"{parent}{quote(slug, safe=RFC3986_SUBDELIMS + '/~:@')}/"

    return url


def with_pages(cards, events, categories=None):
    """`cards` (of `ListedEvent` rows), each with its event page from the
    `events` queryset instead, with the listing data and card images: one
    page of a listing, fetched in a few queries whatever its length. The
    cards' categories come from `categories` (by translation key, in the
    reader's language) when the listing has read them already."""
    cards = list(cards)
    ids = [card.event.pk for card in cards]
    pages = events.filter(pk__in=ids).card_data(categories is None).in_bulk()
    places = place_pages(page.place_page_id for page in pages.values())
    found = []
    for card in cards:
        page = pages.get(card.event.pk)
        if page is None:
            continue
        if page.place_page_id:
            page.place_page = places.get(page.place_page_id)
        if categories is not None:
            page.reader_categories = sorted(
                (
                    categories[key]
                    for key in card.event.category_keys()
                    if key in categories
                ),
                key=lambda item: item.name,
            )
        found.append(replace(card, occurrence=replace(card.occurrence, event=page)))
    prefetch_card_images(
        {card.event for card in found}, with_categories=categories is None
    )
    return found


def place_pages(ids):
    """{id: page} for the place pages of `ids`, each as its own type (a
    centre, with its address): from the site cache until the site changes,
    or two queries. A few centres hold most events."""
    ids = sorted({pk for pk in ids if pk})
    if not ids:
        return {}

    def fetch():
        pages = Page.objects.filter(pk__in=ids).specific().defer_streamfields()
        return {page.pk: page for page in pages}

    return remembered("event-places", fetch, ",".join(map(str, ids)))


def prefetch_card_images(events, with_categories=True):
    """Fetch the card images of `events` and their renditions in bulk, and
    their categories in each event's language (`reader_categories`)."""
    events = list(events)
    prefetch_related_objects(
        events,
        Prefetch("image", queryset=card_images()),
        Prefetch("listing_image", queryset=card_images()),
    )
    if with_categories:
        attach_reader_versions(events, "categories", "reader_categories")


def expand(events, first_day=None, last_day=None):
    """Every occurrence of `events` overlapping the days, sorted by start."""
    found = []
    for event in events:
        found.extend(event.occurrences(first_day, last_day))
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


@dataclass(frozen=True)
class EventCard:
    """One card of a listing: an event with its next date in the listing's
    days, whatever its number of dates. A repeating activity is one card
    (« Tous les mardis et jeudis, 9 h 30 – 11 h 30 », its next date, the
    days without a session); the month view and the iCal feeds keep each
    date."""

    occurrence: Occurrence
    # The days without a session of a repeating event, in the listing's days.
    skipped: tuple = ()

    @property
    def event(self):
        return self.occurrence.event

    @property
    def is_series(self):
        return self.event.is_recurring

    @property
    def rhythm(self):
        return rhythm(self.event)

    @property
    def sort_key(self):
        return self.occurrence.sort_key


def event_cards(events, first_day, last_day=None):
    """A card for each of `events` with a date overlapping the days from
    `first_day` (to `last_day`), in the order of their next dates. Only the
    next date of each event is computed."""
    cards = []
    for event in events:
        occurrence = event.next_occurrence(first_day, last_day)
        if occurrence is not None:
            skipped = tuple(event.skipped_dates(first_day, last_day))
            cards.append(EventCard(occurrence, skipped))
    return sorted(cards, key=lambda card: card.sort_key)


def past_cards(events, today):
    """A card for each of `events` with a date over before `today`, at its
    last such date, the newest first: the past archive."""
    last = {}
    for occurrence in expand(events, last_day=today):
        if occurrence.end_date < today:
            last[occurrence.event.pk] = occurrence
    cards = [EventCard(occurrence) for occurrence in last.values()]
    return sorted(cards, key=lambda card: card.sort_key, reverse=True)


def upcoming_cards(events, limit, days=90, today=None):
    """The cards of the next `limit` events of the `events` queryset within
    `days` from `today` (a repeating one once), with their pages and card
    images fetched in bulk: the home page's and the centres' « Prochains
    rendez-vous »."""
    today = today or timezone.localdate()
    last_day = today + datetime.timedelta(days=days)
    window = events.overlapping(today, last_day)
    return with_pages(event_cards(window.timetable(), today, last_day)[:limit], events)
