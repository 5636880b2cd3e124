"""An image's alternative text in the reader's language: written in French
on the image, translated as an `AltText` snippet with wagtail-localize,
shown in French marked lang="fr" until translated; read once per request."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from cooperation.templatetags.image_tags import card_image
from images.alt_texts import remembered
from images.models import AltText, reader_alt_text
from tests.factories import ImageFactory, french

pytestmark = pytest.mark.django_db

FRENCH = "Des enfants arrosent le jardin"
ENGLISH = "Children watering the garden"


def english(image, text=ENGLISH):
    """The English alternative text of `image`, as wagtail-localize makes it
    (a copy of the French row, same translation key)."""
    source = image.alt_texts.get(locale=french())
    translated = source.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0]
    )
    translated.text = text
    translated.save()
    return translated


def test_the_image_description_is_the_french_alt_text_and_back():
    image = ImageFactory(description=FRENCH)
    source = AltText.objects.get(image=image)
    assert (source.locale, source.text) == (french(), FRENCH)

    image.description = "Un jardin en été"
    image.save()
    source.refresh_from_db()
    assert source.text == "Un jardin en été"

    # Edited as a snippet, the French text is the image's description again.
    source.text = "Le jardin de l'espace Chopin"
    source.save()
    image.refresh_from_db()
    assert image.description == "Le jardin de l'espace Chopin"


def test_reader_gets_the_translation_else_french_marked():
    image = ImageFactory(description=FRENCH)
    with translation.override("fr"):
        assert reader_alt_text(image) == (FRENCH, None)
    with translation.override("en"):
        assert reader_alt_text(image) == (FRENCH, "fr")
    translated = english(image, text=FRENCH)  # wagtail-localize's first copy
    with translation.override("en"):
        assert reader_alt_text(image) == (FRENCH, "fr")
    translated.text = ENGLISH
    translated.save()
    with translation.override("en"):
        assert reader_alt_text(image) == (ENGLISH, None)
        assert image.default_alt_text == ENGLISH
    with translation.override("ar"):
        assert reader_alt_text(image) == (FRENCH, "fr")
    with translation.override("fr"):
        assert image.default_alt_text == FRENCH


def test_a_decorative_image_stays_decorative_in_every_language():
    image = ImageFactory(description="")
    english(image, text="Something")
    with translation.override("en"):
        assert reader_alt_text(image) == ("", None)


def test_card_image_says_the_readers_text():
    described, untranslated = ImageFactory(), ImageFactory()
    english(described)
    with translation.override("en"):
        html = card_image(described)
        assert f'alt="{ENGLISH}"' in html and "lang=" not in html
        html = card_image(untranslated)
        assert f'alt="{untranslated.description}"' in html and 'lang="fr"' in html


def test_rich_text_images_follow_the_reader_unless_the_editor_wrote_their_own():
    image = ImageFactory(description=FRENCH)
    english(image)
    embed = '<embed embedtype="image" id="{}" format="fullwidth" alt="{}"/>'
    with translation.override("en"):
        html = expand_db_html(embed.format(image.pk, FRENCH))
        assert f'alt="{ENGLISH}"' in html and "lang=" not in html
        html = expand_db_html(embed.format(image.pk, "Mon texte à moi"))
        assert 'alt="Mon texte à moi"' in html
    AltText.objects.filter(locale__language_code="en").delete()
    with translation.override("en"):
        html = expand_db_html(embed.format(image.pk, FRENCH))
        assert f'alt="{FRENCH}"' in html and 'lang="fr"' in html


def test_one_query_for_every_image_of_a_request():
    images = [ImageFactory() for _ in range(4)]
    for image in images[:2]:
        english(image)
    with (
        translation.override("en"),
        remembered(),
        CaptureQueriesContext(connection) as queries,
    ):
        shown = [image.default_alt_text for image in images]
        marks = [image.alt_language for image in images]
    assert len(queries) == 1
    assert shown[:2] == [ENGLISH, ENGLISH] and marks == [None, None, "fr", "fr"]


def test_a_page_in_english_shows_the_english_alt_text(site_tree, client):
    image = ImageFactory(description=FRENCH)
    english(image)
    home = site_tree["translations"]["en"]
    home.hero_image = image
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert f'alt="{ENGLISH}"' in html
    assert f'<meta property="og:image:alt" content="{ENGLISH}">' in html

    other = ImageFactory(description="Trois maisons")
    home.hero_image = other
    home.save_revision().publish()
    html = client.get("/en/").content.decode()
    assert 'alt="Trois maisons"' in html and 'lang="fr"' in html


def test_the_migration_gives_every_image_its_french_alt_text():
    image = ImageFactory(description=FRENCH)
    AltText.objects.all().delete()
    migration = importlib.import_module("images.migrations.0005_alt_text_per_language")
    migration.french_alt_texts(apps, None)
    migration.french_alt_texts(apps, None)  # twice: nothing doubled
    assert list(AltText.objects.values_list("image", "locale", "text")) == [
        (image.pk, french().pk, FRENCH)
    ]


def test_translating_a_page_submits_its_images_alt_texts(site_tree):
    """As « Traduire cette page » does: the page's images' alternative texts
    go to wagtail-localize in the same language, French until translated."""
    from wagtail_localize.models import Translation, TranslationSource
    from wagtail_localize.operations import TranslationCreator

    from tests.factories import StandardPageFactory

    image = ImageFactory(description=FRENCH)
    decorative = ImageFactory(description="")
    page = StandardPageFactory(parent=site_tree["home"], listing_image=decorative)
    page.listing_image = image
    page.save_revision().publish()
    english_locale = Locale.objects.get(language_code="en")
    TranslationCreator(None, [english_locale]).create_translations(page)

    source = TranslationSource.objects.get_for_instance(
        image.alt_texts.get(locale=french())
    )
    assert Translation.objects.filter(
        source=source, target_locale=english_locale
    ).exists()
    assert image.alt_texts.get(locale=english_locale).text == FRENCH
    assert not decorative.alt_texts.filter(locale=english_locale).exists()
    with translation.override("en"):
        assert reader_alt_text(image) == (FRENCH, "fr")


def test_translators_find_the_alt_texts_in_the_admin(admin_client):
    image = ImageFactory(description=FRENCH)
    english(image)
    response = admin_client.get("/admin/snippets/images/alttext/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Textes alternatifs" in html and FRENCH in html
