"""What every app shares: the abstract base page, the address and map point
of a place, the editable vocabularies, the publics and the site settings."""

import html

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import (
    Orderable,
    Page,
    PageViewRestriction,
    Site,
    TranslatableMixin,
)
from wagtail.search import index

from cooperation import serving
from cooperation.admin_forms import BasePageForm
from cooperation.site_cache import remembered, site_changed


class ListingFieldsMixin(models.Model):
    """How a page appears in listings, cards, search engines and link
    previews: one summary (Wagtail's own `search_description`, labelled
    « Résumé »), one image and an optional shorter title. Each falls back on
    what the page already has (its intro, its main image), so an editor fills
    them only to say something different."""

    listing_image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image de vignette et de partage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Montrée dans les listes et quand la page est partagée sur les "
            "réseaux sociaux. Facultative : sans elle, l'image principale de la "
            "page (ou la première image de son contenu) est utilisée."
        ),
    )
    listing_title = models.CharField(
        _("titre de vignette"),
        max_length=255,
        blank=True,
        help_text=_("Titre plus court pour les listes (facultatif)."),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "search_description",
                    heading=_("Résumé"),
                    help_text=_(
                        "Deux phrases au plus, montrées dans les listes, sous le "
                        "lien dans les moteurs de recherche et quand la page est "
                        "partagée. Facultatif : sans résumé, le chapeau (ou le "
                        "premier paragraphe) de la page est utilisé."
                    ),
                ),
                FieldPanel("listing_image"),
                FieldPanel("listing_title"),
            ],
            heading=_("Dans les listes et les partages"),
        )
    ]

    class Meta:
        abstract = True


# How many words of the first paragraph make a summary when nothing else does.
SUMMARY_WORDS = 40


class BasePage(ListingFieldsMixin, Page):
    """Abstract parent of every page type of the site."""

    base_form_class = BasePageForm

    # The page's own field a missing summary is taken from (its chapeau),
    # then its first paragraph.
    summary_source = "intro"
    # The page's own main image, shown at its top: the card's and the link
    # preview's image when no listing image is chosen.
    image_source = "image"

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title")],
            heading=_("Adresse et titre pour les moteurs de recherche"),
        ),
        *ListingFieldsMixin.promote_panels,
        MultiFieldPanel(
            [FieldPanel("show_in_menus")], heading=_("Dans les menus du site")
        ),
    ]
    # What every page type adds to its own text in the site search.
    search_fields = Page.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("listing_title"),
    ]

    class Meta:
        abstract = True

    @property
    def card_title(self):
        return self.listing_title or self.title

    @property
    def card_image(self):
        """The listing image, else the page's main image."""
        return self.listing_image or getattr(self, self.image_source, None)

    @property
    def share_image(self):
        """The image of link previews and schema.org: the card's, else the
        first image of the page's content."""
        return self.card_image or first_body_image(getattr(self, "body", None))

    @property
    def card_summary(self):
        """The one summary of the page, in cards, the meta description and
        link previews: the « Résumé », else the chapeau, else the beginning
        of the first paragraph."""
        if self.search_description:
            return self.search_description
        source = getattr(self, self.summary_source, "") if self.summary_source else ""
        return plain_text(source) or first_paragraph(getattr(self, "body", None))

    @property
    def meta_description(self):
        return self.card_summary

    # Serving, with what Wagtail reads each time kept in the site cache
    # (cooperation/serving.py).

    def route(self, request, path_components):
        return serving.route(self, request, path_components)

    @property
    def localized(self):
        return serving.localized(self)

    def get_view_restrictions(self):
        if not serving.may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def plain_text(value):
    """The text of a plain or rich text value, without tags or entities."""
    return html.unescape(strip_tags(str(value or ""))).strip()


def first_paragraph(body):
    """The beginning of the first paragraph of a StreamField, as plain text."""
    for block in body or ():
        if block.block_type == "paragraph":
            text = plain_text(block.value.source)
            if text:
                return Truncator(text).words(SUMMARY_WORDS)
    return ""


def first_body_image(body):
    """The first image of a StreamField (an image block or a gallery's)."""
    for block in body or ():
        if block.block_type == "image":
            return block.value["image"]
        if block.block_type == "gallery":
            for item in block.value["images"]:
                return item["image"]
    return None


# Romans-sur-Isère: where almost every place of the site is.
DEFAULT_POSTCODE = "26100"
DEFAULT_CITY = "Romans-sur-Isère"
OSM_ZOOM = 17


class AddressMixin(models.Model):
    """A postal address: a centre, the free address of an event, a footer
    address. Code that needs « where is this page? » asks whether the page
    is an `AddressMixin`, not which app it comes from."""

    street = models.CharField(
        _("adresse"),
        max_length=255,
        blank=True,
        help_text=_("Numéro et rue, par exemple « 2 place Jean-Jaurès »."),
    )
    postcode = models.CharField(
        _("code postal"), max_length=10, blank=True, default=DEFAULT_POSTCODE
    )
    city = models.CharField(
        _("commune"), max_length=80, blank=True, default=DEFAULT_CITY
    )

    # A place that exists only through its address (a centre, a footer
    # address) says so: then the street is required.
    address_required = False

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.address_required:
            # The message Django gives a required field, in its own words.
            blank = models.Field.default_error_messages["blank"]
            missing = {
                name: blank
                for name in ("street", "postcode", "city")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)

    @property
    def address_lines(self):
        """« 2 place Jean-Jaurès », « 26100 Romans-sur-Isère »: the lines
        that are filled in."""
        town = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (self.street, town) if line]

    def postal_address(self):
        """schema.org's PostalAddress of the place."""
        return {
            "@type": "PostalAddress",
            "streetAddress": self.street,
            "postalCode": self.postcode,
            "addressLocality": self.city,
            "addressCountry": "FR",
        }


class MapPointMixin(models.Model):
    """A point on the map: both coordinates or neither."""

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Pour la carte : cliquez sur le lieu dans la carte ci-dessous, ou "
            "saisissez le premier nombre, par exemple 45.043210."
        ),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Le second nombre, par exemple 5.051234."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValidationError(
                {
                    missing: _(
                        "Indiquez la latitude et la longitude, ou aucune des deux."
                    )
                }
            )

    @property
    def has_map(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def coordinates(self):
        """(latitude, longitude), or None."""
        return (self.latitude, self.longitude) if self.has_map else None

    @property
    def osm_url(self):
        """The plain link shown with a map, and the whole map without
        JavaScript."""
        if not self.has_map:
            return ""
        lat, lng = self.latitude, self.longitude
        return (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}"
            f"#map={OSM_ZOOM}/{lat}/{lng}"
        )

    def geo_coordinates(self):
        """schema.org's GeoCoordinates of the point, or None."""
        if not self.has_map:
            return None
        return {
            "@type": "GeoCoordinates",
            "latitude": float(self.latitude),
            "longitude": float(self.longitude),
        }


class Public(models.TextChoices):
    """For whom an event or an action is meant: the publics of the federation's
    « fiche action ». The codes are in the catalogue's filtered addresses."""

    EVERYONE = "tous-publics", _("Tous publics")
    FAMILIES = "familles", _("Familles")
    CHILDHOOD = "enfance", _("Enfance")
    YOUTH = "jeunesse", _("Jeunesse")
    ADULTS = "adultes", _("Adultes")
    SENIORS = "seniors", _("Seniors")


class Vocabulary(TranslatableMixin, models.Model):
    """An editable list of terms, one per language, managed as a snippet: the
    categories of news and events, the vocabularies of the action sheets.
    The slug is what a filtered listing puts in its address."""

    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=80,
        help_text=_(
            "Utilisé dans l'adresse de la liste filtrée, sans accent ni espace, "
            "par exemple « jeunesse »."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]
        constraints = [
            # One slug per language: it names the term in filtered addresses.
            models.UniqueConstraint(
                fields=["slug", "locale"], name="%(app_label)s_%(class)s_slug_locale"
            )
        ]

    def __str__(self):
        return self.name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    """Contact, social links and legal pages shown in every page's footer.

    One per Site, for every language: what it holds is language-neutral
    (addresses, numbers, links) or a page, shown in the reader's language
    through its translation (`navigation_tags.footer_links`)."""

    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(
        _("téléphone de contact"), max_length=40, blank=True
    )
    facebook_url = models.URLField(_("page Facebook"), blank=True)
    instagram_url = models.URLField(_("compte Instagram"), blank=True)
    mastodon_url = models.URLField(_("compte Mastodon"), blank=True)
    youtube_url = models.URLField(_("chaîne YouTube"), blank=True)
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page des mentions légales"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page données personnelles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page accessibilité"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
        InlinePanel(
            "footer_addresses",
            heading=_("Adresses affichées en pied de page"),
            label=capfirst(_("adresse")),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Réseaux sociaux"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pages légales"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du site")

    @classmethod
    def for_request(cls, request):
        """Wagtail's, the settings read from the site cache (every page's
        footer asks); the admin edits them through `for_site`, from the
        database."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            found = remembered("site-settings", lambda: cls.for_site(site), site.pk)
            found._request = request
            setattr(request, attr_name, found)
        return getattr(request, attr_name)

    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]


class FooterAddress(AddressMixin, Orderable):
    """One place in the footer: a maison de quartier or the Coopération."""

    settings = ParentalKey(
        SiteSettings, on_delete=models.CASCADE, related_name="footer_addresses"
    )
    name = models.CharField(_("nom"), max_length=120)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page liée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La page de ce lieu sur le site, si elle existe."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("street"),
        FieldPanel("postcode"),
        FieldPanel("city"),
        FieldPanel("phone"),
        FieldPanel("page"),
    ]

    address_required = True

    class Meta(Orderable.Meta):
        verbose_name = _("adresse de pied de page")
        verbose_name_plural = _("adresses de pied de page")

    def __str__(self):
        return self.name


class BaseIndexPage(BasePage):
    """Abstract parent of the section pages (Actualités, Agenda, Projets…)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Une ou deux phrases sous le titre de la rubrique."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    template = "components/index_page.html"

    class Meta:
        abstract = True

    def get_site_root(self):
        """The home page of this page's language: a section lists what lives
        anywhere under it (under the centre pages too). Kept in the site
        cache, by tree and language (site_cache)."""
        tree = self.url_path.split("/")[1]
        return remembered("site-root", self._find_site_root, tree, self.locale_id)

    def _find_site_root(self):
        site = self.get_site()
        if site is None:
            return self.get_parent()
        return site.root_page.get_translation_or_none(self.locale) or site.root_page


# The footer is kept in the site cache: a change to the settings is a change
# to the site. Not their creation: Wagtail makes a Site's empty settings on
# the first request that asks (a footer cached under the new row's id is read
# afresh anyway), and a new version then would leave that request's entries
# under the old one.
def _settings_saved(sender, created=False, **kwargs):
    if not created:
        site_changed()


post_save.connect(_settings_saved, sender=SiteSettings, weak=False)
post_delete.connect(site_changed, sender=SiteSettings, weak=False)
post_save.connect(site_changed, sender=FooterAddress, weak=False)
post_delete.connect(site_changed, sender=FooterAddress, weak=False)
