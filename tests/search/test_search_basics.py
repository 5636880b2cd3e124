import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    ["égalité", "a" * 5000, "\x00nul", "<script>alert(1)</script>", "مرحبا", "😀", "%"],
)
def test_any_query_string_answers_200(client, site_tree, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_finds_a_page_of_the_current_language(client, site_tree):
    html = client.get("/recherche/", {"q": "Actualités"}).content.decode()
    assert 'href="/actualites/"' in html
    html = client.get("/en/recherche/", {"q": "News"}).content.decode()
    assert 'href="/en/news/"' in html
