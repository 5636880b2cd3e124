"""A page sent for translation takes its images' alternative texts with it:
they are submitted to wagtail-localize in the same languages, so that the
translator finds them on the translations dashboard (and in its PO files)
beside the page. Until translated they hold the French text, which readers
get marked lang="fr" (`images.models.translated_alt_texts`)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from wagtail.models import Page, ReferenceIndex
from wagtail_localize.models import Translation
from wagtail_localize.operations import TranslationCreator

from cooperation.site_cache import changes_the_site

from .models import AltText, CustomImage


def page_images(page):
    """The ids of the images `page` uses (fields, blocks, rich text), from
    Wagtail's reference index."""
    return {
        int(pk)
        for pk in ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=ContentType.objects.get_for_model(CustomImage))
        .values_list("to_object_id", flat=True)
    }


def translate_alt_texts_with_page(sender, instance, created, **kwargs):
    if not created:
        return
    source = instance.source
    model = source.specific_content_type.model_class()
    if model is None or not issubclass(model, Page):
        return
    page = source.get_source_instance()
    target = instance.target_locale
    creator = TranslationCreator(None, [target])
    for alt_text in AltText.objects.filter(
        locale_id=source.locale_id, image_id__in=page_images(page)
    ).exclude(text=""):
        if not alt_text.has_translation(target):
            creator.create_translations(alt_text)


def connect():
    post_save.connect(
        translate_alt_texts_with_page,
        sender=Translation,
        dispatch_uid="images_alt_texts_with_page",
    )
    # The site cache keeps pages with their images and card renditions (the
    # home page's hero, focus items and sections): an image edited (a new
    # file deletes its renditions, a new focal point or description) or
    # deleted changes the site, as a page does.
    changes_the_site(CustomImage)
