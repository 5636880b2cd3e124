"""Keep the search index in step with what is published."""

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search import index
from wagtail.signals import page_published

from cooperation.site_cache import changes_the_site
from search.models import SynonymGroup


def reindex_published_page(sender, instance, **kwargs):
    """Index the page again once it is published as a whole.

    The index is updated when the page row is saved, which happens before
    its many-to-many choices (tags, categories, keywords) are written: this
    second pass, after the publication, indexes them too."""
    index.insert_or_update_object(instance)


def register_signal_handlers():
    page_published.connect(
        reindex_published_page, dispatch_uid="search_reindex_published_page"
    )
    # Kept in the site cache: the synonym groups (search.ranking.synonym_groups)
    # and the queries that have editors' picks (search.promotions).
    changes_the_site(SynonymGroup, SearchPromotion)
