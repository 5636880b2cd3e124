"""The page cache (cooperation/page_cache.py): anonymous pages kept in Redis,
replayed without SQL, keyed by host, language and address, forgotten when
content changes, and never kept for editors, previews, forms or messages."""

import datetime
import re

import pytest
import redis.exceptions
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone

from blog.models import NewsPage
from cooperation import page_cache
from cooperation.models import SiteSettings
from newsletter.models import Subscriber
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import StandardPageFactory
from tests.newsletter.factories import make_default_lists

HEADER = "X-Page-Cache"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_NOT_FOUND_SECONDS = 60
    settings.PAGE_CACHE_SHORT_SECONDS = 60


@pytest.fixture
def tree(site_tree):
    news = NewsPageFactory(parent=site_tree["news"], title="Fête du jardin partagé")
    page = StandardPageFactory(parent=site_tree["home"], title="Qui sommes-nous")
    return {**site_tree, "news_item": news, "page": page}


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """Run what a publication does once its transaction commits."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_second_anonymous_visit_is_a_hit_without_sql(
    client, tree, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second[HEADER] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    assert second["Content-Type"] == first["Content-Type"]


def test_head_shares_the_get_entry(client, tree, django_assert_num_queries):
    head = client.head(tree["page"].url)
    assert head.status_code == 200
    assert head[HEADER] == "miss"
    assert head.content == b""
    with django_assert_num_queries(0):
        get = client.get(tree["page"].url)
    assert get[HEADER] == "hit"
    assert b"Qui sommes-nous" in get.content
    with django_assert_num_queries(0):
        assert client.head(tree["page"].url)[HEADER] == "hit"


def test_each_language_has_its_own_entry(client, tree):
    pages = {}
    for path in ("/", "/en/", "/ar/"):
        response = client.get(path)
        assert response[HEADER] == "miss", path
        pages[path] = response.content
    for path in ("/", "/en/", "/ar/"):
        response = client.get(path)
        assert response[HEADER] == "hit", path
        assert response.content == pages[path]
    assert b'lang="ar"' in pages["/ar/"]
    assert b'lang="en"' in pages["/en/"]


def test_each_host_and_port_has_its_own_entry(client, tree):
    assert client.get("/", HTTP_HOST="localhost")[HEADER] == "miss"
    assert client.get("/", HTTP_HOST="localhost")[HEADER] == "hit"
    assert client.get("/", HTTP_HOST="localhost:8000")[HEADER] == "miss"
    assert client.get("/", HTTP_HOST="127.0.0.1")[HEADER] == "miss"
    assert client.get("/", HTTP_HOST="127.0.0.1")[HEADER] == "hit"


def test_the_query_string_is_part_of_the_key_in_any_order(client, tree):
    url = tree["news"].url
    assert client.get(f"{url}?page=1&categorie=x")[HEADER] == "miss"
    assert client.get(f"{url}?categorie=x&page=1")[HEADER] == "hit"
    assert client.get(f"{url}?categorie=y&page=1")[HEADER] == "miss"
    assert client.get(url)[HEADER] == "miss"


def test_search_results_are_cached_per_query(client, tree):
    assert client.get("/recherche/?q=jardin")[HEADER] == "miss"
    assert client.get("/recherche/?q=jardin")[HEADER] == "hit"
    assert client.get("/recherche/?q=potager")[HEADER] == "miss"


def test_a_very_long_query_string_is_rendered_and_not_kept(client, tree):
    response = client.get("/recherche/", {"q": "jardin " * 200})
    assert response.status_code == 200
    assert HEADER not in response
    assert "private" in response["Cache-Control"]


def test_not_found_is_kept_briefly(client, tree, django_assert_num_queries):
    first = client.get("/nulle-part/")
    assert first.status_code == 404
    assert first[HEADER] == "miss"
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60"
    with django_assert_num_queries(0):
        second = client.get("/nulle-part/")
    assert second.status_code == 404
    assert second[HEADER] == "hit"


# Purge ----------------------------------------------------------------------


def test_publishing_the_page_shows_its_new_version(client, tree, published):
    home = tree["home"]
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/")[HEADER] == "hit"
    home.hero_title = "Un nouveau titre pour l'accueil"
    published(lambda: home.save_revision().publish())
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert "Un nouveau titre pour l’accueil" in response.content.decode()


def test_publishing_a_news_item_updates_the_home_page_that_lists_it(
    client, tree, published
):
    assert "Kermesse de printemps" not in client.get("/").content.decode()
    assert client.get("/")[HEADER] == "hit"
    draft = NewsPageFactory.build(title="Kermesse de printemps", live=False)
    tree["news"].add_child(instance=draft)
    published(lambda: draft.save_revision().publish())
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert "Kermesse de printemps" in response.content.decode()


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_unpublishing_or_deleting_removes_the_page_from_the_cache(
    client, tree, published, action
):
    page = tree["page"]
    url = page.url
    assert client.get(url).status_code == 200
    assert client.get(url)[HEADER] == "hit"
    published(getattr(page, action))
    assert client.get(url).status_code == 404


def test_moving_a_page_purges_its_old_address(client, tree, published):
    page = tree["page"]
    old_url = page.url
    assert client.get(old_url).status_code == 200
    assert client.get(old_url)[HEADER] == "hit"
    published(lambda: page.move(tree["news"], pos="last-child"))
    page.refresh_from_db()
    # Wagtail's redirect to the new address, not the cached old page.
    assert client.get(old_url).status_code == 301
    assert client.get(page.url).status_code == 200


def test_scheduled_publication_purges_like_a_publication(client, tree, published):
    draft = NewsPageFactory.build(title="Repas de quartier", live=False)
    tree["news"].add_child(instance=draft)
    revision = draft.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    assert "Repas de quartier" not in client.get("/").content.decode()
    assert client.get("/")[HEADER] == "hit"
    published(lambda: call_command("publish_scheduled"))
    assert NewsPage.objects.get(pk=draft.pk).live
    response = client.get("/")
    assert response[HEADER] == "miss"
    assert "Repas de quartier" in response.content.decode()


def test_saving_a_category_or_the_site_settings_purges(client, tree, published):
    url = tree["news"].url
    client.get(url)
    assert client.get(url)[HEADER] == "hit"
    published(NewsCategoryFactory)
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    published(lambda: SiteSettings.for_site(tree["home"].get_site()).save())
    assert client.get(url)[HEADER] == "miss"


def test_a_draft_save_does_not_purge(client, tree, published):
    client.get("/")
    tree["page"].title = "Brouillon"
    published(lambda: tree["page"].save_revision())
    assert client.get("/")[HEADER] == "hit"


def test_a_purge_waits_for_the_commit(tree):
    """A page rendered during the publishing transaction read the old
    content: the generation changes only once it is committed."""
    before = page_cache._key(_request("/"))
    page_cache.purge()  # inside the test's transaction: not committed
    assert page_cache._key(_request("/")) == before


# Never cached --------------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "cache-editor", "cache-editor@example.org", "motdepasse"
    )


def test_a_signed_in_editor_is_never_served_nor_stored(client, tree, editor):
    assert client.get("/")[HEADER] == "miss"
    client.force_login(editor)
    response = client.get("/")
    assert HEADER not in response
    assert "private" in response["Cache-Control"]
    # What the editor saw (the user bar) was not kept for the next visitor.
    anonymous = Client().get("/")
    assert anonymous[HEADER] == "hit"
    assert b"wagtail-userbar" not in anonymous.content


def test_a_preview_is_never_cached(client, tree, editor):
    page = tree["page"]
    page.title = "Titre encore en brouillon"
    page.save_revision()
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert preview.status_code == 200
    assert HEADER not in preview
    response = Client().get(page.url)
    assert "Titre encore en brouillon" not in response.content.decode()


def test_post_is_never_cached(client, tree):
    assert HEADER not in client.post(tree["page"].url)
    assert client.get(tree["page"].url)[HEADER] == "miss"


def test_a_visitor_with_messages_is_not_served_from_the_cache(client, tree):
    client.get("/")
    client.cookies["messages"] = "anything"
    assert HEADER not in client.get("/")


def test_newsletter_and_admin_addresses_are_never_cached(client, tree):
    for path in ("/newsletter/inscription/", "/en/newsletter/inscription/merci/"):
        assert HEADER not in client.get(path), path
    assert HEADER not in client.get("/admin/login/")


def _request(path, **extra):
    request = RequestFactory().get(path, **extra)
    request.LANGUAGE_CODE = "fr"
    return request


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(lambda r: HttpResponse("oups", status=500), id="server-error"),
        pytest.param(lambda r: HttpResponse(status=302), id="redirect"),
        pytest.param(
            lambda r: HttpResponse(headers={"Cache-Control": "private"}), id="private"
        ),
        pytest.param(
            lambda r: HttpResponse(headers={"Cache-Control": "no-cache"}),
            id="no-cache",
        ),
        pytest.param(lambda r: _with_cookie(HttpResponse()), id="sets-a-cookie"),
        pytest.param(lambda r: _with_token(r), id="csrf-token"),
        pytest.param(lambda r: _with_message(r), id="message"),
        pytest.param(lambda r: _preview(r), id="preview"),
    ],
)
def test_answers_that_must_not_be_kept(view, db):
    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(_request("/une-page/"))
        assert HEADER not in response
    assert "public" not in response.get("Cache-Control", "")


def _with_cookie(response):
    response.set_cookie("choix", "1")
    return response


def _with_token(request):
    return HttpResponse(f"<input value='{get_token(request)}'>")


def _with_message(request):
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "Merci !")
    return HttpResponse("Merci")


def _preview(request):
    request.is_preview = True
    return HttpResponse("Aperçu")


# Failures and forms --------------------------------------------------------


class BrokenCache:
    """A cache whose server is gone."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Connection refused")

        return fail


def test_a_cache_that_fails_means_rendering(client, tree, monkeypatch, published):
    monkeypatch.setattr(page_cache, "cache", BrokenCache())
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert response[HEADER] == "miss"
    published(page_cache.purge)  # logged, not raised


def test_sign_up_from_a_cached_page_works(tree):
    make_default_lists()
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")
    page = browser.get("/")
    assert page[HEADER] == "hit"
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html
    form = re.search(r'<form class="newsletter-form[^>]*action="([^"]+)"', html)
    assert form is not None
    response = browser.post(
        form.group(1),
        {"email": "voisine@example.fr", "consent": "on", "website": "", "source": "/"},
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="voisine@example.fr").exists()


def test_a_new_release_of_the_code_never_serves_the_former_pages(
    client, tree, monkeypatch
):
    assert client.get("/")[HEADER] == "miss"
    assert client.get("/")[HEADER] == "hit"
    monkeypatch.setattr(page_cache, "code_release", lambda: "release-suivante")
    assert client.get("/")[HEADER] == "miss"


def test_an_address_with_a_query_string_is_kept_briefly_by_nginx(client, tree):
    """nginx's purge reaches addresses one by one, never ?page=2: such an
    address is kept there half a minute, and here as long as any page (a
    change forgets every entry of this cache)."""
    response = client.get("/?page=2")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=30"
    assert client.get("/?page=2")[HEADER] == "hit"
    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=300"
