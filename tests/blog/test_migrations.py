"""The listing summary, the sharing text and the sharing image move into the
one summary and image of a page (blog 0005), in the page and in its draft
revisions; going back keeps the values where they were moved."""

import pytest
from wagtail.models import Revision

from blog.models import NewsPage
from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory, NewsIndexPageFactory, french, tree_root
from tests.helpers import migrate, migrate_to_latest

BEFORE = [("blog", "0004_vocabulary_slug_constraint")]
AFTER = [("blog", "0007_news_date_from_publication")]


@pytest.mark.django_db(transaction=True)
def test_summaries_and_images_move_into_the_one_summary_and_image():
    # A transactional test before this one may have flushed the locales.
    locale = french()
    section = NewsIndexPageFactory(parent=tree_root(), locale=locale)
    listed = NewsPageFactory(parent=section, search_description="")
    shared = NewsPageFactory(parent=section, search_description="")
    described = NewsPageFactory(parent=section, search_description="Déjà là.")
    for page in (listed, shared, described):
        page.save_revision()
    picture = ImageFactory()
    try:
        old = migrate(BEFORE, "blog.NewsPage")
        old.objects.filter(pk=listed.pk).update(
            listing_summary="Pour la liste.", social_text="Pour partager."
        )
        old.objects.filter(pk=shared.pk).update(
            social_text="Pour partager.", social_image_id=picture.pk
        )
        old.objects.filter(pk=described.pk).update(listing_summary="Autre chose.")
        revision = Revision.objects.get(pk=listed.latest_revision_id)
        revision.content.update(
            listing_summary="Brouillon de liste.", social_image=picture.pk
        )
        revision.save()

        migrate(AFTER, "blog.NewsPage")
        assert NewsPage.objects.get(pk=listed.pk).search_description == (
            "Pour la liste."
        )
        page = NewsPage.objects.get(pk=shared.pk)
        assert (page.search_description, page.listing_image_id) == (
            "Pour partager.",
            picture.pk,
        )
        assert NewsPage.objects.get(pk=described.pk).search_description == ("Déjà là.")
        content = Revision.objects.get(pk=listed.latest_revision_id).content
        assert content["search_description"] == "Brouillon de liste."
        assert content["listing_image"] == picture.pk
        assert "listing_summary" not in content

        old = migrate(BEFORE, "blog.NewsPage")
        assert old.objects.get(pk=shared.pk).search_description == "Pour partager."
    finally:
        # The rest of the run needs the schema as it is now: every app's
        # latest migration, those that depend on this app's included.
        migrate_to_latest()
