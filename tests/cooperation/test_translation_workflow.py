"""Translating through the admin, as an editor does: « Traduire cette page »
makes a draft, a PO file goes out to a translator and comes back, and only
publishing the translation puts it online, slug translated."""

import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from tests.blog.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


ENGLISH = {
    "slug": "neighbours-party",
    "title": "Neighbours' party",
    "intro": "The whole street shares a meal.",
}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def news(site_tree):
    return NewsPageFactory(
        parent=site_tree["news"],
        title="Fête des voisins",
        slug="fete-des-voisins",
        intro="Toute la rue partage un repas.",
    )


def translate_through_admin(admin_client, page, on_commit, code="en"):
    locale = Locale.objects.get(language_code=code)
    # What wagtail-localize would publish waits for the commit: run it.
    with on_commit(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [locale.pk]},
        )
    assert response.status_code == 302
    return page.get_translation(locale)


def publish_through_admin(admin_client, page, on_commit):
    # wagtail-localize publishes once the request's transaction commits.
    with on_commit(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    page.refresh_from_db()
    return page


def test_translating_a_live_page_leaves_a_draft_until_published(
    admin_client, client, news, on_commit
):
    english = translate_through_admin(admin_client, news, on_commit)
    assert not english.live
    assert client.get(f"/en/news/{english.slug}/").status_code == 404
    # Meanwhile the English readers get the French page, marked.
    listing = client.get("/en/news/").content.decode()
    assert '<h2 class="card__title" lang="fr">' in listing
    assert "Fête des voisins" in listing

    english = publish_through_admin(admin_client, english, on_commit)
    assert english.live
    assert client.get(f"/en/news/{english.slug}/").status_code == 200


def test_synchronising_from_the_french_source_publishes_nothing(
    admin_client, client, news, on_commit
):
    english = publish_through_admin(
        admin_client, translate_through_admin(admin_client, news, on_commit), on_commit
    )
    news.title = "Grande fête des voisins"
    news.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(news)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    form = admin_client.get(url)
    assert form.status_code == 200
    assert b"publish_translations" not in form.content
    # Even when asked to, the update leaves the English page as it was.
    with on_commit(execute=True):
        response = admin_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.title == "Fête des voisins"
    assert not english.has_unpublished_changes
    source.refresh_from_db()
    assert source.get_source_instance().title == "Grande fête des voisins"


def test_po_file_round_trip_translates_the_page_and_its_slug(
    admin_client, client, news, on_commit
):
    english = translate_through_admin(admin_client, news, on_commit)
    translation = Translation.objects.get(
        source__object_id=news.translation_key, target_locale=english.locale
    )
    download = admin_client.get(
        reverse("wagtail_localize:download_pofile", args=[translation.pk])
    )
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    by_context = {entry.msgctxt: entry for entry in po}
    assert by_context["title"].msgid == "Fête des voisins"
    assert by_context["slug"].msgid == "fete-des-voisins"
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgctxt, f"[en] {entry.msgid}")

    upload = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": polib_file(po)},
    )
    assert upload.status_code == 302
    english.refresh_from_db()
    assert not english.live  # Uploading translates; it does not publish.

    english = publish_through_admin(admin_client, english, on_commit)
    assert english.slug == "neighbours-party"
    page = client.get("/en/news/neighbours-party/")
    assert page.status_code == 200
    assert "Neighbours&#x27; party" in page.content.decode()
    assert "The whole street shares a meal." in page.content.decode()


def polib_file(po):
    return SimpleUploadedFile(
        "translation.po", str(po).encode(), content_type="text/x-gettext-translation"
    )


def test_machine_translation_fills_the_strings_with_the_dummy_translator(
    admin_client, news, on_commit
):
    english = translate_through_admin(admin_client, news, on_commit)
    translation = Translation.objects.get(
        source__object_id=news.translation_key, target_locale=english.locale
    )
    response = admin_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
    )
    assert response.status_code == 302
    english = publish_through_admin(admin_client, english, on_commit)
    # The dummy translator reverses the words.
    assert english.title == "voisins des Fête"


def test_the_translation_screens_speak_french_of_languages(admin_client, news):
    submit = admin_client.get(
        reverse("wagtail_localize:submit_page_translation", args=[news.pk])
    ).content.decode()
    assert "Langues" in submit
    assert "Anglais" in submit and "Arabe" in submit
    assert "Région" not in submit and "English" not in submit
    catalogue = admin_client.get(
        reverse("wagtail_localize:javascript_catalog")
    ).content.decode()
    assert '"Publish in ": "Publier : "' in catalogue
    locales = admin_client.get(reverse("wagtaillocales:index")).content.decode()
    assert "Ajouter une langue" in locales
    assert "égion" not in locales


def test_a_category_translated_in_the_admin_names_the_french_news_filter(
    admin_client, client, site_tree, on_commit
):
    from blog.models import NewsCategory
    from tests.blog.factories import NewsCategoryFactory

    youth = NewsCategoryFactory(name="Jeunes du quartier", slug="jeunes-quartier")
    NewsPageFactory(
        parent=site_tree["news"], title="Fête des jeunes", categories=[youth]
    )
    english = Locale.objects.get(language_code="en")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["blog", "newscategory", youth.pk],
    )
    with on_commit(execute=True):
        assert admin_client.post(url, {"locales": [english.pk]}).status_code == 302
    translated = NewsCategory.objects.get(
        translation_key=youth.translation_key, locale=english
    )
    # The translator fills the PO file; the editor publishes the snippet.
    translation = Translation.objects.get(
        source__object_id=youth.translation_key, target_locale=english
    )
    po = polib.pofile(
        admin_client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        ).content.decode()
    )
    for entry in po:
        entry.msgstr = {"name": "Young people", "slug": "young-people"}[entry.msgctxt]
    admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": polib_file(po)},
    )
    edit = reverse("wagtailsnippets_blog_newscategory:edit", args=[translated.pk])
    with on_commit(execute=True):
        assert admin_client.post(edit, {"action": "publish"}).status_code == 302
    translated.refresh_from_db()
    assert translated.name == "Young people"

    listing = client.get("/en/news/")
    assert '<a href="?categorie=young-people">Young people</a>' in (
        listing.content.decode()
    )
    assert "Jeunes du quartier" not in listing.content.decode()
    filtered = client.get("/en/news/", {"categorie": "young-people"})
    assert [news.title for news in filtered.context["news_items"]] == [
        "Fête des jeunes"
    ]


def test_the_translation_screen_names_its_more_actions_button_in_french(
    admin_client, news, on_commit
):
    english = translate_through_admin(admin_client, news, on_commit)
    screen = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[english.pk])
    ).content.decode()
    assert 'class="js-translation-editor"' in screen
    assert re.search(
        r'<script src="[^"]*cooperation/admin/translation_screen\.js" '
        r'data-more-actions="Plus d&#x27;actions"></script>',
        screen,
    )
