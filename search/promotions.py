"""The editors' picks for a query (Wagtail's search promotions) and the
count of searches per query and day that their admin lists (« Recherches
populaires »)."""

from django.db import connection, transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from cooperation.site_cache import remembered


def query_key(terms):
    """The `query_string` Wagtail keeps for `terms` (`Query.get`)."""
    return normalise_query_string(
        normalise_query_string(terms)[:MAX_QUERY_STRING_LENGTH]
    )


def promoted_queries():
    """The queries that have editors' picks: from the site cache (a pick
    saved or deleted changes the site: search.signal_handlers), or one
    query."""
    return remembered(
        "search-promoted",
        lambda: frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True)
        ),
    )


def promotions(key, pages):
    """The editors' picks for the query `key`: pages among `pages` (live,
    public, this language) and external links, in the editors' order. No
    query for a query without picks; for the others one, and one more to
    check their pages; none written (`Query.get` would create the query)."""
    if key not in promoted_queries():
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string=key)
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible = (
        set(pages.filter(pk__in=page_ids).values_list("pk", flat=True))
        if page_ids
        else set()
    )
    return [
        pick
        for pick in picks
        if pick.page_id in visible or (not pick.page_id and pick.external_link_url)
    ]


# The query made when missing, then today's count made or increased: as
# `Query.get(key).add_hit()`, in one statement instead of four. Committed
# without waiting for the disk (a count, not worth a flush of the log at
# every search; a crash may lose the last fraction of a second of them).
ADD_HIT = """
SET LOCAL synchronous_commit TO OFF;
WITH made AS (
    INSERT INTO {query} (query_string) VALUES (%s)
    ON CONFLICT (query_string) DO NOTHING RETURNING id
), known AS (
    SELECT id FROM made UNION ALL SELECT id FROM {query} WHERE query_string = %s
)
INSERT INTO {hits} (query_id, date, hits) SELECT id, %s, 1 FROM known LIMIT 1
ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1
"""


def add_hit(key):
    """One more search for the query `key` today (`Query.add_hit`)."""
    today = timezone.now().date()
    if connection.vendor != "postgresql":
        Query.get(key).add_hit(today)
        return
    query_table = connection.ops.quote_name(Query._meta.db_table)
    hits_table = connection.ops.quote_name(
        Query.daily_hits.rel.related_model._meta.db_table
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            ADD_HIT.format(query=query_table, hits=hits_table), [key, key, today]
        )
