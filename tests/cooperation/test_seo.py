import re

import pytest

pytestmark = pytest.mark.django_db


def head_of(response):
    return re.search(r"<head>.*</head>", response.content.decode(), re.S).group(0)


def test_page_has_canonical_hreflang_and_social_tags(client, site_tree):
    head = head_of(client.get("/actualites/"))
    assert '<link rel="canonical" href="http://localhost/actualites/">' in head
    assert 'hreflang="fr" href="http://localhost/actualites/"' in head
    assert 'hreflang="en" href="http://localhost/en/news/"' in head
    assert 'hreflang="x-default" href="http://localhost/actualites/"' in head
    assert '<meta property="og:title" content="Actualités">' in head
    assert 'name="twitter:card"' in head


def test_meta_description_comes_from_the_page(client, site_tree):
    home = site_tree["home"]
    home.search_description = "Trois maisons de quartier à Romans-sur-Isère."
    home.save_revision().publish()
    head = head_of(client.get("/"))
    assert (
        '<meta name="description" content="Trois maisons de quartier à '
        'Romans-sur-Isère.">' in head
    )


def test_unpublished_translation_is_not_an_alternate(client, site_tree):
    site_tree["translations"]["ar"].unpublish()
    head = head_of(client.get("/"))
    assert 'hreflang="ar"' not in head
    assert 'hreflang="en"' in head


SITE_DESCRIPTION = (
    '<meta name="description" content="La Coopération fédère les maisons de '
    "quartier de Romans-sur-Isère : actualités, agenda, projets et "
    'informations pratiques des centres.">'
)


def test_page_without_any_text_of_its_own_has_the_site_description(client, site_tree):
    news = site_tree["news"]
    news.intro = ""
    news.search_description = ""
    news.save_revision().publish()
    assert SITE_DESCRIPTION in head_of(client.get("/actualites/"))


def test_page_description_falls_back_on_its_chapeau(client, site_tree):
    news = site_tree["news"]
    news.intro = "Ce qui se passe dans les quartiers."
    news.search_description = ""
    news.save_revision().publish()
    head = head_of(client.get("/actualites/"))
    assert '<meta name="description" content="Ce qui se passe dans' in head


def test_search_results_are_not_indexed_but_the_search_page_is(client, site_tree):
    results = head_of(client.get("/recherche/?q=velo"))
    assert '<meta name="robots" content="noindex, follow">' in results
    assert SITE_DESCRIPTION in results
    form = head_of(client.get("/recherche/"))
    assert 'name="robots"' not in form
    assert SITE_DESCRIPTION in form


def test_robots_txt_lets_crawlers_read_the_search_pages_noindex(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "recherche" not in text
