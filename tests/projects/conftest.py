# The browser fixtures live with the site-wide browser tests.
from tests.browser.conftest import browser, page_for, viewport  # noqa: F401
