from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition


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

    @property
    def default_alt_text(self):
        # Without a description the image is decorative (alt=""): Wagtail
        # would fall back to the file's title, which describes nothing.
        return self.description


class Rendition(AbstractRendition):
    image = models.ForeignKey(
        CustomImage, on_delete=models.CASCADE, related_name="renditions"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
