"""The agenda's ?categorie= and ?lieu= filters, and the links that set them."""

import hashlib

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cooperation.filters import filter_groups, parse_int, query_text
from cooperation.languages import (
    and_french_source,
    in_language,
    public,
    same_term,
)
from cooperation.site_cache import remembered

CATEGORY_PARAM = "categorie"
PLACE_PARAM = "lieu"


def _digest(*groups):
    """A short key for sets of ids, keys and paths."""
    text = "|".join(",".join(sorted(map(str, group))) for group in groups)
    return hashlib.sha1(text.encode()).hexdigest()


class EventFilters:
    """The category and place asked for in the query string. An unknown
    category or place keeps the filter on and shows nothing."""

    def __init__(self, query, categories):
        self.categories = categories
        self.category_slug = query_text(query, CATEGORY_PARAM)
        self.category = (
            categories.filter(slug=self.category_slug).first()
            if self.category_slug
            else None
        )
        self.place = query_text(query, PLACE_PARAM)
        # ASCII digits only: « ² » is a digit that int() refuses.
        self.place_id = parse_int(self.place)

    @property
    def is_active(self):
        return bool(self.category_slug or self.place)

    @property
    def active_count(self):
        """How many filters are on, for the button that folds them."""
        return sum(1 for value in (self.category_slug, self.place) if value)

    @property
    def query(self):
        kept = {}
        if self.category_slug:
            kept[CATEGORY_PARAM] = self.category_slug
        if self.place:
            kept[PLACE_PARAM] = self.place
        return kept

    def apply(self, occurrences):
        if self.category_slug:
            # One term in every language: a translated event keeps the
            # French categories of its source.
            wanted = self.category.translation_key if self.category else None
            occurrences = [
                occurrence
                for occurrence in occurrences
                if wanted in occurrence.event.category_keys()
            ]
        if self.place:
            # Held at the place, or filed under that centre's page; or at its
            # French source, where the French events shown in its place are.
            spots = self.place_and_source()
            ids = {page.pk for page in spots}
            occurrences = [
                occurrence
                for occurrence in occurrences
                if occurrence.event.place_page_id in ids
                or any(
                    occurrence.event.path.startswith(page.path)
                    and occurrence.event.path != page.path
                    for page in spots
                )
            ]
        return occurrences

    def place_and_source(self):
        """The page asked for by ?lieu= and its French source, or []."""
        if self.place_id is None:
            return []
        place = Page.objects.filter(pk=self.place_id).only("path", "locale").first()
        if place is None:
            return []
        return and_french_source(place)

    def names(self, category_keys, place_ids, parent_paths, index_type_id, locale):
        """The categories of `category_keys` by key, and the places (by id)
        of the events: their place pages and the pages other than the agenda
        section (its content type `index_type_id`) that they are filed under,
        the centres. Each in the reader's language, or French where not
        translated."""
        # A draft or private place page is never named publicly; each is
        # named in the reader's language when translated.
        found = Page.objects.filter(
            Q(pk__in=place_ids)
            | Q(path__in=parent_paths) & ~Q(content_type_id=index_type_id)
        )
        categories = {
            item.translation_key: item
            for item in self.categories.filter(translation_key__in=category_keys)
        }
        places = {
            page.pk: page
            for page in in_language(
                public(Page.objects.live()).filter(
                    translation_key__in=found.values("translation_key")
                ),
                locale,
            ).only("pk", "title", "path", "translation_key")
        }
        return categories, places

    def links(self, occurrences, index_type_id, locale, extra=None):
        """The filter links, built from `occurrences` before the category and
        place filters, so that no link leads to an empty list. The places are
        the events' place pages and the pages other than the agenda section
        (its content type `index_type_id`) that events are filed under: the centres."""
        extra = extra or {}
        category_keys, place_ids, parent_paths = set(), set(), set()
        for event in {id(o.event): o.event for o in occurrences}.values():
            category_keys |= event.category_keys()
            if event.place_page_id:
                place_ids.add(event.place_page_id)
            else:
                parent_paths.add(event.path[: -Page.steplen])
        categories, places = remembered(
            "event-filter-names",
            lambda: self.names(
                category_keys, place_ids, parent_paths, index_type_id, locale
            ),
            index_type_id,
            locale.pk,
            _digest(category_keys, place_ids, parent_paths),
        )
        category_links = [
            {
                "name": item.name,
                "query": urlencode({**extra, CATEGORY_PARAM: item.slug}),
                "is_current": same_term(item, self.category),
            }
            for item in sorted(categories.values(), key=lambda c: c.name)
        ]
        place_links = [
            {
                "name": item.title,
                "query": urlencode({**extra, PLACE_PARAM: item.pk}),
                "is_current": item.pk == self.place_id,
            }
            for item in sorted(places.values(), key=lambda p: p.title)
        ]
        return {
            "category_links": category_links,
            "place_links": place_links,
            # Read by components/filter_links.html.
            "filter_groups": filter_groups(
                (_("Type d'événement"), "event-filters-categories", category_links),
                (_("Maison de quartier"), "event-filters-places", place_links),
            ),
            # The categories of the events, by translation key, for their cards.
            "categories_by_key": categories,
            "current_category": self.category,
            "current_place": places.get(self.place_id),
            "is_filtered": self.is_active,
            # Read by components/filter_panel.html.
            "active_filter_count": self.active_count,
            # Read by components/pagination.html to keep the filters.
            "extra_query": urlencode({**extra, **self.query}),
            "category_param": CATEGORY_PARAM,
            "place_param": PLACE_PARAM,
        }
