"""Each page has one summary (« Résumé », Wagtail's search description) and
one listing image, used by cards, the meta description and link previews,
with the page's own chapeau and main image as fallbacks."""

import re

import pytest
from wagtail.rich_text import RichText

from home.models import StandardPage
from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def head_of(response):
    return re.search(r"<head>.*</head>", response.content.decode(), re.S).group(0)


def test_summary_is_the_resume_else_the_chapeau(site_tree):
    news = NewsPageFactory(parent=site_tree["news"], intro="Le chapeau.")
    assert news.card_summary == "Le chapeau."
    news.search_description = "Le résumé."
    assert news.card_summary == news.meta_description == "Le résumé."


def test_summary_falls_back_on_the_first_paragraph(site_tree):
    page = StandardPageFactory(
        parent=site_tree["home"],
        intro="",
        body=[
            ("heading", {"text": "Qui sommes-nous", "level": "h2"}),
            ("paragraph", RichText("<p>Trois maisons &amp; un <b>projet</b>.</p>")),
        ],
    )
    assert page.card_summary == "Trois maisons & un projet."
    page.intro = "<p>L'<i>introduction</i> d'abord.</p>"
    assert page.card_summary == "L'introduction d'abord."


def test_meta_and_sharing_descriptions_are_the_summary(client, site_tree):
    NewsPageFactory(parent=site_tree["news"], slug="fete", intro="La fête du quartier.")
    head = head_of(client.get("/actualites/fete/"))
    assert '<meta name="description" content="La fête du quartier.">' in head
    assert '<meta property="og:description" content="La fête du quartier.">' in head
    assert '<meta name="twitter:description" content="La fête du quartier.">' in head


def test_one_image_for_cards_and_sharing_with_the_main_image_as_fallback(
    client, site_tree
):
    main, chosen = ImageFactory(), ImageFactory()
    news = NewsPageFactory(parent=site_tree["news"], slug="jardin", image=main)
    assert news.card_image == news.share_image == main
    assert 'property="og:image"' in head_of(client.get("/actualites/jardin/"))
    news.listing_image = chosen
    assert news.card_image == news.share_image == chosen


def test_a_page_without_main_image_shares_its_first_content_image(site_tree):
    picture = ImageFactory()
    page = StandardPageFactory(
        parent=site_tree["home"],
        body=[("image", {"image": picture, "caption": ""})],
    )
    page = StandardPage.objects.get(pk=page.pk)
    assert page.card_image is None
    assert page.share_image == picture


def test_promote_tab_has_one_summary_and_one_image(admin_client, site_tree):
    response = admin_client.get(f"/admin/pages/{site_tree['news'].pk}/edit/")
    html = response.content.decode()
    assert 'name="search_description"' in html
    assert 'name="listing_image"' in html
    for gone in ("listing_summary", "social_text", "social_image"):
        assert f'name="{gone}"' not in html
    assert "Résumé" in html
