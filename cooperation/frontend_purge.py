"""Purge nginx's cache of anonymous pages when a page changes.

Wagtail's `frontend_cache` purges the page itself; a page also shows up in
the lists of its section, of the sections above it and of the home page, and
in every language (a French page stands in for a missing translation). So
when a page is published, unpublished, moved or deleted, this purges, in every
language: the page, each of its ancestors up to the home page, and the home
pages; for a move or a new slug, the pages below it too, at their old and
new addresses;
and what the apps name through the PURGE_PATHS hook (feeds, calendar files,
month views and programmes that list the page).
A snippet or a setting that pages show (what `PAGE_CACHE_PURGE_MODELS`
names: categories, the footer, images…) purges every live page, gathered by
a worker (`purge_every_page`): the purge module nginx has (ngx_cache_purge
2.3) purges one address at a time, never a prefix. The URLs go to Wagtail's
task (on commit, run by a worker) and from it to `TimeoutHTTPBackend`, a
PURGE request to nginx's purge server (`FRONTEND_CACHE_PURGE_URL`, see
deploy/nginx/) that gives up after a few seconds. Nothing happens when that
setting is empty.

Wagtail's own app is not installed (its signal handlers would purge the page
a second time); its backends and its task are used as they are.
`WAGTAILFRONTENDCACHE_LANGUAGES` is empty: Wagtail would rewrite /en/ to /ar/
in a URL, while each language here has its own tree and its own slugs.
"""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task
from wagtail import hooks
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from cooperation import page_cache
from cooperation.hooks import PURGE_PATHS

logger = logging.getLogger(__name__)


class TimeoutHTTPBackend(HTTPBackend):
    """Wagtail's HTTP backend (a PURGE for each URL, to nginx's purge server
    with the page's Host), giving up after `TIMEOUT` seconds (5): a nginx
    that hangs must hold neither a worker nor, where tasks run in the
    process, an editor's save. A failure is logged, never raised."""

    def __init__(self, params):
        params = dict(params)
        self.timeout = params.pop("TIMEOUT", 5)
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            urlunsplit(
                (self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")
            ),
            headers={"Host": host, "User-Agent": "Wagtail-frontendcache"},
        )
        try:
            urlopen(request, timeout=self.timeout).close()
        except (URLError, OSError) as error:
            logger.error("nginx: purge of %s failed: %s", url, error)


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


def urls_showing(page, below=False):
    """The URLs of `pages_showing(page)`; with `below`, those of the pages
    under it too (a move changes all their addresses)."""
    batch = PurgeBatch()
    batch.add_pages(pages_showing(page))
    if below:
        batch.add_pages(page.get_descendants().specific(defer=True))
    batch.add_urls(other_urls_showing(page))
    return batch


def page_path(page):
    """`page`'s path in its site (with its language prefix), or None when
    it has none (not routable)."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def other_urls_showing(page):
    """What the apps' PURGE_PATHS hooks name for `page` (feeds, calendar
    files, month views), as URLs of the page's site."""
    parts = page.specific_deferred.get_url_parts()
    if parts is None:
        return []
    root_url = parts[1]
    return [
        root_url + path
        for purge_paths in hooks.get_hooks(PURGE_PATHS)
        for path in purge_paths(page.specific_deferred)
    ]


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
        _before_move[instance.pk] = urls_showing(instance, below=True).urls


def purge_after_move(instance, **kwargs):
    if not enabled():
        return
    batch = urls_showing(instance, below=True)
    batch.add_urls(_before_move.pop(instance.pk, ()))
    batch.purge()


def purge_old_addresses(instance, instance_before, **kwargs):
    """page_slug_changed (once committed): the page and the pages below it
    at the addresses they had; their new ones are purged on publication."""
    if not enabled():
        return
    old = instance_before.get_url_parts()
    new = instance.get_url_parts()
    if old is None or new is None:
        return
    old_url, new_url = old[1] + old[2], new[1] + new[2]
    batch = PurgeBatch()
    batch.add_page(instance_before)
    below = PurgeBatch()
    below.add_pages(instance.get_descendants().specific(defer=True))
    batch.add_urls(
        old_url + url[len(new_url) :] for url in below.urls if url.startswith(new_url)
    )
    batch.purge()


@task()
def purge_every_page():
    """Every live page's URL, in every language, purged: run by a worker."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(depth__gt=1).specific(defer=True))
    batch.purge()


def purge_on_site_wide_change(sender, instance, **kwargs):
    """post_save and post_delete of a model that every page may show."""
    if enabled() and page_cache.shown_on_every_page(instance):
        transaction.on_commit(purge_every_page.enqueue)


def connect():
    """Called by CooperationConfig.ready(), for every page type."""
    page_published.connect(purge_showing, dispatch_uid="coop_purge_published")
    page_unpublished.connect(purge_showing, dispatch_uid="coop_purge_unpublished")
    pre_page_move.connect(remember_before_move, dispatch_uid="coop_purge_pre_move")
    post_page_move.connect(purge_after_move, dispatch_uid="coop_purge_post_move")
    page_slug_changed.connect(purge_old_addresses, dispatch_uid="coop_purge_slug")
    post_save.connect(purge_on_site_wide_change, dispatch_uid="coop_purge_saved")
    post_delete.connect(purge_on_site_wide_change, dispatch_uid="coop_purge_deleted")
