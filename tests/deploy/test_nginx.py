"""The shipped nginx configuration (deploy/nginx/), run by Debian's nginx on
127.0.0.1 in front of gunicorn on the test database: static files and media
served by nginx with their headers, anonymous pages cached, an editor's
requests never cached, and publishing a page purging it."""

import gzip
import hashlib

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site

from cooperation.sites import point_site_at
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.deploy.servers import running_gunicorn, running_nginx
from tests.factories import ImageFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CSS = settings.BASE_DIR / "cooperation" / "static" / "css"


@pytest.fixture
def static_root(tmp_path):
    """A collectstatic output in little: one file under its hashed name (as
    ManifestStaticFilesStorage writes it) and under its plain name, each with
    its compressed copy (as whitenoise's storage adds them)."""
    root = tmp_path / "static"
    source = CSS / "site.css"
    content = source.read_bytes()
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest()[:12]
    target = root / "css"
    target.mkdir(parents=True)
    for name in (f"{source.stem}.{digest}.css", source.name):
        (target / name).write_bytes(content)
        (target / f"{name}.gz").write_bytes(gzip.compress(content))
    return {
        "root": root,
        "hashed": f"/static/css/{source.stem}.{digest}.css",
        "plain": f"/static/css/{source.name}",
        "content": content,
    }


@pytest.fixture
def stack(tmp_path, static_root, site_tree):
    with (
        running_gunicorn(tmp_path) as upstream,
        running_nginx(
            tmp_path, upstream, static_root["root"], settings.MEDIA_ROOT
        ) as nginx,
    ):
        # The Site names nginx's address: the purge's Host is the cache key's.
        point_site_at(Site.objects.get(is_default_site=True), nginx["url"])
        yield nginx


def get(url, **headers):
    return requests.get(url, headers=headers, timeout=10)


def test_static_files_and_media_are_served_by_nginx_with_their_headers(
    stack, static_root
):
    response = get(stack["url"] + static_root["hashed"], **{"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.content == static_root["content"]  # requests inflates it
    raw = requests.get(
        stack["url"] + static_root["hashed"],
        headers={"Accept-Encoding": "gzip"},
        stream=True,
        timeout=10,
    ).raw.read()
    assert gzip.decompress(raw) == static_root["content"]
    # A name without its fingerprint may change: a day only.
    plain = get(stack["url"] + static_root["plain"])
    assert plain.headers["Cache-Control"] == "public, max-age=86400"
    # gunicorn never saw them.
    assert "/static/" not in (stack["log"].parent.parent / "gunicorn.log").read_text()

    # Images and renditions from MEDIA_ROOT; documents only through Wagtail.
    image = ImageFactory()
    rendition = image.get_rendition("width-100")
    for stored in (image.file, rendition.file):
        response = get(stack["url"] + stored.url)
        assert response.status_code == 200, stored.url
        assert response.headers["Content-Type"].startswith("image/")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.content == (settings.MEDIA_ROOT / stored.name).read_bytes()
    assert get(stack["url"] + "/media/documents/x.pdf").status_code == 404

    # The purge server: a page that is not in the cache is no error.
    response = requests.request(
        "PURGE", stack["purge_url"] + "/nothing-cached/", timeout=10
    )
    assert response.status_code == 204


def test_public_page_cached_editor_not_cached_and_publishing_purges(
    stack, site_tree, settings
):
    news = NewsPageFactory(parent=site_tree["news"], slug="fete", title="La fête")
    page_url = stack["url"] + "/actualites/fete/"

    first, second = get(page_url), get(page_url)
    assert first.status_code == second.status_code == 200
    # nginx never stores a response that sets a cookie: an anonymous page
    # must not (the sign-up form carries no CSRF token).
    assert "Set-Cookie" not in first.headers, first.headers["Set-Cookie"]
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == (
        "MISS",
        "HIT",
    ), first.headers
    assert "La fête" in second.text
    assert get(stack["url"] + "/actualites/").headers["X-Cache-Status"] == "MISS"
    assert get(stack["url"] + "/actualites/").headers["X-Cache-Status"] == "HIT"

    # An editor: Wagtail's user bar, straight from Django, and not stored.
    editor = get_user_model().objects.create_superuser("redaction", "r@example.org")
    browser = Client()
    browser.force_login(editor)
    cookie = f"theme=clair; sessionid={browser.cookies['sessionid'].value}"
    for _ in range(2):
        as_editor = get(page_url, Cookie=cookie)
        assert as_editor.headers["X-Cache-Status"] == "BYPASS"
        assert "wagtail-userbar" in as_editor.text
    anonymous = get(page_url)
    assert anonymous.headers["X-Cache-Status"] == "HIT"
    assert "wagtail-userbar" not in anonymous.text
    # Nor a visitor with a CSRF cookie (a page may carry a token made from it).
    assert get(page_url, Cookie="csrftoken=" + "a" * 32).headers["X-Cache-Status"] == (
        "BYPASS"
    )
    # A POST is never answered from the cache.
    posted = requests.post(page_url, timeout=10)
    assert posted.status_code == 403  # Django's CSRF check, not a cached page
    assert "X-Cache-Status" not in posted.headers
    assert get(page_url).headers["X-Cache-Status"] == "HIT"

    # Publishing sends PURGE for the page, its section and the home pages.
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "cooperation.frontend_purge.TimeoutHTTPBackend",
            "LOCATION": stack["purge_url"],
        }
    }
    news.title = "La grande fête"
    news.save_revision().publish()
    after = get(page_url)
    assert after.headers["X-Cache-Status"] == "MISS"
    assert "La grande fête" in after.text
    listing = get(stack["url"] + "/actualites/")
    assert listing.headers["X-Cache-Status"] == "MISS"
    assert "La grande fête" in listing.text

    # A category (a snippet the pages show) purges every page.
    assert get(page_url).headers["X-Cache-Status"] == "HIT"
    NewsCategoryFactory(name="Jardinage")
    assert get(page_url).headers["X-Cache-Status"] == "MISS"
    assert get(stack["url"] + "/actualites/").headers["X-Cache-Status"] == "MISS"


def test_a_page_is_compressed_once_kept_compressed_and_inflated_on_demand(
    stack, site_tree
):
    NewsPageFactory(parent=site_tree["news"], slug="fete", title="La fête")
    page_url = stack["url"] + "/actualites/fete/"

    def raw(accept):
        response = requests.get(
            page_url, headers={"Accept-Encoding": accept}, stream=True, timeout=10
        )
        return response, response.raw.read()

    first, compressed = raw("gzip")
    second, again = raw("gzip")
    assert (first.headers["X-Cache-Status"], second.headers["X-Cache-Status"]) == (
        "MISS",
        "HIT",
    )
    assert second.headers["Content-Encoding"] == "gzip"
    assert again == compressed
    html = gzip.decompress(again)
    assert "La fête" in html.decode()
    # The cache holds the compressed bytes: a hit sends them as they are,
    # nothing is compressed again.
    (stored,) = [path for path in stack["cache"].rglob("*") if path.is_file()]
    assert stored.read_bytes().endswith(compressed)
    # A client that does not take gzip: the same page, inflated, from the
    # same entry.
    plain, body = raw("identity")
    assert plain.headers["X-Cache-Status"] == "HIT"
    assert "Content-Encoding" not in plain.headers
    assert body == html
    for response in (second, plain):
        assert "Accept-Encoding" in response.headers["Vary"]
        # Django's security headers are kept with the page.
        assert "frame-ancestors" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
