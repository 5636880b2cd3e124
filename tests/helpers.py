"""Small helpers the test modules share: the site's time zone and a wait
for what another process does."""

import time
import zoneinfo

# The site's wall-clock time: events, opening hours and feeds are in Paris.
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def wait_for(predicate, timeout=180, interval=0.2):
    """Poll `predicate` until it is true (True) or `timeout` seconds pass
    (False): for what a worker process or a server thread does meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
