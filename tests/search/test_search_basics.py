import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["égalité", "a" * 5000, "\x00nul", "<script>alert(1)</script>", "مرحبا", "😀", "%"],
)
def test_any_query_string_answers_200(client, site_tree, query):
    response = client.get("/recherche/", {"q": query})
    # A NUL byte is refused before the view (cooperation/middleware.py); the
    # view alone answers it too (tests/cooperation/test_hostile_requests.py).
    assert response.status_code == (400 if "\x00" in query else 200)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_finds_a_page_of_the_current_language(client, site_tree):
    html = client.get("/recherche/", {"q": "Actualités"}).content.decode()
    assert 'href="/actualites/"' in html
    html = client.get("/en/recherche/", {"q": "News"}).content.decode()
    assert 'href="/en/news/"' in html


def _standard_page(site_tree, title, intro):
    page = StandardPage(title=title, slug=title.lower().replace(" ", "-"))
    page.intro = f"<p>{intro}</p>"
    site_tree["home"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_ignores_accents_and_case_on_postgresql(client, site_tree):
    _standard_page(site_tree, "Charte", "Égalité entre les habitants du quartier.")
    html = client.get("/recherche/", {"q": "EGALITE"}).content.decode()
    assert 'href="/charte/"' in html


def test_search_uses_french_stemming_on_postgresql(client, site_tree):
    _standard_page(site_tree, "Cuisine mobile", "La conserverie solidaire.")
    html = client.get("/recherche/", {"q": "conserveries"}).content.decode()
    assert 'href="/cuisine-mobile/"' in html
