"""The pace of sending: one send rate for every worker, kept in Redis, and
the delay before a batch is tried again."""

import random
import time

import redis
from django.conf import settings

_RATE_SCRIPT = """
local now = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
redis.call('SET', KEYS[1], tostring(slot + cost), 'EX', 3600)
return tostring(slot)
"""
_redis = None


def wait_for_rate(count):
    """Keep every worker together under NEWSLETTER_SEND_RATE messages per
    second: each batch books its slot on a timeline kept in Redis and
    sleeps until then."""
    rate = settings.NEWSLETTER_SEND_RATE
    if not rate or not settings.REDIS_URL:
        return 0.0
    global _redis
    if _redis is None:
        _redis = redis.Redis.from_url(settings.REDIS_URL)
    now = time.time()
    slot = float(
        _redis.eval(_RATE_SCRIPT, 1, "newsletter:send-rate", now, count / rate)
    )
    delay = slot - now
    # Lua keeps 14 significant digits: a few microseconds are rounding.
    if delay < 0.001:
        return 0.0
    time.sleep(delay)
    return delay


def backoff(retries):
    """Exponential delay with jitter for the n-th retry."""
    base = settings.NEWSLETTER_RETRY_BASE_SECONDS
    delay = min(settings.NEWSLETTER_RETRY_MAX_SECONDS, base * (2**retries))
    return delay * random.uniform(0.5, 1.5)
