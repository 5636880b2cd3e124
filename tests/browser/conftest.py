"""The browser fixtures are shared by the whole run: see tests/browser_fixtures.py."""

from tests.browser_fixtures import ARTIFACTS, VIEWPORTS, check_accessibility

__all__ = ["ARTIFACTS", "VIEWPORTS", "check_accessibility"]
