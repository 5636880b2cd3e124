"""Site-wide views: health, robots.txt and the multilingual sitemap."""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from cooperation.celery import app as celery_app
from cooperation.client_ip import client_ip, meta_key
from cooperation.queueing import broker_connection

logger = logging.getLogger(__name__)


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
    except Exception as exc:  # noqa: BLE001 - a health check reports any failure
        logger.warning("health check failed: %s", exc)
        return {
            "ok": False,
            "error": exc.__class__.__name__,
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
    result = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result["detail"] = detail
    return result


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _check_cache():
    backend = caches["default"]
    if hasattr(backend, "ping"):
        # Redis: asked directly (the cache itself turns failures into misses),
        # bounded by its socket timeouts, skipped while its breaker is open.
        backend.ping()
        return backend.__class__.__name__
    key = "health:probe"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    return backend.__class__.__name__


def _check_broker():
    if celery_app.conf.broker_url.startswith("memory://"):
        # No REDIS_URL: tasks run inside the web process.
        return "eager"
    # One try, bounded as when a task is queued.
    with broker_connection(celery_app) as conn:
        return conn.transport_cls


# Headers a reverse proxy adds: a request that carries one came through it,
# even when the proxy runs on this machine (REMOTE_ADDR 127.0.0.1).
FORWARDING_HEADERS = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "Forwarded")


def may_see_health_detail(request):
    """The backends and timings are for the operator: a request from this
    machine that no proxy forwarded, or one with `Authorization: Bearer
    <HEALTH_TOKEN>`. Everyone else learns only the status."""
    token = settings.HEALTH_TOKEN
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and constant_time_compare(given.strip(), token):
            return True
    headers = (*FORWARDING_HEADERS, settings.CLIENT_IP_HEADER or "X-Real-IP")
    if any(meta_key(header) in request.META for header in headers):
        return False
    address = client_ip(request)
    return bool(address) and ipaddress.ip_address(address).is_loopback


@never_cache
@require_safe
def health(request):
    checks = {
        "database": _timed(_check_database),
        "cache": _timed(_check_cache),
        "broker": _timed(_check_broker),
    }
    down = [name for name, check in checks.items() if not check["ok"]]
    body = {"status": "error" if down else "ok"}
    if may_see_health_detail(request):
        body.update(down=down, checks=checks)
    return JsonResponse(body, status=503 if down else 200)


@require_safe
def robots_txt(request):
    # The search is not disallowed: its results say `noindex` themselves,
    # which a crawler reads only where it may fetch the page.
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap lists one locale; this one lists every translation."""

    def items(self):
        root = self.get_wagtail_site().root_page
        paths = [
            translation.path for translation in root.get_translations(inclusive=True)
        ]
        query = Page.objects.none()
        for path in paths:
            query |= Page.objects.filter(path__startswith=path)
        return query.live().public().order_by("path").defer_streamfields().specific()


@require_safe
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": MultilingualSitemap(request)})
