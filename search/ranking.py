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
volume): one statement on Wagtail's index table, whose title and body
`tsvector`s `french_unaccent` has already stemmed, counts the results per
page type and returns the page of results shown, ordered and cut (`LIMIT`).
On SQLite (`make run`), where speed matters less, Wagtail's search finds at
most MAX_RESULTS pages and Python orders them by the same rules.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Or, PlainText

from cooperation.models import BaseIndexPage
from cooperation.site_cache import remembered
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
    """Each group of `locale` as a list of (term, roots), longest term first;
    kept in the site cache (a group saved or deleted changes the site)."""
    return remembered("synonyms", lambda: read_synonym_groups(locale), locale.pk)


def read_synonym_groups(locale):
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
    number of results per page type, `of_type` the results of one type
    (`content_type_id`; None: every type); `types` the content type id of
    each page of the slices read."""

    content_type_id = None
    types = {}

    def type_counts(self):
        raise NotImplementedError

    def of_type(self, content_type_id):
        raise NotImplementedError

    def count(self):
        """The number of results (of the chosen type)."""
        counts = self.type_counts()
        if self.content_type_id is None:
            return sum(counts.values())
        return counts.get(self.content_type_id, 0)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        raise NotImplementedError


class RankedList(Results):
    """Results ordered in Python: [(page id, content type id)]."""

    def __init__(self, found, content_type_id=None):
        self.found = found
        self.content_type_id = content_type_id
        self.types = dict(found)

    def type_counts(self):
        counts = {}
        for _pk, content_type_id in self.found:
            counts[content_type_id] = counts.get(content_type_id, 0) + 1
        return counts

    def of_type(self, content_type_id):
        return RankedList(self.found, content_type_id)

    def __getitem__(self, index):
        chosen = self.found
        if self.content_type_id is not None:
            chosen = [row for row in chosen if row[1] == self.content_type_id]
        return [pk for pk, _ in chosen[index]]


def ranked(pages, units, home=None, content_type_id=None, window=None):
    """The pages of `pages` holding at least one of `units`, best first (see
    the module's docstring), as `Results`: of the type `content_type_id`
    only when given (`type_counts` still counts every type). `window`, the
    slice that will be asked for (`(start, stop)`), lets the database
    answer it with the counts."""
    if not units:
        return RankedList([])
    if connection.vendor == "postgresql":
        return RankedInDatabase(pages, units, home, content_type_id, window)
    return rank_in_python(pages, units, home).of_type(content_type_id)


def rank_in_python(pages, units, home):
    """The SQLite path: Wagtail's search for the relevance, one search per
    unit to know which pages hold it, the order made here."""
    # The search backend filters on plain fields only: the language rule
    # (see search.views.searchable_pages) becomes a subquery on the ids.
    pages = Page.objects.filter(pk__in=pages.values("pk"))
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
    each with a GIN index), in SQL (`ranking_sql`).

    One statement answers what the view asks: the counts per page type and
    the page of results of `window` (`(start, stop)`, the slice the
    paginator will ask for); another slice costs one more statement. With
    `content_type_id`, the results are of that type only (the counts stay
    those of every type)."""

    def __init__(self, pages, units, home, content_type_id=None, window=None):
        self.pages, self.units, self.home = pages, units, home
        self.content_type_id = content_type_id
        self.window = window
        self._counts = None
        self._slices = {}  # (start, stop): [page id]
        self.types = {}

    def type_counts(self):
        if self._counts is None:
            self._run(self.window)
        return self._counts

    def of_type(self, content_type_id):
        chosen = RankedInDatabase(
            self.pages, self.units, self.home, content_type_id, self.window
        )
        chosen._counts = self.type_counts()
        return chosen

    def __getitem__(self, index):
        start, stop = index.start or 0, index.stop
        if not self.count():
            return []  # counted already: no second statement for nothing
        # The paginator asks for the last page up to the count only.
        stop = self.count() if stop is None else min(stop, self.count())
        for (first, last), found in self._slices.items():
            if first <= start and stop <= last:
                return found[start - first : stop - first]
        self._run((start, stop), counts=False)
        return self._slices[start, stop]

    def _run(self, window, counts=True):
        statement = ranking_sql(
            self.pages, self.units, self.home, self.content_type_id, window, counts
        )
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            rows = cursor.fetchall()
        if counts:
            self._counts = {
                content_type_id: found
                for content_type_id, found, page_id in rows
                if page_id is None
            }
        if window is not None:
            found = [
                (int(page_id), content_type_id)
                for content_type_id, _, page_id in rows
                if page_id is not None
            ]
            self._slices[window] = [pk for pk, _ in found]
            self.types.update(found)


@dataclass(frozen=True)
class Sql:
    """A piece of SQL and its parameters, in the order of its `%s`."""

    text: str
    params: tuple = ()

    def format(self, *pieces):
        """This text (without parameters of its own) with each `{}`
        replaced by one of `pieces`: an Sql, or a value passed as a
        parameter."""
        texts, params = [], []
        for index, text in enumerate(self.text.split("{}")):
            texts.append(text)
            if index < len(pieces):
                piece = pieces[index]
                if not isinstance(piece, Sql):
                    piece = Sql("%s", (piece,))
                texts.append(piece.text)
                params += piece.params
        return Sql("".join(texts), tuple(params))

    def join(self, pieces):
        pieces = list(pieces)
        return Sql(self.text.join(["{}"] * len(pieces))).format(*pieces)


def plain_query(texts, config):
    """PostgreSQL's query for any of `texts`, each stemmed by the search
    configuration `config` (`french_unaccent`), its words all required: as
    Django's `SearchQuery(text, config=config, search_type="plain")` joined
    by `|` writes it."""
    return Sql("({})").format(
        Sql(" || ").join(
            Sql("plainto_tsquery({}::regconfig, {})").format(config, text)
            for text in texts
        )
    )


def unit_words(unit):
    """The words of each form of `unit` that the stemmer keeps."""
    return [
        words
        for words in (
            [word for word in WORD.findall(form) if stem(word)] for form in unit.forms
        )
        if words
    ]


def ranking_sql(pages, units, home, content_type_id=None, window=None, counts=True):
    """The statement of `RankedInDatabase`: rows (content type id, count,
    None), the counts per type (when `counts`), then rows (content type id,
    None, page id), the results of `window` best first (when given).

    The entries of `pages` holding any word of the query (which the GIN
    indexes can answer) are read once, each word tested once per entry on
    the title and on the body; the units held, the section demotion, the
    title test and the relevance are then made from those tests, for the
    entries holding a unit only."""
    config = get_search_backend().config
    forms = [unit_words(unit) for unit in units]
    words = list(
        dict.fromkeys(word for unit in forms for form in unit for word in form)
    )
    tested = {word: Sql(f"w{position}") for position, word in enumerate(words)}
    word_tests = Sql(", ").join(
        Sql("(e.title @@ {} OR e.body @@ {}) AS {}").format(
            plain_query([word], config), plain_query([word], config), tested[word]
        )
        for word in words
    )
    any_word = plain_query(words, config)
    shown = pages.order_by().values("pk").query.get_compiler(connection=connection)
    content_types = get_descendants_content_types_pks(Page)
    entries = Sql(
        "SELECT e.id, e.object_id, e.content_type_id, e.title, e.body, "
        "e.title_norm, {} FROM {} e "
        "WHERE e.content_type_id IN ({}) AND (e.title @@ {} OR e.body @@ {}) "
        # A semi-join: the pages' ids hashed (a join hashed the entries).
        "AND e.object_id IN (SELECT (shown.id)::text FROM ({}) shown (id)) "
        # A fence: each word is tested once per entry, not again where used.
        "OFFSET 0"
    ).format(
        word_tests,
        Sql(connection.ops.quote_name(IndexEntry._meta.db_table)),
        Sql(", ").join(content_types),
        any_word,
        any_word,
        Sql(*shown.as_sql()),
    )

    holds = [
        Sql(" OR ").join(
            Sql("({})").format(Sql(" AND ").join(tested[word] for word in form))
            for form in unit
        )
        for unit in forms
    ]
    held = Sql(" + ").join(Sql("({})::int").format(unit) for unit in holds)
    title_holds_all = Sql(" AND ").join(
        Sql("e.title @@ {}").format(plain_query(unit.forms, config)) for unit in units
    )
    sections = sorted(section_content_type_ids())
    is_section = Sql("e.content_type_id IN ({})").format(Sql(", ").join(sections))
    if home is not None:
        is_section = Sql("({} OR e.object_id = {})").format(is_section, str(home.pk))
    all_forms = plain_query([form for unit in units for form in unit.forms], config)
    weights = get_sql_weights()
    relevance = Sql(
        "ts_rank({}::float4[], e.title, {}) * e.title_norm "
        "+ ts_rank({}::float4[], e.body, {})"
    ).format(weights, all_forms, weights, all_forms)
    found = Sql(
        "SELECT e.id, e.object_id, e.content_type_id, {} AS held, "
        "({}) AS titled, {} AS is_section, {} AS relevance "
        "FROM ({}) e WHERE {}"
    ).format(
        held,
        title_holds_all,
        is_section,
        relevance,
        entries,
        Sql(" OR ").join(Sql("({})").format(unit) for unit in holds),
    )

    parts = []
    if counts:
        parts.append(
            Sql(
                "SELECT content_type_id, count(*) AS found, NULL AS object_id "
                "FROM found GROUP BY content_type_id"
            )
        )
    if window is not None:
        start, stop = window
        chosen = Sql("")
        if content_type_id is not None:
            chosen = Sql(" WHERE content_type_id = {}").format(content_type_id)
        limit = Sql("") if stop is None else Sql(" LIMIT {}").format(stop - start)
        demoted = Sql("(is_section AND NOT titled)::int")
        parts.append(
            Sql(
                "(SELECT content_type_id, NULL, object_id FROM found{} "
                "ORDER BY held - {} DESC, {} ASC, titled DESC, relevance DESC, "
                "id DESC{} OFFSET {})"
            ).format(chosen, demoted, demoted, limit, start)
        )
    return Sql("WITH found AS ({}) {}").format(found, Sql(" UNION ALL ").join(parts))
