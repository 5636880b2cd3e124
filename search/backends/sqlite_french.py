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
"""

from functools import cached_property

from modelsearch.backends.database.fallback import DatabaseSearchBackend
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
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

from cooperation.text import fold
from search.french import WORD, stemmed_text


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


def stemmed_query(text):
    """The roots of a query's words; the folded words themselves when all are
    stop words, which the index does not hold: such a query finds nothing,
    as on PostgreSQL."""
    return stemmed_text(text) or " ".join(fold(word) for word in WORD.findall(text))


class FrenchSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
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
