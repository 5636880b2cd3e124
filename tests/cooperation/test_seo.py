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
