"""Redis stopped or hung: every public page still answers, at once.

Every public address of tests/survival/site.py (each page type, feeds,
search, sitemap, robots, in French, English and Arabic) and the sign-up
form are requested first with the machine's Redis, as usual, then with the
cache and the broker pointed at a redis-server of the test's own, stopped
(connection refused), then at a listener that accepts and never answers
(hung). Each answer must be the same status as with Redis up, and come
within a second of that page's own time with Redis up (a slow one is tried
twice more, the fastest kept): the cost of the outage is bounded, whatever
the load of the shared machine running the tests. Before the timeouts and
the breaker, a stopped Redis gave every page a 500 and a hung one held
every page for as long as the operating system let a socket wait.
"""

import json
import logging
import time

import pytest
from django.core.cache import cache, caches
from django.test import Client

from cooperation.cache import ResilientRedisCache, reset_breakers
from cooperation.celery import app as celery_app
from newsletter.models import MailingList, Subscriber
from tests.outages import web_on
from tests.survival.site import LANGUAGES, build_public_site, prefix, public_requests

pytestmark = pytest.mark.django_db

# What an outage may add to a page, in seconds.
BOUND = 1.0


@pytest.fixture(scope="module")
def public_site(module_site_tree, django_db_blocker):
    with django_db_blocker.unblock():
        return build_public_site(module_site_tree)


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def visit(site, up=None):
    """{label: (status, seconds)} for every public GET of `site`.

    Given the answers with Redis `up`, a request slower than its bound is
    tried twice more and its fastest time kept: the machine running the
    tests is shared, and one slow run of a page says nothing of Redis (an
    unbounded wait on Redis makes every try slow).
    """
    client = Client()
    answers = {}
    for label, path in public_requests(site):
        response, seconds = timed(lambda path=path: client.get(path))
        status = response.status_code
        for _ in range(2):
            if up is None or seconds <= up[label][1] + BOUND:
                break
            response, again = timed(lambda path=path: client.get(path))
            status = status if response.status_code == status else -1
            seconds = min(seconds, again)
        answers[label] = (status, seconds)
    return answers


@pytest.fixture(scope="module")
def with_redis_up(public_site, django_db_blocker):
    """The answers with the machine's Redis, as every other test runs."""
    with django_db_blocker.unblock():
        return visit(public_site)


def sign_up_in_every_language(number, on_commit):
    """The sign-up form in each language, from a client of its own; the
    queuing on commit runs (and fails, bounded) inside the timed call."""
    agenda = MailingList.objects.get(slug="agenda")
    answers = {}
    for code in LANGUAGES:
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        email = f"{code}{number}@example.fr"

        def post(client=client, code=code, email=email):
            with on_commit(execute=True):
                return client.post(
                    f"{prefix(code)}/newsletter/inscription/",
                    {
                        "email": email,
                        "language": code,
                        "lists": [agenda.pk],
                        "consent": "on",
                        "website": "",
                        "source": "/",
                    },
                )

        response, seconds = timed(post)
        assert Subscriber.objects.filter(email=email).exists(), "sign-up lost"
        answers[f"sign-up {code}"] = (response.status_code, seconds)
    return answers


def assert_as_with_redis_up(answers, up):
    slow = {
        label: (status, round(seconds, 3))
        for label, (status, seconds) in answers.items()
        if status != up[label][0] or seconds > up[label][1] + BOUND
    }
    assert not slow, f"not as with Redis up (status, s): {slow}; up: {up}"


@pytest.fixture
def queued_by_the_broker():
    """This process queues tasks through the broker, as in production."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = eager


def test_every_public_page_answers_with_redis_stopped(
    public_site,
    with_redis_up,
    own_redis,
    queued_by_the_broker,
    django_capture_on_commit_callbacks,
):
    with web_on(own_redis.url):
        # Redis up: the site uses it (Wagtail's site root paths are cached).
        assert Client().get("/").status_code == 200
        assert cache.get("wagtail_site_root_paths", version=2) is not None
        own_redis.stop()

        answers = visit(public_site, with_redis_up)
        answers |= sign_up_in_every_language(10, django_capture_on_commit_callbacks)

    up = with_redis_up | {f"sign-up {code}": (302, 0.0) for code in LANGUAGES}
    assert_as_with_redis_up(answers, up)
    assert {status for status, _ in answers.values()} == {200, 302}


def test_every_public_page_answers_with_redis_hung(
    public_site,
    with_redis_up,
    hung_redis,
    queued_by_the_broker,
    django_capture_on_commit_callbacks,
):
    with web_on(hung_redis.url):
        answers = visit(public_site, with_redis_up)
        answers |= sign_up_in_every_language(20, django_capture_on_commit_callbacks)

    up = with_redis_up | {f"sign-up {code}": (302, 0.0) for code in LANGUAGES}
    assert_as_with_redis_up(answers, up)
    # Some connections reached the listener: it was really asked, and hung.
    assert hung_redis.accepted


def test_a_hung_redis_costs_one_timeout_per_break_not_one_per_call(
    hung_redis, settings, caplog
):
    caplog.set_level(logging.WARNING, logger="cooperation.cache")
    with web_on(hung_redis.url):
        assert isinstance(caches["default"], ResilientRedisCache)
        started = time.monotonic()
        for number in range(200):
            assert cache.get(f"key-{number}", "missing") == "missing"
            cache.set(f"key-{number}", number)
        assert cache.get_or_set("computed", lambda: 42) == 42
        elapsed = time.monotonic() - started
        with pytest.raises(ValueError):
            cache.incr("counter")
    # One timeout (0.25 s), then the breaker: 400 calls do not wait 400 times.
    timeout = settings.CACHES["default"]["OPTIONS"]["socket_timeout"]
    assert elapsed < 4 * timeout, elapsed
    warnings = [r.getMessage() for r in caplog.records if r.name == "cooperation.cache"]
    assert len(warnings) == 1, warnings
    assert "cache unreachable" in warnings[0]


def test_the_cache_comes_back_after_the_break(own_redis, caplog):
    caplog.set_level(logging.WARNING, logger="cooperation.cache")
    with web_on(own_redis.url, BREAKER_SECONDS=0.5):
        cache.set("kept", "yes")
        assert cache.get("kept") == "yes"
        own_redis.stop()
        assert cache.get("kept") is None
        own_redis.start()
        # Within the break, Redis is not asked.
        assert cache.get("kept", "skipped") == "skipped"
        time.sleep(0.6)
        cache.set("kept", "again")
        assert cache.get("kept") == "again"
    messages = [r.getMessage() for r in caplog.records if r.name == "cooperation.cache"]
    assert len(messages) == 2
    assert "cache unreachable" in messages[0]
    assert "cache reachable again" in messages[1]


@pytest.mark.parametrize("outage", ["own_redis", "hung_redis"])
def test_health_says_what_is_down_at_once(outage, request, client):
    redis_server = request.getfixturevalue(outage)
    if outage == "own_redis":
        redis_server.stop()
    with web_on(redis_server.url):
        for _ in range(2):  # the second time, the cache's breaker is open
            response, seconds = timed(lambda: client.get("/health/"))
            assert response.status_code == 503
            body = json.loads(response.content)
            assert body["down"] == ["cache", "broker"]
            assert body["checks"]["database"]["ok"] is True
            assert seconds < BOUND, seconds


def test_health_is_ok_on_a_working_redis(own_redis, client):
    with web_on(own_redis.url):
        response = client.get("/health/")
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["down"] == []


def test_the_rate_limit_still_counts_when_redis_is_up(own_redis, settings):
    """Failing open is for outages only: with Redis up, the sixth sign-up of
    a minute from one address is refused."""
    settings.NEWSLETTER_SIGNUP_RATE = "2/m"
    reset_breakers()
    with web_on(own_redis.url):
        client = Client(REMOTE_ADDR="198.51.100.77")
        codes = [
            client.post("/newsletter/inscription/", {"email": "x"}).status_code
            for _ in range(3)
        ]
    assert codes == [400, 400, 429]
