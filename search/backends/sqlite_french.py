"""Wagtail's SQLite (FTS5) search backend with French stemming.

FTS5's default tokenizer (unicode61) already drops accents and case, but it
does not stem: « jardins » would not find « jardin ». Rather than a custom
FTS5 tokenizer (C code loaded into SQLite), the index holds a stemmed shadow
of each page's title and body (`search.french.stemmed_text`: the words
unaccented, stop words left out, Snowball's French roots), and the queries
go through the same function, as PostgreSQL's `french_unaccent` does on
both sides. The `IndexEntry` rows are only read by the search, never shown
(the results' snippets come from the pages' own fields).

Settings select it on SQLite (`WAGTAILSEARCH_BACKENDS`); `make run` uses it.
A laptop database indexed before it holds the words unstemmed: `manage.py
update_index` once rewrites them.
"""

from functools import cached_property

from django.db.models import FloatField, Func
from modelsearch.backends.database.fallback import DatabaseSearchBackend
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.backends.database.sqlite.utils import (
    fts5_available,
    fts_table_exists,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search.french import stemmed_query, stemmed_text


class FrenchObjectIndexer(ObjectIndexer):
    """What a page gives the index: its title and body as French roots.
    The autocomplete text (the admin's choosers) stays as written: it is
    matched by prefix, which stems would break."""

    @cached_property
    def title(self):
        return stemmed_text(super().title)

    @cached_property
    def body(self):
        return stemmed_text(super().body)


class FrenchSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """`SQLiteIndex.add_items` with `FrenchObjectIndexer` (the parent
        names its indexer class inline)."""
        if not model.get_search_fields():
            return
        indexers = [FrenchObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {
            indexer.id: (indexer.title, indexer.autocomplete, indexer.body)
            for indexer in indexers
        }
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed = set(
            entries.filter(object_id__in=data).values_list("object_id", flat=True)
        )
        for object_id in indexed:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            IndexEntry(
                content_type_id=content_type_pk,
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in data.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


# How much a word in the title counts against one in the body: PostgreSQL's
# `ts_rank` gives Wagtail's title (weight A) ten times the body's (D).
TITLE_WEIGHT = 10.0


class TitleWeightedBM25(Func):
    """FTS5's `bm25()` with the title weighted over the body (the FTS table's
    columns are autocomplete, body, title, in that order: Wagtail's
    migration). Wagtail's own SQLite rank calls `bm25()` without weights, so
    a title counts no more than a passing mention in the body. Lower is
    better, as Wagtail's ordering expects."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})", []


class FrenchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def _build_rank_expression(self, vectors, config):
        return TitleWeightedBM25()

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            query = PlainText(
                stemmed_query(query.query_string), operator=query.operator
            )
        elif isinstance(query, Phrase):
            query = Phrase(stemmed_query(query.query_string))
        return super().build_search_query_content(query, config=config)


class FrenchSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = FrenchSQLiteSearchQueryCompiler
    index_class = FrenchSQLiteIndex


_use_fts = None  # checked once, as Wagtail's own database backend does


def SearchBackend(params):
    """The French backend where SQLite has FTS5 and its table (made by
    Wagtail's migrations); Wagtail's plain fallback otherwise, as Wagtail's
    own database backend chooses."""
    global _use_fts
    if _use_fts is None:
        _use_fts = fts5_available() and fts_table_exists()
    if _use_fts:
        return FrenchSQLiteSearchBackend(params)
    return DatabaseSearchBackend(params)
