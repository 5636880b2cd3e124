"""The demo in English and Arabic, through wagtail-localize.

The translated texts live in `data/translations/<code>.json`, keyed by the
French source text, as a translation memory: each string segment of a page
or snippet finds its translation there. The translations are ordinary
wagtail-localize translations, so editors keep updating them in the admin.
"""

import html

from django.apps import apps
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from cooperation.models import SiteSettings, Vocabulary
from images.models import AltText, CustomImage
from newsletter.models import MailingList

from .content import DATA_DIR, load_data


def load_translations():
    """{language code: {French text: translation}} for every file in
    `data/translations/`."""
    return {
        path.stem: load_data(f"translations/{path.name}")
        for path in sorted((DATA_DIR / "translations").glob("*.json"))
    }


def source_text(segment):
    """The French text of a string segment, as the data files spell it."""
    return html.unescape(segment.string.data)


def untranslated(instance, locale):
    """The French texts of `instance` that have no translation into `locale`
    (empty when the translation is complete)."""
    source = TranslationSource.objects.get_for_instance(instance)
    segments = StringSegment.objects.filter(source=source).select_related("string")
    translated = set(
        StringTranslation.objects.filter(
            translation_of__in=[segment.string for segment in segments],
            locale=locale,
        ).values_list("translation_of_id", "context_id")
    )
    return sorted(
        source_text(segment)
        for segment in segments
        if (segment.string_id, segment.context_id) not in translated
    )


def _translate(instance, locale, strings):
    """Feed wagtail-localize the translations of `instance`'s segments, then
    save (and publish) the translated object."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = strings.get(source_text(segment))
        if not text:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": StringValue.from_plaintext(text).data},
        )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    translation.save_target(publish=True)
    return instance.get_translation(locale)


def translate_page(page, locale, strings):
    """Create or update the translation of `page` into `locale`.

    `strings` maps French source text to its translation, like a translation
    memory; a string with no entry keeps the French text.
    """
    # Always translate what is in the database, never a stale in-memory copy:
    # the source's serialised content includes tree fields.
    page = Page.objects.get(pk=page.pk).specific
    translation = _translate(page, locale, strings).specific
    localise_many_to_many(page, translation)
    return translation


def localise_many_to_many(source, translation):
    """Point the translation's many-to-many terms (a sheet's keywords) at
    their own translations. wagtail-localize leaves these fields out: the
    copy keeps the French terms, which a reader in English would see."""
    changed = False
    for field in translation._meta.get_fields():
        if not (
            isinstance(field, ParentalManyToManyField)
            and issubclass(field.related_model, TranslatableMixin)
        ):
            continue
        terms = [
            term.get_translation_or_none(translation.locale) or term
            for term in getattr(source, field.name).all()
        ]
        if {term.pk for term in terms} != set(
            getattr(translation, field.name).values_list("pk", flat=True)
        ):
            getattr(translation, field.name).set(terms)
            changed = True
    if changed:
        translation.save_revision().publish()


def vocabulary_models():
    """Every editable vocabulary of the site (categories, sheet lists)."""
    return [model for model in apps.get_models() if issubclass(model, Vocabulary)]


def translate_vocabularies(locales, translations):
    """Every French term of every vocabulary, in each other language. They go
    first: a translated page then links to the translated term."""
    for model in vocabulary_models():
        for term in model.objects.filter(locale=locales["fr"]):
            for code, strings in translations.items():
                _translate(term, locales[code], strings)


def demo_pages(builder):
    """The pages the demo ships in every language: the home page, its
    sections and legal pages, the centres, the Coopération's own projects.
    Centres come before projects, which link to them."""
    coope = [project["key"] for project in load_data("projects.json")["coope_projects"]]
    return [
        builder.home,
        *builder.sections.values(),
        *builder.legal_pages.values(),
        *builder.centre_pages.values(),
        *(builder.projects[key] for key in coope),
    ]


def translate_demo(builder, translations):
    locales = builder.locales
    translate_vocabularies(locales, translations)
    for code, strings in translations.items():
        for page in demo_pages(builder):
            translate_page(page, locales[code], strings)
    translate_snippets(builder, translations)
    translate_alt_texts(builder, translations)


def page_images(pages):
    """The images the pages show through their own fields (hero, lead,
    listing image)."""
    images = set()
    for page in pages:
        page = page.specific
        for field in page._meta.get_fields():
            if getattr(field, "related_model", None) is CustomImage and (
                field.many_to_one
            ):
                image_id = getattr(page, field.attname)
                if image_id:
                    images.add(image_id)
    return images


def translate_alt_texts(builder, translations):
    """The alternative texts of the images of the translated pages, in each
    other language (the others stay French, marked so)."""
    french = builder.locales["fr"]
    for alt_text in AltText.objects.filter(
        locale=french, image_id__in=page_images(demo_pages(builder))
    ).exclude(text=""):
        for code, strings in translations.items():
            _translate(alt_text, builder.locales[code], strings)


# Snippets that may not be translatable yet ------------------------------
#
# The footer (site settings and their addresses) and the mailing lists carry
# their translations in the data files too. They are translated here once
# their models are translatable; until then the loader leaves them French.


def translatable_snippets(builder):
    """The footer's settings and the mailing lists, in French (the source of
    their translations)."""
    french = builder.locales["fr"]
    instances = [SiteSettings.for_site(builder.site), *MailingList.objects.all()]
    return [
        instance
        for instance in instances
        if getattr(instance, "locale_id", french.pk) == french.pk
    ]


def translate_snippet(instance, locale, strings):
    """Translate `instance` through wagtail-localize if its model is
    translatable; return the translation, or None when it is not (yet)."""
    if not issubclass(type(instance), TranslatableMixin):
        return None
    if instance.locale_id == locale.pk:
        return instance
    return _translate(instance, locale, strings)


def translate_snippets(builder, translations):
    for instance in translatable_snippets(builder):
        for code, strings in translations.items():
            translate_snippet(instance, builder.locales[code], strings)
