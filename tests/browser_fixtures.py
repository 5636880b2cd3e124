"""Headless Chromium (Debian's package) driven by Playwright, with axe-core,
and the live server and data its tests read.

Registered once for the whole test run by tests/conftest.py (pytest_plugins),
so that every folder shares one browser; importing these fixtures into
another conftest would start a second Playwright inside the first one.

axe-core comes inside the axe-playwright-python package: nothing is
downloaded while the tests run.
"""

import os
import warnings
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test.utils import setup_databases, teardown_databases
from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
VIEWPORTS = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}

# Playwright's sync API runs an event loop in this thread; the test's own
# database calls are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    # Imported here, as axe below: a run without browser tests never loads
    # Playwright (over a second on this machine).
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make services`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _on_test_database():
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    name = settings_dict["NAME"]
    return name == settings_dict["TEST"].get("NAME") or name.startswith(
        TEST_DATABASE_PREFIX
    )


@pytest.fixture(scope="session")
def browser_database(django_db_setup, django_db_blocker, django_db_keepdb):
    """The test database, for the live server and the shared data.

    pytest-django makes it only when a collected test asks for a database (a
    `django_db` mark, the `db` fixtures); the browser tests that read shared
    data ask for none. Run alone, they would write to DATABASE_URL's own
    database, and `shared_by_module` would flush it: make the test database
    here then."""
    if _on_test_database():
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=0,
            interactive=False,
            aliases={DEFAULT_DB_ALIAS},
            keepdb=django_db_keepdb,
        )
    assert _on_test_database()
    yield
    if not django_db_keepdb:
        # As pytest-django does: a connection the live server's thread
        # still holds makes the drop fail, which is worth a warning only.
        with django_db_blocker.unblock():
            try:
                teardown_databases(config, verbosity=0)
            except Exception as error:  # noqa: BLE001
                warnings.warn(f"test database not dropped: {error}", stacklevel=1)


@pytest.fixture(scope="session")
def site_server(browser_database):
    """The live server the browser opens the site on.

    pytest-django's `live_server` makes every test that asks for it
    transactional, so the database is flushed after each one; with this
    server a module's tests can share what `shared_by_module` builds, and a
    test that writes marks itself `django_db(transaction=True)` and builds
    its own data.
    """
    server = LiveServer("localhost")
    yield server
    server.stop()


def shared_by_module(build):
    """A module-scoped fixture of what `build()` returns, for browser tests
    that only read it (GET requests, clicks on links): in a test module,
    `news_site = shared_by_module(build_news_site)`.

    The data is committed, for the live server's thread to read, and the
    database is flushed at the module's end, as after a transactional test.
    The tests that use it are not marked `django_db`: pytest-django runs them
    after the tests that expect the migrations' data. The database stays
    open to every thread while the module runs, the server's included.
    """

    def fixture(browser_database, django_db_blocker):
        assert _on_test_database()
        with django_db_blocker.unblock():
            try:
                yield build()
            finally:
                call_command("flush", "--noinput", verbosity=0)

    fixture.__doc__ = build.__doc__
    return pytest.fixture(fixture, scope="module")


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param, VIEWPORTS[request.param]


@pytest.fixture
def page_for(browser):
    contexts = []

    def open_page(size):
        context = browser.new_context(viewport=size, locale="fr-FR")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check_accessibility(page, name):
    """Run axe-core on the page, keep a screenshot, fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    return results
