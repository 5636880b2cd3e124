"""The site search on SQLite (`make run`'s embedded database), with French
stemming (search/backends/sqlite_french.py).

The end-to-end check runs `python -m tests.search.sqlite_search` on a new
SQLite file: the test run itself is on PostgreSQL, and migrating a second
database in-process would mean a second set of Django connections. It is
`slow` (the migrations take a minute or more). The backend's module is
only imported there: Wagtail defines its FTS model on SQLite only."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.french import stemmed_query, stemmed_text
from tests.search.held_out import QUERIES

ROOT = Path(__file__).resolve().parents[2]


def test_queries_are_stemmed_like_the_index():
    assert stemmed_query("Les JARDINS des écoles") == "le jardin ecol"
    assert stemmed_text("le jardin de l'École") == "jardin ecol"
    # Only stop words: kept, so that the query finds nothing (the index
    # holds no stop word), as PostgreSQL finds nothing.
    assert stemmed_query("de la") == "de la"


@pytest.mark.slow
def test_search_on_sqlite_stems_and_ranks_like_postgresql(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.search.sqlite_search"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    answer = json.loads(done.stdout)
    assert answer["backend"] == "FrenchSQLiteSearchBackend"
    urls, found = answer["urls"], answer["found"]
    for query, key in QUERIES:
        assert found[query][:1] == [urls[key]], (query, found[query][:4])
    # Plurals and accents, both ways.
    for query in ("jardins", "jardin"):
        assert found[query][0] == urls["chopin"], query
    for query in ("ecole", "ÉCOLES"):
        assert found[query] == [urls["soutien"]], query
    assert found["conserveries"][0] == urls["conserverie"]
    assert urls["agoras"] in found["debat"]
    assert urls["velo"] in found["bénévole"]
