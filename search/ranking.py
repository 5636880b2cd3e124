"""Which pages a query finds, and in which order.

The decision (issue 11): a query is cut into units, one per word kept (stop
words left out, as PostgreSQL does) or per synonym group it names; a page
is found when it holds at least one unit (Wagtail's `Or`), and the pages
are ordered by

1. how many units they hold: every word first, then the pages holding
   most of them, so that a query whose words are never all on one page
   still answers with the closest pages rather than nothing. A section or
   the home page whose title does not hold every unit counts one unit
   less: its introduction names every subject of the site (« les Ors,
   Saint-Nicolas… : adresses, horaires »), which makes it hold many words
   without being about them;
2. at the same count, those sections and home page after the content
   pages: « Agenda » finds the Agenda first, but « maisons quartier »
   finds the page about the maisons de quartier, not the home page whose
   hero says it three times;
3. the database's own relevance (`ts_rank` on PostgreSQL, BM25 on SQLite,
   titles weighted over the body by `search_fields`).

One search for the order and one per unit to know which pages hold it:
a query has at most MAX_UNITS units, and at most MAX_RESULTS pages are
ranked (the site has a few hundred pages per language).
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.search.query import Or, PlainText

from cooperation.models import BaseIndexPage
from search.french import WORD, stem, stems
from search.models import SynonymGroup

MAX_UNITS = 8
MAX_RESULTS = 500


@dataclass(frozen=True)
class Unit:
    """One thing the query asks for: its wordings (a word, or the terms of a
    synonym group) and their roots, to compare with a title."""

    wordings: tuple
    roots: tuple  # one tuple of roots per wording

    @property
    def search_query(self):
        queries = [PlainText(wording) for wording in self.wordings]
        return queries[0] if len(queries) == 1 else Or(queries)

    def held_by(self, text_roots):
        return any(set(roots) <= text_roots for roots in self.roots)


def synonym_groups(locale):
    """Each group of `locale` as a list of (term, roots), longest term first."""
    groups = []
    for group in SynonymGroup.objects.filter(locale=locale):
        terms = [(term, tuple(stems(term))) for term in group.term_list()]
        terms = [(term, roots) for term, roots in terms if roots]
        if len(terms) > 1:
            groups.append(terms)
    return groups


def query_units(terms, locale):
    """The units of `terms` (already cleaned by the view), at most MAX_UNITS,
    each once. Where the words name a term of a synonym group (« personnes
    âgées », « vélos »), the unit is the whole group."""
    words = [(word, stem(word)) for word in WORD.findall(terms)]
    words = [(word, root) for word, root in words if root]
    groups = synonym_groups(locale) if words else []
    units, seen, position = [], set(), 0
    while position < len(words) and len(units) < MAX_UNITS:
        unit, length = None, 1
        ahead = tuple(root for _, root in words[position:])
        for group in groups:
            for _term, roots in group:
                if ahead[: len(roots)] == roots and len(roots) >= length:
                    unit = Unit(
                        wordings=tuple(term for term, _ in group),
                        roots=tuple(roots for _, roots in group),
                    )
                    length = len(roots)
        if unit is None:
            word, root = words[position]
            unit = Unit(wordings=(word,), roots=((root,),))
        if unit.roots not in seen:
            seen.add(unit.roots)
            units.append(unit)
        position += length
    return units


def section_content_type_ids():
    """The sections' page types: every `BaseIndexPage`."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, BaseIndexPage) and not model._meta.abstract
    ]
    return {
        content_type.pk
        for content_type in ContentType.objects.get_for_models(*models).values()
    }


def ranked(pages, units, home=None):
    """The pages of `pages` holding at least one of `units`, best first (see
    the module's docstring), as plain `Page` objects."""
    if not units:
        return []
    query = units[0].search_query
    if len(units) > 1:
        query = Or([unit.search_query for unit in units])
    found = list(pages.search(query)[:MAX_RESULTS])
    if len(units) > 1 and found:
        ids = [page.pk for page in found]
        held = {page.pk: 0 for page in found}
        for unit in units:
            holding = pages.filter(pk__in=ids).search(
                unit.search_query, order_by_relevance=False
            )
            for page in holding:
                held[page.pk] += 1
    else:
        held = {page.pk: 1 for page in found}
    sections = section_content_type_ids()

    def demoted(page):
        is_section = page.content_type_id in sections or (
            home is not None and page.pk == home.pk
        )
        if not is_section:
            return False
        title_roots = set(stems(page.title))
        return not all(unit.held_by(title_roots) for unit in units)

    order = {page.pk: position for position, page in enumerate(found)}

    def key(page):
        is_demoted = demoted(page)
        return (-(held[page.pk] - is_demoted), is_demoted, order[page.pk])

    return sorted(found, key=key)
