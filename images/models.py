from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import TranslatableMixin

from cooperation.languages import french_locale

from .alt_texts import remember


class CustomImage(AbstractImage):
    """An image with its alternative text and its credit.

    The alternative text is Wagtail's own `description` field (the one its
    image tags and choosers read), labelled for what it is."""

    description = models.CharField(
        _("texte alternatif"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "Décrivez ce que montre l'image pour les personnes qui ne la voient "
            "pas (lecteur d'écran). Laissez vide seulement si l'image est "
            "purement décorative."
        ),
    )
    credit = models.CharField(
        _("crédit"),
        max_length=255,
        blank=True,
        help_text=_("Auteur ou source de l'image, par exemple « Photo : MQ des Ors »."),
    )

    admin_form_fields = (
        "title",
        "file",
        "description",
        "credit",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The French alternative text, the source translators translate.
        AltText.objects.update_or_create(
            image=self, locale=french_locale(), defaults={"text": self.description}
        )

    @property
    def default_alt_text(self):
        """The alternative text in the reader's language (what Wagtail's
        image tags, renditions and choosers read). Without a description
        the image is decorative (alt=""): Wagtail would fall back to the
        file's title, which describes nothing."""
        return reader_alt_text(self)[0]

    @property
    def alt_language(self):
        """ "fr" when the alternative text shown is French to a reader in
        another language (no translation yet); None otherwise."""
        return reader_alt_text(self)[1]


class AltText(TranslatableMixin, models.Model):
    """An image's alternative text in one language. The French one follows
    the image's description (saved with it); translators translate it into
    English and Arabic with wagtail-localize like any snippet."""

    image = models.ForeignKey(
        CustomImage,
        on_delete=models.CASCADE,
        related_name="alt_texts",
        verbose_name=_("image"),
    )
    text = models.CharField(_("texte alternatif"), max_length=255, blank=True)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("texte alternatif")
        verbose_name_plural = _("textes alternatifs")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "locale"], name="images_alttext_one_per_language"
            )
        ]

    def __str__(self):
        return self.text or str(self.image)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.locale_id == french_locale().pk:
            # Edited as a snippet: the image's description says the same.
            CustomImage.objects.filter(pk=self.image_id).exclude(
                description=self.text
            ).update(description=self.text)


def translated_alt_texts(language):
    """{image id: text} of the alternative texts translated into `language`,
    one query per request. A translation still holding the French text
    (wagtail-localize copies it until a translator writes theirs) or empty
    is not one."""
    return remember(
        language,
        lambda: dict(
            AltText.objects.filter(locale__language_code=language)
            .exclude(text="")
            .exclude(text=F("image__description"))
            .values_list("image_id", "text")
        ),
    )


def reader_alt_text(image):
    """(text, language) of `image`'s alternative text for the active
    language: its translation, or the French text with "fr" (for the
    `lang` attribute) when there is none; ("", None) when decorative."""
    if not image.description:
        return "", None
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return image.description, None
    text = translated_alt_texts(language).get(image.pk)
    if text:
        return text, None
    return image.description, settings.LANGUAGE_CODE


class Rendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
