"""Pictures are served in WebP at the sizes they are shown, with their
width and height (no shift while they load)."""

import re

import pytest

from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def img_tags(response):
    return re.findall(r"<img [^>]*>", response.content.decode())


def attributes(tag):
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


def test_lead_image_and_card_are_webp_with_a_srcset_and_their_size(client, site_tree):
    image = ImageFactory(file__width=1600, file__height=1000)
    news = NewsPageFactory(parent=site_tree["news"], image=image)

    lead = attributes(img_tags(client.get(news.url))[0])
    assert lead["src"].endswith(".format-webp.webp")
    assert [part.split()[1] for part in lead["srcset"].split(", ")] == [
        "1200w",
        "600w",
    ]
    assert all(".format-webp.webp " in part for part in lead["srcset"].split(", "))
    assert (lead["width"], lead["height"]) == ("1200", "750")
    assert lead["sizes"]
    assert lead["fetchpriority"] == "high"

    card = attributes(
        next(
            tag
            for tag in img_tags(client.get(site_tree["news"].url))
            if "card__image" in tag
        )
    )
    assert card["src"].endswith("fill-640x400.format-webp.webp")
    assert card["srcset"].split(", ")[1].endswith("fill-320x200.format-webp.webp 320w")
    assert (card["width"], card["height"]) == ("640", "400")
    assert card["sizes"] and card["loading"] == "lazy"


def test_a_small_original_gives_one_width_only(client, site_tree):
    """Both lead renditions of a 500 px wide image are 500 px wide: a
    srcset must not name one width twice."""
    image = ImageFactory(file__width=500, file__height=300)
    news = NewsPageFactory(parent=site_tree["news"], image=image)
    lead = attributes(img_tags(client.get(news.url))[0])
    assert lead["src"].endswith(".format-webp.webp")
    assert "srcset" not in lead and "sizes" not in lead
    assert (lead["width"], lead["height"]) == ("500", "300")


def test_link_previews_keep_a_jpeg_image(client, site_tree):
    news = NewsPageFactory(parent=site_tree["news"], image=ImageFactory())
    head = client.get(news.url).content.decode().split("</head>")[0]
    image = re.search(r'<meta property="og:image" content="([^"]+)"', head)[1]
    assert not image.endswith(".webp")
