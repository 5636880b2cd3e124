"""What Wagtail asks the database each time it serves a page, from the site
cache: the request's Site, the page at each step of the address, the home
page in the reader's language, and whether a view restriction applies.

Wagtail serves `/centres/ors/programme/` with about ten queries before the
page's own: the Site, the active Locale, the home page's specific row (and its
translation), then a child row and its specific row per step, and the view
restrictions of the page and its ancestors. Here each is one cache read,
kept under the site's version (`site_cache`): any page saved, published,
moved or deleted, any Site, Locale or view restriction changed, and it is
read again from the database. The pages kept are the specific ones with the
child rows their type reads when served (`serving_prefetch`); each request
gets its own copy from the cache.
"""

import re

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from cooperation.languages import active_locale, with_locale
from cooperation.site_cache import remembered

# What a page's slug may hold (Wagtail's slugs, Unicode ones included): an
# address piece outside it names no page, and is never a cache key.
SLUG = re.compile(r"^[-\w]+$")


class CachedSiteMiddleware:
    """The request's Site (Wagtail's `Site.find_for_request`) from the site
    cache, its root page in its specific type. After the page cache: a page
    served from there asks for no Site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for(request)
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            # Where Wagtail looks first for the sites' root paths (every
            # page URL), before its own cache entry: one Redis read less.
            request._wagtail_cached_site_root_paths = remembered(
                "root-paths", Site.get_site_root_paths
            )
        return self.get_response(request)


def site_for(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    return remembered("site", lambda: _find_site(request), hostname, request.get_port())


def _find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        # Routing starts at `site.root_page.localized.specific`.
        site.root_page = _served(site.root_page)
    return site


def _served(page):
    """The page as it is served: specific, its locale and the child rows its
    type reads (`serving_prefetch`) loaded."""
    if page is None:
        return None
    page = with_locale(page.specific)
    prefetch = getattr(page, "serving_prefetch", ())
    if prefetch:
        prefetch_related_objects([page], *prefetch)
    return page


def child(page, slug):
    """The child of `page` at `slug` (live or not, as Wagtail's `route`
    finds it), served; None when there is none."""
    if not SLUG.match(slug):
        return None
    return remembered(
        "child",
        lambda: _served(page.get_children().filter(slug=slug).first()),
        page.pk,
        slug,
    )


def route(page, request, path_components):
    """Wagtail's `Page.route`, the child at each step from the cache."""
    if not path_components:
        if page.live:
            return RouteResult(page)
        raise Http404
    subpage = child(page, path_components[0])
    if subpage is None:
        raise Http404
    subpage._cached_parent_obj = page
    return subpage.route(request, path_components[1:])


def localized(page):
    """Wagtail's `page.localized`: its live translation in the reader's
    language, in its specific type, else the page itself."""
    locale = active_locale()
    if page.locale_id == locale.pk:
        return page
    translated = remembered(
        "localized",
        lambda: _served(
            type(page)
            ._default_manager.live()
            .filter(translation_key=page.translation_key, locale=locale)
            .first()
        ),
        page.translation_key,
        locale.pk,
    )
    return translated or page


def _restricted_paths():
    """The paths of the pages holding a view restriction, and whether any
    page is an alias (Wagtail then reads an alias's restrictions on its
    source): from the site cache, or two queries."""
    return remembered(
        "restricted",
        lambda: (
            list(PageViewRestriction.objects.values_list("page__path", flat=True)),
            Page.objects.filter(alias_of__isnull=False).exists(),
        ),
    )


def may_be_restricted(page):
    """False when no view restriction applies to `page` (none on it or its
    ancestors, no alias in the way): Wagtail's check then needs no query."""
    paths, any_alias = _restricted_paths()
    if any_alias or page.alias_of_id is not None:
        return True
    return any(page.path.startswith(path) for path in paths)
