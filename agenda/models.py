"""The Agenda: the section, its events and their categories.

Listings query through `EventPage.objects` (`agenda.queries`); the dates come
from `agenda.recurrence`; the section's views (lists, month, feeds) are in
`agenda.routes`, with its filters in `agenda.filters` and the month grid in
`agenda.months`."""

import datetime
import itertools

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from agenda import ical, recurrence
from agenda.filters import CATEGORY_PARAM
from agenda.forms import EventPageForm, shown_for
from agenda.queries import EventQuerySet
from agenda.recurrence import (
    WEEKDAY_CHOICES,
    WEEKDAY_NAMES,
    MonthlyBy,
    Recurrence,
)
from agenda.routes import AgendaRoutes
from agenda.structured_data import event_json_ld
from cooperation.blocks import BodyStreamBlock
from cooperation.languages import in_language, reader_versions
from cooperation.models import (
    AddressMixin,
    BaseIndexPage,
    BasePage,
    MapPointMixin,
    Public,
    Vocabulary,
)
from cooperation.panels import MapPointPanel
from cooperation.site_cache import changes_the_site, remembered

# How many dates of a repeating event its page lists.
NEXT_DATES = 10


class EventCategory(Vocabulary):
    """A kind of event: « Atelier », « Agora – débat public »…"""

    # The slug is also in the address of the subscribed calendars: say so.
    panels = [
        FieldPanel("name"),
        FieldPanel(
            "slug",
            help_text=_(
                "Utilisé dans l'adresse de l'agenda filtré et de son calendrier, "
                "par exemple « atelier »."
            ),
        ),
    ]

    class Meta(Vocabulary.Meta):
        verbose_name = _("catégorie d'événement")
        verbose_name_plural = _("catégories d'événements")


class EventIndexPage(AgendaRoutes, BaseIndexPage):
    """The Agenda section: every event of the site, its month view, its past
    archive and its iCal feeds (`agenda.routes`)."""

    subpage_types = ["agenda.EventPage"]

    class Meta:
        verbose_name = _("rubrique Agenda")
        verbose_name_plural = _("rubriques Agenda")

    def get_events(self):
        return EventPage.objects.listed(self.locale).under(self.get_site_root())

    def get_categories(self):
        """The categories in this language, and the French ones not
        translated into it."""
        return in_language(EventCategory.objects.all(), self.locale)


class EventPage(
    RoutablePageMixin, recurrence.EventDates, AddressMixin, MapPointMixin, BasePage
):
    """One event: when, where, for whom, how much and how to register."""

    intro = models.TextField(
        _("chapeau"),
        help_text=_(
            "Une ou deux phrases qui présentent l'événement. Elles sont montrées "
            "dans l'agenda et dans les calendriers (iCal)."
        ),
    )
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Montrée en haut de l'événement et dans l'agenda. Pensez à remplir "
            "son texte alternatif."
        ),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("contenu"), blank=True)

    # When (wall-clock time in Romans-sur-Isère, Europe/Paris).
    start_date = models.DateField(_("date de début"))
    start_time = models.TimeField(
        _("heure de début"),
        null=True,
        blank=True,
        help_text=_("Heure de Romans-sur-Isère. Laissez vide si toute la journée."),
    )
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_("Seulement si l'événement dure plusieurs jours."),
    )
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_(
            "Cochez pour un événement sans horaire : les heures sont ignorées."
        ),
    )
    is_cancelled = models.BooleanField(
        _("annulé"),
        default=False,
        help_text=_(
            "Cochez si l'événement est annulé : il reste affiché, marqué « Annulé »."
        ),
    )

    # Repetition.
    recurrence = models.CharField(
        _("répétition"),
        max_length=10,
        choices=Recurrence.choices,
        default=Recurrence.NONE,
    )
    recurrence_weekdays = models.JSONField(
        _("jours de la semaine"), default=list, blank=True
    )
    # Required only for a monthly repetition: see clean_recurrence().
    recurrence_monthly_by = models.CharField(
        _("jour de chaque mois"),
        max_length=10,
        choices=MonthlyBy.choices,
        default=MonthlyBy.DATE,
        blank=True,
        help_text=_("Pour une répétition chaque mois seulement."),
    )
    recurrence_until = models.DateField(
        _("répéter jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Dernier jour possible de la répétition (obligatoire)."),
    )
    # The last day any occurrence runs; kept up to date by save() so that the
    # listings ask the database only for events that can still be shown.
    last_date = models.DateField(_("dernier jour"), editable=False, db_index=True)

    # Where.
    place_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("maison de quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("La page du lieu sur le site, par exemple une maison de quartier."),
    )
    place_name = models.CharField(
        _("nom du lieu"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Parc François-Mitterrand » ou « Salle Coluche »."),
    )
    # street, postcode, city, latitude, longitude: from the mixins, for a
    # place that has no page of its own.

    # For whom, how much, how to register.
    categories = ParentalManyToManyField(
        "agenda.EventCategory",
        verbose_name=_("catégories"),
        blank=True,
        related_name="event_pages",
        help_text=_("Le type d'événement, pour filtrer l'agenda et ses calendriers."),
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Public, default=Public.EVERYONE
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.CharField(
        _("tarif"),
        max_length=120,
        blank=True,
        help_text=_("Si l'événement est payant, par exemple « 5 € adhérents, 8 € »."),
    )
    registration_required = models.BooleanField(
        _("inscription obligatoire"), default=False
    )
    registration_url = models.URLField(
        _("lien d'inscription"),
        blank=True,
        help_text=_("Un formulaire en ligne, si l'inscription se fait sur internet."),
    )
    registration_phone = models.CharField(
        _("téléphone pour s'inscrire"), max_length=40, blank=True
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si les places ne sont pas limitées."),
    )
    registration_deadline = models.DateField(
        _("inscription jusqu'au"), null=True, blank=True
    )

    accessibility_notes = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_(
            "Accès en fauteuil, boucle magnétique, langue des signes, "
            "toilettes adaptées…"
        ),
    )
    transport_notes = models.TextField(
        _("venir sur place"),
        blank=True,
        help_text=_(
            "Bus (ligne, arrêt), stationnement vélo, covoiturage proposé "
            "au départ de la maison de quartier…"
        ),
    )

    objects = PageManager.from_queryset(EventQuerySet)()

    base_form_class = EventPageForm

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("start_time"),
                FieldPanel("end_date"),
                FieldPanel("end_time"),
                FieldPanel("all_day"),
                FieldPanel("is_cancelled"),
            ],
            heading=_("Date et horaires"),
        ),
        # Wagtail's own rules controller (w-rules) shows only the settings of
        # the chosen repetition; without JavaScript every field is shown.
        MultiFieldPanel(
            [
                FieldPanel("recurrence", widget=forms.RadioSelect),
                FieldPanel("recurrence_weekdays", attrs=shown_for(Recurrence.WEEKLY)),
                FieldPanel(
                    "recurrence_monthly_by", attrs=shown_for(Recurrence.MONTHLY)
                ),
                FieldPanel(
                    "recurrence_until",
                    attrs=shown_for(Recurrence.WEEKLY, Recurrence.MONTHLY),
                ),
            ],
            heading=_("Répétition"),
            attrs={
                "data-controller": "w-rules",
                "data-action": "change->w-rules#resolve",
            },
            help_text=_(
                "Pour un rendez-vous régulier : chaque semaine ou chaque mois, "
                "jusqu'à une date."
            ),
        ),
        InlinePanel(
            "exception_dates",
            heading=_("Dates sans séance"),
            label=capfirst(_("date sans séance")),
            help_text=_(
                "Les jours où le rendez-vous régulier n'a pas lieu "
                "(vacances, jour férié…)."
            ),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("place_page", "centres.CentrePage"),
                FieldPanel("place_name"),
                FieldPanel("street"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                MapPointPanel(),
            ],
            heading=_(
                "Lieu : une maison de quartier (page du site) ou une adresse libre"
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audience"),
            ],
            heading=_("Type d'événement et public"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("price"),
                FieldPanel("registration_required"),
                FieldPanel("registration_url"),
                FieldPanel("registration_phone"),
                FieldPanel("capacity"),
                FieldPanel("registration_deadline"),
            ],
            heading=_("Tarif et inscription"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility_notes"), FieldPanel("transport_notes")],
            heading=_("Accessibilité et transport"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("street"),
        index.SearchField("city"),
        index.SearchField("place_page_title"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("start_date"),
        index.FilterField("last_date"),
    ]

    def place_page_title(self):
        """The centre's name, in the body of the search index: a sub-field
        named `title` would join the event's own title, and « maison de
        quartier des Ors » would find every event held there as if it were
        named so, before the centre itself."""
        return self.place_page.title if self.place_page_id else ""

    parent_page_types = ["agenda.EventIndexPage", "centres.CentrePage"]
    # Read by the context, the template and the JSON-LD: fetched once when
    # the page is served (cooperation.wagtail_hooks).
    serving_prefetch = ("exception_dates",)
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def save(self, *args, **kwargs):
        self.last_date = self.compute_last_date()
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.all_day:
            self.start_time = self.end_time = None
        elif self.start_time is None:
            errors["start_time"] = _(
                "Indiquez l'heure de début, ou cochez « Toute la journée »."
            )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin doit être après la date de début.")
        elif (
            self.start_time
            and self.end_time
            and (self.end_date or self.start_date) == self.start_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("L'heure de fin doit être après l'heure de début.")
        if self.end_date == self.start_date:
            self.end_date = None

        if self.recurrence != Recurrence.NONE:
            self.clean_recurrence(errors)
        else:
            self.recurrence_weekdays = []
            self.recurrence_until = None
        if self.recurrence != Recurrence.MONTHLY:
            self.recurrence_monthly_by = self.recurrence_monthly_by or MonthlyBy.DATE

        if not self.is_free and not self.price:
            errors["price"] = _("Indiquez le tarif, ou cochez « Gratuit ».")
        if self.is_free:
            self.price = ""
        if not self.place_page_id and not (self.place_name or self.street):
            errors["place_page"] = _(
                "Indiquez le lieu : choisissez une maison de quartier ou "
                "saisissez une adresse."
            )
        if errors:
            raise ValidationError(errors)

    def clean_recurrence(self, errors):
        codes = [code for code in self.recurrence_weekdays or [] if code]
        if any(code not in WEEKDAY_NAMES for code in codes):
            errors["recurrence_weekdays"] = _("Jour de la semaine inconnu.")
            return
        if self.recurrence == Recurrence.WEEKLY and self.start_date:
            first = recurrence.weekday_code(self.start_date)
            if codes and first not in codes:
                errors["recurrence_weekdays"] = _(
                    "La première date tombe un %(day)s : cochez ce jour, ou "
                    "changez la première date."
                ) % {"day": WEEKDAY_NAMES[first]}
        self.recurrence_weekdays = [c for c, _label in WEEKDAY_CHOICES if c in codes]
        if self.recurrence == Recurrence.MONTHLY and not self.recurrence_monthly_by:
            errors["recurrence_monthly_by"] = _(
                "Pour une répétition chaque mois, choisissez quel jour du mois."
            )
        if not self.recurrence_until:
            errors["recurrence_until"] = _(
                "Indiquez jusqu'à quelle date l'événement se répète."
            )
        elif self.start_date and self.recurrence_until < self.start_date:
            errors["recurrence_until"] = _(
                "La fin de la répétition doit être après la première date."
            )

    # Dates --------------------------------------------------------------------

    def exception_date_list(self):
        return sorted(item.date for item in self.exception_dates.all())

    def category_keys(self):
        """The translation keys of its categories: one term in every
        language, as the filters compare them."""
        return {item.translation_key for item in self.categories.all()}

    def compute_last_date(self):
        last = self.recurrence_until if self.is_recurring else self.start_date
        last = max(last, self.start_date)
        return last + datetime.timedelta(days=self.duration_days)

    def next_occurrences(self, limit=NEXT_DATES):
        """The next `limit` dates from today: only those are computed."""
        dates = recurrence.following(
            self, self.exception_date_list(), timezone.localdate()
        )
        return list(itertools.islice(dates, limit))

    @property
    def first_occurrence(self):
        return recurrence.next_occurrence(
            self, self.exception_date_list(), self.start_date
        )

    def recurrence_description(self):
        """« Chaque semaine, le mardi et le jeudi, jusqu'au … » in words."""
        return recurrence.describe(self)

    # Place --------------------------------------------------------------------

    @property
    def public_place_page(self):
        """The place page as its own type, if it is published (drafts are
        never named). The listings prefetch it (`with_listing_data`)."""
        if self.place_page_id and self.place_page and self.place_page.live:
            return self.place_page.specific
        return None

    @property
    def place_with_address(self):
        """The published place page when it is a page with an address (a
        maison de quartier): its address and map point are the event's."""
        page = self.public_place_page
        return page if isinstance(page, AddressMixin) else None

    @property
    def address_source(self):
        """Whose address is the event's: its place page's, or its own."""
        return self.place_with_address or self

    @property
    def map_point(self):
        """Whose map point is the event's, or None: the place page's when it
        has one, else the event's own coordinates."""
        place = self.place_with_address
        if isinstance(place, MapPointMixin) and place.has_map:
            return place
        return self if self.has_map else None

    @property
    def place_title(self):
        """The place page's name when there is one, else the free name."""
        if self.public_place_page:
            return self.public_place_page.title
        return self.place_name

    @property
    def place_detail(self):
        """The free place name, when it adds to the place page's name."""
        if self.place_name and self.place_name != self.place_title:
            return self.place_name
        return ""

    @property
    def place_city(self):
        return self.address_source.city

    @property
    def location_text(self):
        parts = [self.place_title, self.place_detail]
        parts += self.address_source.address_lines
        return ", ".join(part for part in parts if part)

    # Views ----------------------------------------------------------------------

    def get_event_index(self):
        """The Agenda section of this language, for the links back to it
        (the event may live under a centre page)."""
        return remembered(
            "event-index",
            self._find_event_index,
            self.url_path.split("/")[1],
            self.locale_id,
        )

    def _find_event_index(self):
        # One Agenda per home (max_count_per_parent): the site cache keeps it
        # by tree and language.
        indexes = EventIndexPage.objects.live().filter(locale=self.locale)
        return indexes.ancestor_of(self).first() or indexes.first()

    def get_ical_url(self, request=None):
        url = self.get_url(request)
        return url + self.reverse_subpage("ical") if url else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        next_occurrences = self.next_occurrences()
        context.update(
            {
                "event_index": self.get_event_index(),
                "next_occurrences": next_occurrences,
                # The next date, or the first one once the event is over.
                "shown_occurrence": next_occurrences[0]
                if next_occurrences
                else self.first_occurrence,
                # Announced: « Pas de séance le … ».
                "skipped_dates": self.skipped_dates(timezone.localdate()),
                "categories": reader_versions(self.categories.all(), self.locale),
                "category_param": CATEGORY_PARAM,
                "ical_url": self.get_ical_url(request),
                "structured_data": event_json_ld(self, request),
            }
        )
        return context

    @path("ical/", name="ical")
    def ical(self, request):
        """This event alone, as a calendar file: « Ajouter à mon agenda »."""
        cal = ical.build_calendar(
            [self],
            name=self.title,
            uid=f"{self.translation_key}-calendrier@{ical.UID_DOMAIN}",
            request=request,
        )
        return ical.calendar_response(cal, filename=f"{self.slug}.ics", attachment=True)


class EventExceptionDate(Orderable):
    """A day a repeating event does not take place."""

    page = ParentalKey(
        EventPage, on_delete=models.CASCADE, related_name="exception_dates"
    )
    date = models.DateField(
        _("date"),
        help_text=_("Ce jour-là, le rendez-vous n'a pas lieu."),
    )

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("date sans séance")
        verbose_name_plural = _("dates sans séance")

    def __str__(self):
        return self.date.isoformat()


# A category's name is on the cards and in the iCal feeds the site cache
# keeps (agenda.ical.feed_body).
changes_the_site(EventCategory)
