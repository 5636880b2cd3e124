"""The site search on SQLite, the embedded default of `make run`: run as
`python -m tests.search.sqlite_search` with DATABASE_URL naming an SQLite
file (test_sqlite_search.py does). Migrates, builds the held-out tree and
prints, as JSON, the first result of each query."""

import json
import os
import sys

import django


def first_results(queries):
    from django.test import Client

    from tests.search.helpers import result_urls

    client = Client()
    answers = {}
    for query in queries:
        response = client.get("/recherche/", {"q": query})
        assert response.status_code == 200, (query, response.status_code)
        answers[query] = result_urls(response.content.decode())
    return answers


# Plurals, accents and case, as PostgreSQL's `french_unaccent` treats them.
FRENCH_QUERIES = [
    "jardins",
    "jardin",
    "ecole",
    "ÉCOLES",
    "conserveries",
    "bénévole",
    "debat",
]


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.test")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    from tests.search.held_out import QUERIES, build_held_out_tree

    assert connection.vendor == "sqlite", connection.vendor
    call_command("migrate", verbosity=0)
    pages = build_held_out_tree()
    queries = [query for query, _ in QUERIES] + FRENCH_QUERIES
    json.dump(
        {
            "backend": type(get_search_backend()).__name__,
            "urls": {key: page.url for key, page in pages.items()},
            "found": first_results(queries),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
