"""What every page shows and few edits change (the locales, the private
sections, the home pages, the menu, the footer), kept in the cache until the
site changes.

Each entry's key holds the code's release (`cache.code_release`: a deploy
never reads what the former code pickled) and the site's version, a random
token in the cache that any change to a page, a setting, a locale, a site or a
view restriction replaces (the signals below): the entries of the old version
are never read again and expire. One cache read per request for the version
(kept in the request's memo), and each entry is read from Redis once per
process and version: the process keeps a copy of what it read
(`ProcessCopies`), so a page asks Redis for the version and little else. When
the cache does not answer (Redis down), every value is read from the database,
as without it.
"""

import contextlib
import logging
import pickle
import threading
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from redis.exceptions import RedisError
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cooperation.cache import code_release
from cooperation.per_request import forget_all, per_request

logger = logging.getLogger(__name__)

VERSION_KEY = "cooperation:site-version"
TIMEOUT = 24 * 60 * 60
CACHE_ERRORS = (RedisError, OSError)


@per_request
def site_version():
    """The site's current version (made when missing); None when the cache
    does not answer."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
    except CACHE_ERRORS:
        logger.warning("site cache unavailable", exc_info=True)
        return None
    return version


class ProcessCopies:
    """This process's copies of the entries of one site version, pickled:
    each read gives a fresh object, as a read from Redis does, so a caller
    that changes what it got changes nothing for the next request. Entries
    of an older version are dropped whole when a request meets a new one;
    past `MAX_BYTES` they are dropped too (read again from Redis)."""

    MAX_BYTES = 64 * 1024 * 1024

    def __init__(self, version=None):
        self.version = version
        self.entries = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        data = self.entries.get(key)
        return None if data is None else pickle.loads(data)

    def keep(self, key, value):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            if self.size + len(data) > self.MAX_BYTES:
                self.entries.clear()
                self.size = 0
            self.size += len(data) - len(self.entries.get(key, b""))
            self.entries[key] = data


_copies = ProcessCopies()


def process_copies(version):
    """The copies of `version` (a new, empty set when the site changed)."""
    global _copies
    copies = _copies
    if copies.version != version:
        copies = _copies = ProcessCopies(version)
    return copies


def forget_process_copies():
    """Drop this process's copies (tests that change the cache under it)."""
    global _copies
    _copies = ProcessCopies()


def remembered(name, compute, *parts):
    """`compute()`, kept in the cache under `name` and `parts` until the
    site changes."""
    version = site_version()
    if version is None:
        return compute()
    key = ":".join(["cooperation", name, version, code_release(), *map(str, parts)])
    copies = process_copies(version)
    value = copies.get(key)
    if value is not None:
        return value
    try:
        value = cache.get(key)
    except CACHE_ERRORS:
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set(key, value, TIMEOUT)
    copies.keep(key, value)
    return value


def remembered_many(name, keys, compute):
    """{key: value} for each of `keys` (strings), kept in the cache under
    `name` until the site changes; `compute(missing keys)` gives the
    values not kept yet as a dict. One cache read and at most one write,
    whatever the number of keys."""
    keys = list(keys)
    version = site_version()
    if version is None:
        return compute(keys)
    prefix = ":".join(["cooperation", name, version, code_release()])
    full = {f"{prefix}:{key}": key for key in keys}
    copies = process_copies(version)
    found = {}
    for cache_key, key in full.items():
        value = copies.get(cache_key)
        if value is not None:
            found[key] = value
    asked = [cache_key for cache_key, key in full.items() if key not in found]
    if asked:
        try:
            kept = cache.get_many(asked)
        except CACHE_ERRORS:
            return compute(keys)
        for cache_key, value in kept.items():
            found[full[cache_key]] = value
            copies.keep(cache_key, value)
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute(missing)
        found.update(computed)
        by_key = {key: cache_key for cache_key, key in full.items()}
        with contextlib.suppress(*CACHE_ERRORS):
            cache.set_many(
                {by_key[key]: value for key, value in computed.items()}, TIMEOUT
            )
        for key, value in computed.items():
            copies.keep(by_key[key], value)
    return found


def site_changed(**kwargs):
    """A new version: every entry is read again from the database. Now, and
    again once the change is committed: a request that read the database in
    between (without the change) may have kept what it read under the new
    version."""
    _new_version()
    transaction.on_commit(_new_version)
    forget_all()


def changes_the_site(*models):
    """A saved or deleted row of each of `models` changes the site (a new
    version): for what the entries kept hold besides pages and settings (a
    category's name on cards, an image in a kept section, a synonym)."""
    for model in models:
        label = model._meta.label_lower
        for signal, verb in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                site_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"site_changed_{label}_{verb}",
            )


def _new_version():
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except CACHE_ERRORS:
        logger.warning("site cache unavailable", exc_info=True)


def _page_saved_or_deleted(sender, **kwargs):
    if issubclass(sender, Page):
        site_changed()


post_save.connect(_page_saved_or_deleted, dispatch_uid="cooperation_site_page_saved")
post_delete.connect(
    _page_saved_or_deleted, dispatch_uid="cooperation_site_page_deleted"
)
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(site_changed, dispatch_uid=f"cooperation_site_{id(signal)}")
# The site's settings and footer: connected in cooperation/models.py.
for model in (Locale, PageViewRestriction, Site):
    post_save.connect(site_changed, sender=model, weak=False)
    post_delete.connect(site_changed, sender=model, weak=False)
