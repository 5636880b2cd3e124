"""Django's Redis cache, for a site that keeps answering when Redis does not.

The cache only saves work: every value in it can be computed again (Wagtail's
site root paths, the rate limiter's counters). So when Redis is down
(connection refused) or hung (it accepts and never answers), a read is a
miss, a write is dropped, and the page is rendered from PostgreSQL.

- Each call is bounded by the socket timeouts of the `OPTIONS` (settings).
- After a failure the cache is skipped for `BREAKER_SECONDS` (a circuit
  breaker, one per Redis location and process): a hung Redis costs one
  timeout every few seconds per process, not one per call, and the failure
  is logged once per break, not once per call.
- `ping()` reports the real error, for `/health/`.

django-redis offers `DJANGO_REDIS_IGNORE_EXCEPTIONS`, but without a breaker:
a hung Redis would cost a socket timeout on every call (several per page).
This subclass keeps Django's own backend and adds only that.
"""

import functools
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# What an unreachable or hung Redis looks like (BusyLoadingError, raised while
# a restarted Redis loads its data, is a ConnectionError).
UNREACHABLE = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)


@functools.cache
def code_release():
    """A short name for the code this process runs, part of the keys of what
    the cache keeps pickled or rendered (pages, the site cache's entries): a
    deploy never reads what the code before it kept (a page pickled without
    a field added since, a page rendered with the former templates). The
    RELEASE environment variable when set (a commit, a tag), otherwise a
    digest of the names, sizes and times of the project's Python files,
    templates and translations, read once per process."""
    release = os.environ.get("RELEASE", "").strip()
    if release:
        return release[:40]
    root = Path(__file__).resolve().parent.parent
    # The apps: the folders beside this one that are Python packages.
    apps = sorted(
        path.parent
        for path in root.glob("*/__init__.py")
        if path.parent.name != "tests"
    )
    digest = hashlib.sha256()
    for app in apps:
        for path in sorted(app.rglob("*")):
            if path.suffix not in (".py", ".html", ".mo"):
                continue
            stat = path.stat()
            digest.update(
                f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()[:12]


class CacheUnavailable(Exception):
    """The cache is skipped: it failed a moment ago."""


class Breaker:
    """Open for `seconds` after a failure: calls are not even tried."""

    def __init__(self, name):
        self.name = name
        self.open_until = 0.0
        self.broken = False
        self.lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self.open_until

    def trip(self, seconds, error):
        with self.lock:
            first = not self.broken
            self.broken = True
            self.open_until = time.monotonic() + seconds
        logger.warning(
            "cache unreachable (%s: %s): %s, skipped for %s s",
            self.name,
            error.__class__.__name__,
            "pages rendered without it" if first else "still down",
            seconds,
        )

    def succeeded(self):
        if self.broken:
            with self.lock:
                if not self.broken:
                    return
                self.broken = False
            logger.warning("cache reachable again (%s)", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(location):
    """One breaker per Redis location and process (Django makes one cache
    object per thread)."""
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker(location))


def reset_breakers():
    """Close every breaker (tests, after bringing a Redis back)."""
    with _breakers_lock:
        _breakers.clear()


class ReusedClientRedisCache(RedisCacheClient):
    """Django's client, which builds a `redis.Redis` on every call (about a
    quarter of a millisecond each: it copies redis-py's table of response
    callbacks), keeping one per connection pool instead. A `redis.Redis`
    takes its connections from the pool per command, so one serves every
    call of the thread that owns this cache object."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose failures are misses and no-ops (see the
    module's docstring). OPTIONS may hold `BREAKER_SECONDS` (default 5);
    the rest goes to redis-py's connection pool, as with Django's backend."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.breaker_seconds = float(options.pop("BREAKER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCache
        self.breaker = breaker_for(",".join(self._servers))

    def _guarded(self, failed, call, *args):
        """`call(*args)`, or `failed` when Redis cannot answer."""
        if not self.breaker.allows():
            return failed
        try:
            result = call(*args)
        except UNREACHABLE as error:
            self.breaker.trip(self.breaker_seconds, error)
            return failed
        self.breaker.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A missing counter is what Django's contract allows for: ValueError
        # (django-ratelimit then lets the request through: RATELIMIT_FAIL_OPEN).
        result = self._guarded(None, super().incr, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be set.
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)

    def ping(self):
        """Ask Redis itself; raise what went wrong (for `/health/`)."""
        if not self.breaker.allows():
            raise CacheUnavailable(
                f"skipped for {self.breaker.open_until - time.monotonic():.1f} s "
                "after a failure"
            )
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self.breaker.trip(self.breaker_seconds, error)
            raise
        self.breaker.succeeded()
