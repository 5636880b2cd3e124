"""The site cache keeps a copy of each entry in the process
(cooperation/site_cache.py): Redis is asked once per process and version,
a change to the site is still seen by the next request, and what a caller
does to the value it got never reaches the next one."""

import pytest
from django.core.cache import cache

from cooperation import site_cache
from cooperation.per_request import forget_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_copies():
    site_cache.forget_process_copies()
    forget_all()
    yield
    site_cache.forget_process_copies()
    forget_all()


class Counter:
    def __init__(self, value):
        self.value = value
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return list(self.value)


def next_request():
    """What a new request does: the version is read again."""
    forget_all()


def test_an_entry_is_read_from_redis_once_per_process_and_version(monkeypatch):
    compute = Counter(["menu"])
    assert site_cache.remembered("menu", compute, 1) == ["menu"]
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args)
    )
    next_request()
    assert site_cache.remembered("menu", compute, 1) == ["menu"]
    assert compute.calls == 1
    # Only the version came from Redis.
    assert reads == [site_cache.VERSION_KEY]


def test_a_value_changed_by_its_caller_is_not_what_the_next_request_gets():
    compute = Counter(["Les Ors", "Saint-Nicolas"])
    first = site_cache.remembered("centres", compute)
    first.append("ajouté par une vue")
    next_request()
    assert site_cache.remembered("centres", compute) == ["Les Ors", "Saint-Nicolas"]
    assert compute.calls == 1


def test_a_change_to_the_site_is_seen_by_the_next_request():
    compute = Counter(["avant"])
    assert site_cache.remembered("menu", compute) == ["avant"]
    compute.value = ["après"]
    site_cache.site_changed()
    next_request()
    assert site_cache.remembered("menu", compute) == ["après"]
    assert compute.calls == 2


def test_a_version_changed_by_another_process_is_seen_by_the_next_request():
    compute = Counter(["avant"])
    site_cache.remembered("menu", compute)
    compute.value = ["après"]
    # Another process (a worker, another gunicorn worker) changed the site.
    cache.set(site_cache.VERSION_KEY, "une-autre-version", None)
    next_request()
    assert site_cache.remembered("menu", compute) == ["après"]


def test_many_entries_come_from_the_copies_then_redis_then_the_database():
    computed = []

    def compute(keys):
        computed.append(sorted(keys))
        return {key: f"VEVENT {key}" for key in keys}

    assert site_cache.remembered_many("ical", ["1", "2"], compute) == {
        "1": "VEVENT 1",
        "2": "VEVENT 2",
    }
    next_request()
    found = site_cache.remembered_many("ical", ["1", "2", "3"], compute)
    assert found == {"1": "VEVENT 1", "2": "VEVENT 2", "3": "VEVENT 3"}
    assert computed == [["1", "2"], ["3"]]


def test_past_their_size_limit_the_copies_are_dropped_not_grown(monkeypatch):
    monkeypatch.setattr(site_cache.ProcessCopies, "MAX_BYTES", 300)
    copies = site_cache.process_copies("v1")
    copies.keep("a", "x" * 200)
    copies.keep("b", "y" * 200)
    assert copies.get("a") is None
    assert copies.get("b") == "y" * 200
    assert copies.size < 300


def test_without_redis_every_value_is_computed(monkeypatch):
    monkeypatch.setattr(site_cache, "site_version", lambda: None)
    compute = Counter(["menu"])
    site_cache.remembered("menu", compute)
    site_cache.remembered("menu", compute)
    assert compute.calls == 2
