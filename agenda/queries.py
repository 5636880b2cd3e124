"""How the listings ask for events, and how events become dated occurrences.

`EventQuerySet` is `EventPage.objects`: a listing chains what it needs
(`EventPage.objects.listed(locale).under(root).overlapping(first, last)`) and
`expand()` turns the events into their occurrences, sorted by start."""

import datetime
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page

from cooperation.languages import (
    ReaderQuerySet,
    and_french_source,
    attach_reader_versions,
)
from cooperation.renditions import card_images


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
        return (
            self.defer_streamfields()
            .prefetch_related(Prefetch("place_page", queryset=places))
            .prefetch_related("categories", "exception_dates")
        )

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


def prefetch_card_images(events):
    """Fetch the card images of `events` and their renditions in bulk, and
    their categories in each event's language (`reader_categories`)."""
    events = list(events)
    prefetch_related_objects(
        events,
        Prefetch("image", queryset=card_images()),
        Prefetch("listing_image", queryset=card_images()),
    )
    attach_reader_versions(events, "categories", "reader_categories")


def expand(events, first_day=None, last_day=None):
    """Every occurrence of `events` overlapping the days, sorted by start."""
    found = []
    for event in events:
        found.extend(event.occurrences(first_day, last_day))
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def upcoming_occurrences(events, limit, days=90):
    """The next `limit` occurrences of the `events` queryset within `days`,
    with their card images fetched in bulk."""
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=days)
    occurrences = expand(events.overlapping(today, last_day), today, last_day)
    occurrences = occurrences[:limit]
    prefetch_card_images({occurrence.event for occurrence in occurrences})
    return occurrences
