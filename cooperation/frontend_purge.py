"""Purge nginx's cache of anonymous pages when a page changes.

Wagtail's `frontend_cache` purges the page itself; a page also shows up in
the lists of its section, of the sections above it and of the home page, and
in every language (a French page stands in for a missing translation). So
when a page is published, unpublished, moved or deleted, this purges, in every
language: the page, each of its ancestors up to the home page, and the home
pages. The URLs go to Wagtail's task (on commit, run by a worker) and from it
to the HTTP backend, a PURGE request to nginx's purge server
(`FRONTEND_CACHE_PURGE_URL`, see deploy/nginx/). Nothing happens when that
setting is empty.

Wagtail's own app is not installed (its signal handlers would purge the page
a second time); its backends and its task are used as they are.
`WAGTAILFRONTENDCACHE_LANGUAGES` is empty: Wagtail would rewrite /en/ to /ar/
in a URL, while each language here has its own tree and its own slugs.
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages_showing(page):
    """The pages whose cached HTML may show `page`: it, its ancestors below
    the tree's root and the sites' home pages, each in every language."""
    keys = {page.translation_key}
    keys.update(
        page.get_ancestors()
        .filter(depth__gt=1)
        .values_list("translation_key", flat=True)
    )
    keys.update(Site.objects.values_list("root_page__translation_key", flat=True))
    return Page.objects.filter(translation_key__in=keys, depth__gt=1).specific(
        defer=True
    )


def urls_showing(page):
    batch = PurgeBatch()
    batch.add_pages(pages_showing(page))
    return batch


def purge_showing(instance, **kwargs):
    """page_published and page_unpublished (sent for a live page deleted too)."""
    if enabled():
        urls_showing(instance).purge()


# Page id -> its URLs before a move in progress (pre_page_move and
# post_page_move get two instances of the page).
_before_move = {}


def remember_before_move(instance, **kwargs):
    """pre_page_move: the URLs at the old place, purged once the move is done."""
    if enabled():
        _before_move[instance.pk] = urls_showing(instance).urls


def purge_after_move(instance, **kwargs):
    if not enabled():
        return
    batch = urls_showing(instance)
    batch.add_urls(_before_move.pop(instance.pk, ()))
    batch.purge()


def connect():
    """Called by CooperationConfig.ready(), for every page type."""
    page_published.connect(purge_showing, dispatch_uid="coop_purge_published")
    page_unpublished.connect(purge_showing, dispatch_uid="coop_purge_unpublished")
    pre_page_move.connect(remember_before_move, dispatch_uid="coop_purge_pre_move")
    post_page_move.connect(purge_after_move, dispatch_uid="coop_purge_post_move")
