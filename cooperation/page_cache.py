"""The page cache: the public site's anonymous GET and HEAD answers, kept in
the shared cache (Redis) and replayed without one SQL query.

An entry is keyed by the host (name and port), the language and the path with
its query string put in order, under a *generation*: one number, in the cache,
that every change of content replaces (`purge`). A purge therefore forgets
every cached page at once, whatever the change listed or linked: a news item
reaches the home page, its section, its centre, the feeds and the search
results, and a category or a footer setting reaches every page. Always right,
and one cache write; the old entries expire by themselves.

The generation is one for the whole installation, not one per Wagtail Site:
finding the Site of a request takes a query (a hit must take none), the
default Site answers host names no Site names, and snippets, images and
settings are shared by every Site anyway. Two hosts never share an entry:
the host is part of the key.

Never cached: any request with a session or a messages cookie (an editor, a
visitor past a page password, a message to show), other methods than GET and
HEAD, the paths of PAGE_CACHE_EXCLUDED_PATHS (the admin, the newsletter's
forms and token links…), and any answer that sets a cookie, used a CSRF token,
changed the session, is a preview, carries `private`, `no-cache` or
`no-store`, streams, or has another status than 200 and 404. A cache that
fails (Redis down or hung) only means the page is rendered.
"""

import hashlib
import logging
import re
import time
from functools import cache as memoize

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cooperation.cache import code_release

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Tells a person (and the tests) what the cache did: "hit" or "miss".
STATUS_HEADER = "X-Page-Cache"
CACHEABLE_STATUSES = (200, 404)
# Longer query strings are rendered every time: they are not links people
# share, and each would fill the cache with one more entry.
MAX_QUERY_LENGTH = 1024
# django.contrib.messages' cookie (CookieStorage.cookie_name).
MESSAGES_COOKIE = "messages"
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def shorten(request, seconds):
    """Keep this request's page at most `seconds` in the caches: a page that
    shows something that changes with time (« Ouvert maintenant »)."""
    current = getattr(request, "page_cache_seconds", None)
    request.page_cache_seconds = seconds if current is None else min(current, seconds)


def purge():
    """Forget every cached page once the current transaction commits: a
    request rendered before the commit read the old content, and it stores
    its page under the generation it read, which is then gone."""
    transaction.on_commit(_new_generation)


def _new_generation():
    try:
        # A clock value, never a counter: a generation lost to an eviction
        # must not come back as an old number whose entries still exist.
        cache.set(GENERATION_KEY, time.time_ns(), None)
    except Exception:
        # Redis down: the old pages expire within PAGE_CACHE_SECONDS.
        logger.exception("page cache: purge failed")


class PageCacheMiddleware:
    """Serve a cached page, or render it and keep it.

    Placed after LocaleMiddleware (the language is part of the key) and
    CommonMiddleware, before CsrfViewMiddleware, AuthenticationMiddleware and
    MessageMiddleware: a hit never reaches them, and what they did to a miss
    (a CSRF cookie, a message) is seen here before the page is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _request_is_cacheable(request):
            return _private(self.get_response(request))
        key = _key(request)
        if key is not None:
            hit = _fetch(key)
            if hit is not None:
                return hit
        response = self.get_response(request)
        seconds = _seconds_to_keep(request, response)
        if seconds is None:
            return _private(response)
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=_shared_seconds(request, seconds)
        )
        if key is not None:
            _store(key, response, seconds)
        response[STATUS_HEADER] = "miss"
        return response


def _request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if MESSAGES_COOKIE in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    return not _excluded_path(request.path_info)


def _excluded_path(path):
    return _excluded_paths_pattern(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)).match(
        path
    )


@memoize
def _excluded_paths_pattern(patterns):
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)")


def _key(request):
    """The entry's key, or None when the cache cannot be read."""
    # Parameters in order, encoded one way: ?b=1&a=2 and ?a=2&b=1 are one page.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = "\n".join(
        (request.get_host(), request.LANGUAGE_CODE, request.path, query)
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, time.time_ns(), None)
            generation = cache.get(GENERATION_KEY)
    except Exception:
        logger.warning("page cache: unreachable, rendering", exc_info=True)
        return None
    # The code's release too: a deploy never serves the former templates.
    return f"pagecache:{code_release()}:{generation}:{digest}"


def _fetch(key):
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("page cache: unreachable, rendering", exc_info=True)
        return None
    if entry is None:
        return None
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    return response


def _store(key, response, seconds):
    entry = (response.status_code, list(response.items()), response.content)
    try:
        cache.set(key, entry, seconds)
    except Exception:
        logger.warning("page cache: cannot store", exc_info=True)


def _seconds_to_keep(request, response):
    """How long this answer may be kept, or None if it must not be."""
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return None
    # get_token() was called: the page holds this visitor's CSRF token.
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return None
    if getattr(request, "is_preview", False):
        return None
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    # Messages to show came with a cookie (the request was not cacheable);
    # one added now would be shown by the next page.
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return None
    if response.has_header("Vary") and response["Vary"].strip() == "*":
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
        return None
    seconds = settings.PAGE_CACHE_SECONDS
    if response.status_code == 404:
        seconds = min(seconds, settings.PAGE_CACHE_NOT_FOUND_SECONDS)
    short = getattr(request, "page_cache_seconds", None)
    return seconds if short is None else min(seconds, short)


def _shared_seconds(request, seconds):
    """How long nginx may keep the page: an address with a query string
    (?page=2, filters, a search) briefly, since its purge names addresses
    one by one and reaches none of them; here, a change forgets them all."""
    if request.META.get("QUERY_STRING"):
        return min(seconds, settings.PAGE_CACHE_QUERY_SECONDS)
    return seconds


def _private(response):
    """What is not kept here is kept by no shared cache either (nginx)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


# Purge on every change a page may show --------------------------------------


def connect_purge_signals():
    """Called once by CooperationConfig.ready()."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"page_cache.{id(signal)}")
    post_save.connect(_saved, dispatch_uid="page_cache.saved")
    post_delete.connect(_deleted, dispatch_uid="page_cache.deleted")


def _page_changed(sender, **kwargs):
    purge()


def _saved(sender, instance, **kwargs):
    # A page's own save is not a change of the site: drafts and autosaves
    # save the page row too. Publishing sends page_published.
    if shown_on_every_page(instance):
        purge()


def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) or shown_on_every_page(instance):
        purge()


def shown_on_every_page(instance):
    """Whether saving or deleting `instance` may change any page: one of
    PAGE_CACHE_PURGE_MODELS (nginx's cache is purged for them too,
    cooperation/frontend_purge.py)."""
    return isinstance(instance, _models(tuple(settings.PAGE_CACHE_PURGE_MODELS)))


@memoize
def _models(labels):
    return tuple(apps.get_model(label) for label in labels)
