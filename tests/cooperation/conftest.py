"""What the purge tests share: a frontend-cache backend that records the
URLs it is asked to purge, and `purged(action)`, the set of URLs an action
purges once its transaction commits."""

import pytest
from wagtail.contrib.frontend_cache.backends import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    """Wagtail's backend interface, keeping the URLs instead of sending them."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def purged(settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": f"{__name__}.RecordingBackend"}
    }
    PURGED.clear()

    def run(action):
        PURGED.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return set(PURGED)

    return run
