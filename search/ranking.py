"""Which pages a query finds, and in which order.

The decision (issue 11): a query is cut into units, one per word kept (stop
words left out, as PostgreSQL does) or per synonym group it names; a page
is found when it holds at least one unit, and the pages are ordered by

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
3. then the pages whose title holds every unit: the page about the
   subject (« maison de quartier des Ors » finds the centre before the
   « Fête de quartier aux Ors » whose text names the maison; the centre
   an event is held at is indexed in its body, not its title);
4. the database's own relevance (`ts_rank` on PostgreSQL, the title
   weighted over the body as Wagtail does; BM25 on SQLite).

On PostgreSQL the database does it all (issue 10: search p95 under 50 ms at
volume): one query counts the results per page type, one orders them and
returns only the page of results shown (`LIMIT`), both on Wagtail's index
table, whose title and body `tsvector`s `french_unaccent` has already
stemmed. On SQLite (`make run`), where speed matters less, Wagtail's search
finds at most MAX_RESULTS pages and Python orders them by the same rules.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Or, PlainText

from cooperation.models import BaseIndexPage
from search.french import WORD, number_forms, stem, stems
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
    def forms(self):
        """The wordings, each single word with its other number where the
        stemmer does not join them (« vélo » and « vélos »)."""
        found = []
        for wording in self.wordings:
            words = WORD.findall(wording)
            found += number_forms(wording) if len(words) == 1 else [wording]
        return tuple(found)

    @property
    def search_query(self):
        queries = [PlainText(form) for form in self.forms]
        return queries[0] if len(queries) == 1 else Or(queries)

    def held_by(self, text_roots):
        return any(set(stems(form)) <= text_roots for form in self.forms if stems(form))


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
    # Each word's roots in both numbers: « vélos » names the term « vélo ».
    word_roots = [{stem(form) for form in number_forms(word)} for word, _ in words]
    groups = synonym_groups(locale) if words else []
    units, seen, position = [], set(), 0
    while position < len(words) and len(units) < MAX_UNITS:
        unit, length = None, 1
        ahead = word_roots[position:]
        for group in groups:
            for _term, roots in group:
                named = len(roots) <= len(ahead) and all(
                    root in held for root, held in zip(roots, ahead, strict=False)
                )
                if named and len(roots) >= length:
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


class Results:
    """The pages found, best first, as Django's `Paginator` reads them: a
    count, and the ids of the pages of one slice. `type_counts` gives the
    number of results per page type, `of_type` the results of one type."""

    def type_counts(self):
        raise NotImplementedError

    def of_type(self, content_type_id):
        raise NotImplementedError

    def count(self):
        return sum(self.type_counts().values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        raise NotImplementedError


class RankedList(Results):
    """Results ordered in Python: [(page id, content type id)]."""

    def __init__(self, found):
        self.found = found

    def type_counts(self):
        counts = {}
        for _pk, content_type_id in self.found:
            counts[content_type_id] = counts.get(content_type_id, 0) + 1
        return counts

    def of_type(self, content_type_id):
        return RankedList([row for row in self.found if row[1] == content_type_id])

    def __getitem__(self, index):
        return [pk for pk, _ in self.found[index]]


def ranked(pages, units, home=None):
    """The pages of `pages` holding at least one of `units`, best first (see
    the module's docstring), as `Results`."""
    if not units:
        return RankedList([])
    if connection.vendor == "postgresql":
        return RankedInDatabase(pages, units, home)
    return rank_in_python(pages, units, home)


def rank_in_python(pages, units, home):
    """The SQLite path: Wagtail's search for the relevance, one search per
    unit to know which pages hold it, the order made here."""
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

    order = {page.pk: position for position, page in enumerate(found)}

    def key(page):
        title_roots = set(stems(page.title))
        titled = all(unit.held_by(title_roots) for unit in units)
        is_section = page.content_type_id in sections or (
            home is not None and page.pk == home.pk
        )
        is_demoted = is_section and not titled
        return (-(held[page.pk] - is_demoted), is_demoted, not titled, order[page.pk])

    return RankedList(
        [(page.pk, page.content_type_id) for page in sorted(found, key=key)]
    )


class RankedInDatabase(Results):
    """The PostgreSQL path: the same rules as one `ORDER BY` on Wagtail's
    index entries (one row per page: its title's and its body's `tsvector`,
    each with a GIN index).

    A page holds a unit when it holds every word of one of its forms, in
    its title or in its body: tested word by word on each `tsvector`, which
    the GIN indexes answer, rather than on `title || body`, a new vector
    made for every row at every test (three times slower at volume)."""

    def __init__(self, pages, units, home, content_type_id=None):
        self.pages, self.units, self.home = pages, units, home
        self.content_type_id = content_type_id
        self._counts = None
        self.held = [self.holds(unit) for unit in units]
        self.query = tsquery(form for unit in units for form in unit.forms)

    @staticmethod
    def holds(unit):
        """The condition « the page holds `unit` »."""
        return reduce(
            operator.or_,
            (
                reduce(
                    operator.and_,
                    (
                        Q(title=tsquery([word])) | Q(body=tsquery([word]))
                        for word in words
                    ),
                )
                for words in (
                    [word for word in WORD.findall(form) if stem(word)]
                    for form in unit.forms
                )
                if words
            ),
        )

    def entries(self):
        """The index entries of the pages found, in no order."""
        entries = IndexEntry.objects.filter(
            content_type_id__in=get_descendants_content_types_pks(Page),
            object_id__in=self.pages.annotate(
                object_key=Cast("pk", CharField())
            ).values("object_key"),
        )
        if self.content_type_id is not None:
            entries = entries.filter(content_type_id=self.content_type_id)
        return entries.filter(reduce(operator.or_, self.held))

    def type_counts(self):
        if self._counts is None:
            rows = (
                self.entries()
                .order_by()
                .values("content_type_id")
                .annotate(found=Count("id"))
            )
            self._counts = {row["content_type_id"]: row["found"] for row in rows}
        return self._counts

    def of_type(self, content_type_id):
        chosen = RankedInDatabase(self.pages, self.units, self.home, content_type_id)
        chosen._counts = {content_type_id: self.type_counts().get(content_type_id, 0)}
        return chosen

    def __getitem__(self, index):
        if not self.count():
            return []  # counted already: no second query for nothing
        if len(self.units) > 1:
            held = reduce(
                operator.add,
                (
                    Case(When(condition, then=Value(1)), default=Value(0))
                    for condition in self.held
                ),
            )
        else:
            held = Value(1)
        is_section = Q(content_type_id__in=section_content_type_ids())
        if self.home is not None:
            is_section |= Q(object_id=str(self.home.pk))
        title_holds_all = reduce(
            operator.and_,
            (Q(title=tsquery(unit.forms)) for unit in self.units),
        )
        demoted = Case(
            When(is_section & ~title_holds_all, then=Value(1)), default=Value(0)
        )
        titled = Case(When(title_holds_all, then=Value(1)), default=Value(0))
        weights = get_sql_weights()
        relevance = SearchRank(F("title"), self.query, weights=weights) * F(
            "title_norm"
        ) + SearchRank(F("body"), self.query, weights=weights)
        object_ids = (
            self.entries()
            .alias(held=held, demoted=demoted, titled=titled, relevance=relevance)
            .alias(score=F("held") - F("demoted"))
            .order_by("-score", "demoted", "-titled", "-relevance", "-id")
            .values_list("object_id", flat=True)[index]
        )
        return [int(object_id) for object_id in object_ids]


def tsquery(texts):
    """PostgreSQL's query for any of `texts`, each stemmed by the search
    configuration (`french_unaccent`), its words all required."""
    config = get_search_backend().config
    return reduce(
        operator.or_,
        (SearchQuery(text, config=config, search_type="plain") for text in texts),
    )
