"""The maisons de quartier: the section page and one page per centre, with
its address, map, opening hours, closures, services and people to contact.

Its « Programme du mois » is in `centres.programme`, its schema.org data in
`centres.structured_data`, the open/closed arithmetic in `centres.opening`."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Window
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agenda.models import EventIndexPage, EventPage
from agenda.queries import upcoming_cards
from blog.models import NewsPage
from centres.opening import format_time, opening_status
from centres.programme import ProgrammeRoutes
from centres.structured_data import centre_json_ld
from cooperation.blocks import BodyStreamBlock
from cooperation.dates import PARIS
from cooperation.languages import (
    ReaderQuerySet,
    french_source,
    in_french_order,
    section_index,
)
from cooperation.models import AddressMixin, BaseIndexPage, BasePage, MapPointMixin
from cooperation.panels import MapPointPanel
from cooperation.renditions import card_images, make_card_renditions
from cooperation.site_cache import remembered
from cooperation.text import of_name
from projects.models import ProjectIndexPage, ProjectPage

LATEST_NEWS_COUNT = 3
# The centre page's « Projets »: this many cards, then a link to the
# catalogue filtered by the centre, which lists them all.
PROJECTS_SHOWN = 6
# The centre page's « Prochains rendez-vous »: this many, within these days.
UPCOMING_EVENTS_COUNT = 6
UPCOMING_EVENTS_DAYS = 90


class Weekday(models.IntegerChoices):
    """Monday is 0, as in Python's `date.weekday()`."""

    MONDAY = 0, _("Lundi")
    TUESDAY = 1, _("Mardi")
    WEDNESDAY = 2, _("Mercredi")
    THURSDAY = 3, _("Jeudi")
    FRIDAY = 4, _("Vendredi")
    SATURDAY = 5, _("Samedi")
    SUNDAY = 6, _("Dimanche")


def closures_from(today):
    return Closure.objects.filter(end_date__gte=today).order_by("start_date")


def centre_cards(centres, today):
    """`centres` with what a card and its open/closed status need, in bulk."""
    return centres.prefetch_related(
        Prefetch("image", queryset=card_images()),
        Prefetch("listing_image", queryset=card_images()),
        "opening_hours",
        Prefetch("closures", queryset=closures_from(today)),
    )


def centres_with_status(locale):
    """The live, public centres of `locale` (and the French ones not
    translated in it) in the editors' order, each with its status computed
    now (never stored: the page may be cached). The centres, their hours
    and closures still to come are kept in the site cache until the site
    changes or the day does (the home page asks for them)."""
    now = timezone.now()
    today = now.astimezone(PARIS).date()

    def centres():
        listed = CentrePage.objects.live().public().in_language(locale)
        found = list(centre_cards(in_french_order(listed), today))
        make_card_renditions(found)
        return found

    kept = remembered(
        "listed-centres",
        centres,
        locale.pk if locale is not None else "",
        today.isoformat(),
    )
    return [(centre, centre.opening_status(now)) for centre in kept]


class CentreIndexPage(BaseIndexPage):
    """The Maisons de quartier section: one card per centre."""

    subpage_types = ["centres.CentrePage"]

    class Meta:
        verbose_name = _("rubrique Maisons de quartier")
        verbose_name_plural = _("rubriques Maisons de quartier")

    def get_centres(self, today):
        centres = CentrePage.objects.live().public().in_language(self.locale)
        return centre_cards(in_french_order(centres.under(self)), today)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Computed on every request, never stored: see centres/opening.py.
        now = timezone.now()
        today = now.astimezone(PARIS).date()
        context["centres"] = [
            (centre, centre.opening_status(now)) for centre in self.get_centres(today)
        ]
        return context


class CentrePage(ProgrammeRoutes, AddressMixin, MapPointMixin, BasePage):
    """One maison de quartier: where it is, when it opens, what it offers,
    who to ask, and its news. Its editors can be given this part of the tree."""

    short_name = models.CharField(
        _("nom court"),
        max_length=60,
        blank=True,
        help_text=_(
            "Le nom courant de la maison, par exemple « MQ des Ors » "
            "(facultatif ; sinon le titre de la page)."
        ),
    )
    name_after_de = models.CharField(
        _("nom après « de »"),
        max_length=80,
        blank=True,
        help_text=_(
            "Le nom tel qu'il s'écrit dans une phrase après « de », avec son "
            "article : « des Ors », « de Saint-Nicolas », « de la Monnaie ». "
            "Sert aux phrases comme « Horaires d'ouverture des Ors ». "
            "Facultatif : sinon « de » suivi du nom court."
        ),
    )
    intro = models.TextField(
        _("présentation courte"),
        blank=True,
        help_text=_("Deux ou trois phrases sous le nom de la maison de quartier."),
    )
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("photo de la maison"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La façade ou l'accueil. Pensez à remplir son texte alternatif."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    # street, postcode, city, latitude, longitude: from the mixins.
    neighbourhood = models.CharField(
        _("quartier"),
        max_length=120,
        blank=True,
        help_text=_("Le nom du quartier, par exemple « La Monnaie »."),
    )
    phone = models.CharField(
        _("téléphone"),
        max_length=40,
        blank=True,
        help_text=_("Le numéro de l'accueil, par exemple 04 75 00 00 00."),
    )
    email = models.EmailField(_("courriel"), blank=True)
    access_notes = models.TextField(
        _("accès"),
        blank=True,
        help_text=_(
            "Comment venir et entrer : ligne et arrêt de bus, stationnement, "
            "accès en fauteuil, entrée, étage… Une information par ligne."
        ),
    )

    objects = PageManager.from_queryset(ReaderQuerySet)()

    # The French sentence form is copied to translations, never translated:
    # other languages build their sentences around the name itself. So are
    # the numbers (the email, as every email, by wagtail-localize itself);
    # the street, the town and the access notes are text, translated.
    override_translatable_fields = [
        SynchronizedField("name_after_de"),
        SynchronizedField("postcode"),
        SynchronizedField("phone"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("name_after_de"),
        FieldPanel("intro"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("neighbourhood"),
                MapPointPanel(),
            ],
            heading=_("Adresse et carte"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email"), FieldPanel("access_notes")],
            heading=_("Accueil"),
        ),
        InlinePanel(
            "opening_hours",
            heading=_("Horaires d'ouverture"),
            label=capfirst(_("plage horaire")),
            help_text=_(
                "Une ligne par plage : un jour peut en avoir plusieurs "
                "(matin et après-midi)."
            ),
        ),
        InlinePanel(
            "closures",
            heading=_("Fermetures exceptionnelles"),
            label=capfirst(_("fermeture")),
            help_text=_("Vacances, jours fériés, travaux…"),
        ),
        InlinePanel(
            "services", heading=_("Services proposés"), label=capfirst(_("service"))
        ),
        InlinePanel(
            "contacts", heading=_("Personnes à contacter"), label=capfirst(_("contact"))
        ),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("intro"),
        index.SearchField("neighbourhood"),
        index.SearchField("street"),
        index.SearchField("body"),
    ]

    parent_page_types = ["centres.CentreIndexPage"]
    # Read by the context, the template and the JSON-LD: fetched once when
    # the page is served (cooperation.wagtail_hooks).
    serving_prefetch = ("opening_hours", "closures")
    subpage_types = ["blog.NewsPage", "agenda.EventPage", "home.StandardPage"]

    # A centre is its address: the street is required.
    address_required = True

    class Meta:
        verbose_name = _("maison de quartier")
        verbose_name_plural = _("maisons de quartier")

    @property
    def name(self):
        return self.short_name or self.title

    @property
    def of_name(self):
        """The name after « de » in a French sentence (« des Ors », the
        editor's form when given); in other languages, the name."""
        if self.name_after_de and translation.get_language() == "fr":
            return self.name_after_de
        return of_name(self.name)

    # Opening hours -----------------------------------------------------------

    def opening_status(self, now):
        """Open or closed at `now`, in Europe/Paris, closures included. Uses
        `.all()` so that prefetched rows and a preview's unsaved rows work."""
        return opening_status(self.opening_hours.all(), self.closures.all(), now=now)

    def is_open_at(self, moment):
        return self.opening_status(moment).is_open

    def sorted_opening_hours(self):
        """The opening ranges, Monday first, in the order of the day."""
        return sorted(
            self.opening_hours.all(), key=lambda item: (item.weekday, item.opens)
        )

    def hours_by_day(self):
        """[(weekday label, [ranges])] Monday to Sunday, days without hours
        included, so the table says « Fermé » for them."""
        ranges = self.sorted_opening_hours()
        return [
            (day.label, [item for item in ranges if item.weekday == day.value])
            for day in Weekday
        ]

    def upcoming_closures(self, today):
        return sorted(
            (item for item in self.closures.all() if item.end_date >= today),
            key=lambda item: item.start_date,
        )

    # News, events, projects --------------------------------------------------

    def latest_news(self):
        """The newest news filed under the centre. Their cards show no
        category or tag: only the card images are fetched with them."""
        news = NewsPage.objects.listed(self.locale).under(self)
        return news.prefetch_related(None).prefetch_related(
            Prefetch("image", queryset=card_images()),
            Prefetch("listing_image", queryset=card_images()),
        )[:LATEST_NEWS_COUNT]

    def get_events(self):
        """Live, public events of this centre's language filed under this
        page or held here, with the listing data in bulk (agenda app)."""
        return EventPage.objects.listed(self.locale).at_place(self)

    def upcoming_events(self):
        """The cards of « Prochains rendez-vous », kept in the site cache
        until the site changes or the day does (as the home page's)."""
        if self.pk is None:  # The preview of a new centre.
            return []
        today = timezone.localdate()

        def cards():
            found = upcoming_cards(
                self.get_events(), UPCOMING_EVENTS_COUNT, UPCOMING_EVENTS_DAYS, today
            )
            make_card_renditions(card.event for card in found)
            return found

        return remembered("centre-events", cards, self.pk, today.isoformat())

    def get_projects(self):
        """Live, public action sheets this centre organises."""
        if self.pk is None:
            return ProjectPage.objects.none()
        return (
            ProjectPage.objects.live()
            .public()
            .in_language(self.locale)
            .filter(organiser_page__translation_key=self.translation_key)
            .defer_streamfields()
            .prefetch_related(Prefetch("listing_image", queryset=card_images()))
            .order_by("title")
        )

    def projects_catalogue_url(self):
        """The catalogue of this language (or the French one) filtered by
        this centre, or "". Its `structure` filter is the organiser's name:
        the sheets' organiser is the French centre (wagtail-localize keeps a
        sheet's links to pages as they are in its source)."""
        index = section_index(ProjectIndexPage, self.locale) if self.pk else None
        if index is None or not index.url:
            return ""
        centre = french_source(self) or self
        return f"{index.url}?{urlencode({'structure': centre.title})}"

    def projects_section(self):
        """The first sheets (`PROJECTS_SHOWN`, by name), how many there are
        and, when there are more, the catalogue's address; all of them if
        there is no catalogue to link to."""
        projects = self.get_projects()
        url = self.projects_catalogue_url()
        if not url:
            projects = list(projects)
            return projects, len(projects), ""
        # The count of them all comes with the first ones, in one query.
        shown = list(projects.annotate(total=Window(Count("pk")))[:PROJECTS_SHOWN])
        total = shown[0].total if shown else 0
        return shown, total, url if total > len(shown) else ""

    def get_event_index(self):
        """The Agenda of this language, or the French one if not translated."""
        return section_index(EventIndexPage, self.locale)

    def ical_url(self):
        """The agenda's calendar feed of this centre's events, or ""."""
        index = self.get_event_index() if self.pk else None
        if index is None or not index.url:
            return ""
        return index.route_url("ical_place", self.pk)

    # Views -------------------------------------------------------------------

    def programme_context(self, request):
        """The Programme du mois shows the hours and the contact, not the
        page's news, events and projects: only what it shows is read."""
        context = super().get_context(request)
        context["hours_by_day"] = self.hours_by_day()
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Computed on every request, never stored: the page may be cached.
        now = timezone.now()
        today = now.astimezone(PARIS).date()
        projects, projects_count, projects_url = self.projects_section()
        context.update(
            {
                "opening_status": self.opening_status(now),
                "hours_by_day": self.hours_by_day(),
                "closures": self.upcoming_closures(today),
                "latest_news": self.latest_news(),
                # The template shows these sections only when not empty.
                "upcoming_events": self.upcoming_events(),
                "projects": projects,
                "projects_count": projects_count,
                "projects_url": projects_url,
                "ical_url": self.ical_url(),
                "json_ld": centre_json_ld(self, request),
            }
        )
        return context


class OpeningHours(TranslatableMixin, Orderable):
    """One opening range on one weekday: « mardi, 9 h 30 – 11 h 30 »."""

    page = ParentalKey(
        CentrePage, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.IntegerField(_("jour"), choices=Weekday.choices)
    opens = models.TimeField(_("ouverture"), help_text=_("Par exemple 09:30."))
    closes = models.TimeField(_("fermeture"), help_text=_("Par exemple 11:30."))
    label = models.CharField(
        _("précision"),
        max_length=80,
        blank=True,
        help_text=_(
            "Facultatif : ce qui a lieu sur cette plage, par exemple « P'tite Coopé »."
        ),
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]
        ),
        FieldPanel("label"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("plage horaire")
        verbose_name_plural = _("horaires d'ouverture")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError(
                {
                    "closes": _(
                        "L'heure de fermeture doit être après l'heure d'ouverture."
                    )
                }
            )

    @property
    def opens_text(self):
        return format_time(self.opens)

    @property
    def closes_text(self):
        return format_time(self.closes)


class Closure(TranslatableMixin, Orderable):
    """Days the centre stays shut whatever its weekly hours say."""

    page = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(
        _("au"),
        help_text=_(
            "Dernier jour de fermeture, inclus. Le même jour pour un seul jour."
        ),
    )
    reason = models.CharField(
        _("motif"),
        max_length=120,
        blank=True,
        help_text=_("Montré aux visiteurs, par exemple « Vacances d'été »."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("reason"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("fermeture exceptionnelle")
        verbose_name_plural = _("fermetures exceptionnelles")

    def __str__(self):
        return self.reason or f"{self.start_date} – {self.end_date}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fin de la fermeture doit suivre son début.")}
            )


class CentreService(TranslatableMixin, Orderable):
    """Something the centre offers: « Accueil de loisirs », « Écrivain public »."""

    page = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="services")
    title = models.CharField(_("service"), max_length=120)
    description = models.CharField(
        _("description courte"),
        max_length=255,
        blank=True,
        help_text=_("Une phrase : pour qui, quand, comment s'inscrire."),
    )

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("service proposé")
        verbose_name_plural = _("services proposés")

    def __str__(self):
        return self.title


class CentreContact(TranslatableMixin, Orderable):
    """A person to ask for: the director, the family worker…"""

    page = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=120)
    role = models.CharField(
        _("rôle"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Directrice » ou « Référente familles »."),
    )
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    email = models.EmailField(_("courriel"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("personne à contacter")
        verbose_name_plural = _("personnes à contacter")

    def __str__(self):
        return self.name
