"""The maisons de quartier: the section page and one page per centre, with
its address, map, opening hours, closures, services and people to contact."""

import calendar
import dataclasses
import datetime
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from agenda.models import (
    EventIndexPage,
    expand,
    place_event_queryset,
    upcoming_occurrences,
)
from blog.models import news_queryset
from centres.opening import PARIS, format_time, opening_status
from cooperation.blocks import BodyStreamBlock
from cooperation.models import BaseIndexPage, BasePage

# The rendition the centre cards use; prefetched in bulk with the listing.
CARD_IMAGE_FILTER = "fill-640x400"
LATEST_NEWS_COUNT = 3
# The centre page's « Prochains rendez-vous »: this many, within these days.
UPCOMING_EVENTS_COUNT = 6
UPCOMING_EVENTS_DAYS = 90
OSM_ZOOM = 17
# Months the programme page answers for; anything else is a 404.
PROGRAMME_YEARS = range(2000, 2101)
# Beyond this many rendez-vous the programme switches to two columns to
# stay on one A4 sheet.
PROGRAMME_DENSE_AFTER = 12
# schema.org's two-letter day codes, Monday first like Python's weekday().
SCHEMA_DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
SCHEMA_DAY_NAMES = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


class Weekday(models.IntegerChoices):
    """Monday is 0, as in Python's `date.weekday()`."""

    MONDAY = 0, _("Lundi")
    TUESDAY = 1, _("Mardi")
    WEDNESDAY = 2, _("Mercredi")
    THURSDAY = 3, _("Jeudi")
    FRIDAY = 4, _("Vendredi")
    SATURDAY = 5, _("Samedi")
    SUNDAY = 6, _("Dimanche")


def card_images():
    return get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)


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
    """The live, public centres of `locale` in the editors' order, each with
    its status computed now (never stored: the page may be cached)."""
    now = timezone.now()
    today = now.astimezone(PARIS).date()
    centres = centre_cards(
        CentrePage.objects.live().public().filter(locale=locale).order_by("path"),
        today,
    )
    return [(centre, centre.opening_status(now)) for centre in centres]


class CentreIndexPage(BaseIndexPage):
    """The Maisons de quartier section: one card per centre."""

    subpage_types = ["centres.CentrePage"]

    class Meta:
        verbose_name = _("rubrique Maisons de quartier")
        verbose_name_plural = _("rubriques Maisons de quartier")

    def get_centres(self, today):
        return centre_cards(CentrePage.objects.child_of(self).live().public(), today)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Computed on every request, never stored: see centres/opening.py.
        now = timezone.now()
        today = now.astimezone(PARIS).date()
        context["centres"] = [
            (centre, centre.opening_status(now)) for centre in self.get_centres(today)
        ]
        return context


class CentrePage(RoutablePageMixin, BasePage):
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

    street = models.CharField(
        _("adresse"),
        max_length=255,
        help_text=_("Numéro et rue, par exemple « 2 place Jean-Jaurès »."),
    )
    postcode = models.CharField(_("code postal"), max_length=10, default="26100")
    city = models.CharField(_("commune"), max_length=80, default="Romans-sur-Isère")
    neighbourhood = models.CharField(
        _("quartier"),
        max_length=120,
        blank=True,
        help_text=_("Le nom du quartier, par exemple « La Monnaie »."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_(
            "Pour la carte. Sur openstreetmap.org, clic droit sur la maison, "
            "« Afficher l'adresse » : le premier nombre, par exemple 45.043210."
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
    phone = models.CharField(
        _("téléphone"),
        max_length=40,
        blank=True,
        help_text=_("Le numéro de l'accueil, par exemple 04 75 00 00 00."),
    )
    email = models.EmailField(_("courriel"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("intro"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("neighbourhood"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adresse et carte"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email")],
            heading=_("Accueil"),
        ),
        InlinePanel(
            "opening_hours",
            heading=_("Horaires d'ouverture"),
            label=_("plage horaire"),
            help_text=_(
                "Une ligne par plage : un jour peut en avoir plusieurs "
                "(matin et après-midi)."
            ),
        ),
        InlinePanel(
            "closures",
            heading=_("Fermetures exceptionnelles"),
            label=_("fermeture"),
            help_text=_("Vacances, jours fériés, travaux…"),
        ),
        InlinePanel("services", heading=_("Services proposés"), label=_("service")),
        InlinePanel("contacts", heading=_("Personnes à contacter"), label=_("contact")),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("intro"),
        index.SearchField("neighbourhood"),
        index.SearchField("street"),
        index.SearchField("body"),
    ]

    parent_page_types = ["centres.CentreIndexPage"]
    subpage_types = ["blog.NewsPage", "agenda.EventPage", "home.StandardPage"]

    class Meta:
        verbose_name = _("maison de quartier")
        verbose_name_plural = _("maisons de quartier")

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Indiquez la latitude et la longitude, ou aucune des deux.")
            )

    @property
    def name(self):
        return self.short_name or self.title

    @property
    def card_image(self):
        return self.listing_image or self.image

    @property
    def card_summary(self):
        return self.listing_summary or self.intro

    @property
    def has_map(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def osm_url(self):
        """The plain link shown with the map, and the whole map without
        JavaScript."""
        if not self.has_map:
            return ""
        lat, lng = self.latitude, self.longitude
        return (
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}"
            f"#map={OSM_ZOOM}/{lat}/{lng}"
        )

    # Opening hours -----------------------------------------------------------

    def opening_status(self, now):
        """Open or closed at `now`, in Europe/Paris, closures included. Uses
        `.all()` so that prefetched rows and a preview's unsaved rows work."""
        return opening_status(self.opening_hours.all(), self.closures.all(), now=now)

    def is_open_at(self, moment):
        return self.opening_status(moment).is_open

    def hours_by_day(self):
        """[(weekday label, [ranges])] Monday to Sunday, days without hours
        included, so the table says « Fermé » for them."""
        ranges = sorted(
            self.opening_hours.all(), key=lambda item: (item.weekday, item.opens)
        )
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
        return news_queryset(self, self.locale)[:LATEST_NEWS_COUNT]

    def get_events(self):
        """Live, public events of this centre's language filed under this
        page or held here, with the listing data in bulk (agenda app)."""
        return place_event_queryset(self, self.locale)

    def upcoming_events(self):
        if self.pk is None:  # The preview of a new centre.
            return []
        return upcoming_occurrences(
            self.get_events(), UPCOMING_EVENTS_COUNT, UPCOMING_EVENTS_DAYS
        )

    def get_projects(self):
        """Live, public action sheets this centre organises."""
        from projects.models import ProjectPage

        if self.pk is None:
            return ProjectPage.objects.none()
        return (
            ProjectPage.objects.live()
            .public()
            .filter(organiser_page=self, locale=self.locale)
            .defer_streamfields()
            .prefetch_related(Prefetch("listing_image", queryset=card_images()))
            .order_by("title")
        )

    def get_event_index(self):
        return EventIndexPage.objects.live().filter(locale=self.locale).first()

    def ical_url(self):
        """The agenda's calendar feed of this centre's events, or ""."""
        index = self.get_event_index() if self.pk else None
        if index is None or not index.url:
            return ""
        return index.route_url("ical_place", self.pk)

    def month_programme(self, year, month):
        """The centre's rendez-vous of the month, as `ProgrammeEntry` rows
        sorted by date and time: the agenda's events of this centre between
        the first and the last day of the month."""
        if self.pk is None:
            return []
        first_day = datetime.date(year, month, 1)
        last_day = first_day.replace(day=calendar.monthrange(year, month)[1])
        events = self.get_events().filter(
            last_date__gte=first_day, start_date__lte=last_day
        )
        entries = []
        for occurrence in expand(events, first_day, last_day):
            event = occurrence.event
            # Held here: the room, if any; elsewhere: where it is.
            held_here = event.place_page_id in (None, self.pk)
            place = event.place_detail if held_here else event.place_title
            if event.is_cancelled:
                place = ", ".join(str(part) for part in (place, _("annulé")) if part)
            entries.append(
                ProgrammeEntry(
                    date=max(occurrence.start_date, first_day),
                    time=occurrence.start_time,
                    title=event.title,
                    place=place or "",
                )
            )
        return entries

    # Structured data ---------------------------------------------------------

    def structured_data(self, request=None):
        """schema.org description of the centre. A maison de quartier is a
        public place (CivicStructure, which carries `openingHours`) run by an
        association (Organization, which carries `email`)."""
        url = self.get_full_url(request)
        data = {
            "@context": "https://schema.org",
            "@type": ["CivicStructure", "Organization"],
            "@id": f"{url}#maison",
            "name": self.title,
            "url": url,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street,
                "postalCode": self.postcode,
                "addressLocality": self.city,
                "addressCountry": "FR",
            },
        }
        if self.short_name:
            data["alternateName"] = self.short_name
        if self.card_summary:
            data["description"] = self.card_summary
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.has_map:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
            data["hasMap"] = self.osm_url
        ranges = sorted(
            self.opening_hours.all(), key=lambda item: (item.weekday, item.opens)
        )
        if ranges:
            data["openingHours"] = [item.schema_org for item in ranges]
            data["openingHoursSpecification"] = [
                item.schema_specification for item in ranges
            ]
        today = timezone.now().astimezone(PARIS).date()
        closures = self.upcoming_closures(today)
        if closures:
            data["specialOpeningHoursSpecification"] = [
                item.schema_specification for item in closures
            ]
        return data

    def json_ld(self, request=None):
        """The structured data as a string safe inside <script>: `<`, `>`
        and `&` are escaped so the text cannot close the element."""
        text = json.dumps(
            self.structured_data(request), cls=DjangoJSONEncoder, ensure_ascii=False
        )
        for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
            text = text.replace(char, escaped)
        return mark_safe(text)

    # Views -------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Computed on every request, never stored: the page may be cached.
        now = timezone.now()
        today = now.astimezone(PARIS).date()
        context.update(
            {
                "opening_status": self.opening_status(now),
                "hours_by_day": self.hours_by_day(),
                "closures": self.upcoming_closures(today),
                "latest_news": self.latest_news(),
                # The template shows these sections only when not empty.
                "upcoming_events": self.upcoming_events(),
                "projects": list(self.get_projects()),
                "ical_url": self.ical_url(),
                "json_ld": self.json_ld(request),
            }
        )
        return context

    @path("programme/", name="programme")
    def programme_current_month(self, request):
        """This month in Paris; the month picker's GET form lands here too."""
        year, month = request.GET.get("annee"), request.GET.get("mois")
        if year and month:
            try:
                year, month = int(year), int(month)
            except ValueError:
                raise Http404 from None
            if month in range(1, 13) and year in PROGRAMME_YEARS:
                return redirect(
                    self.url + self.reverse_subpage("programme_month", (year, month))
                )
            raise Http404
        today = timezone.now().astimezone(PARIS).date()
        return self.programme(request, today.year, today.month)

    @path("programme/<int:year>/<int:month>/", name="programme_month")
    def programme(self, request, year, month):
        """The « Programme du mois »: one A4 portrait sheet for the door."""
        if month not in range(1, 13) or year not in PROGRAMME_YEARS:
            raise Http404
        entries = self.month_programme(year, month)
        first_day = datetime.date(year, month, 1)
        previous_month = first_day - datetime.timedelta(days=1)
        next_month = first_day + datetime.timedelta(
            days=calendar.monthrange(year, month)[1]
        )
        context = self.get_context(request)
        context.update(
            {
                "month": first_day,
                "entries": entries,
                "is_dense": len(entries) > PROGRAMME_DENSE_AFTER,
                "month_choices": list(MONTHS.items()),
                "year_choices": list(range(year - 1, year + 2)),
                "previous_month": previous_month,
                "next_month": next_month,
            }
        )
        return TemplateResponse(request, "centres/programme.html", context)


@dataclasses.dataclass(frozen=True)
class ProgrammeEntry:
    """One line of the Programme du mois; the agenda's events map to it."""

    date: datetime.date
    time: datetime.time | None
    title: str
    place: str = ""


class OpeningHours(Orderable):
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

    class Meta(Orderable.Meta):
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

    @property
    def schema_org(self):
        """schema.org's openingHours text: « Tu 09:30-11:30 »."""
        return (
            f"{SCHEMA_DAY_CODES[self.weekday]} {self.opens:%H:%M}-{self.closes:%H:%M}"
        )

    @property
    def schema_specification(self):
        return {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAY_NAMES[self.weekday]}",
            "opens": f"{self.opens:%H:%M}",
            "closes": f"{self.closes:%H:%M}",
        }


class Closure(Orderable):
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

    class Meta(Orderable.Meta):
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

    @property
    def schema_specification(self):
        # schema.org: opens and closes both at 00:00 means closed all day.
        return {
            "@type": "OpeningHoursSpecification",
            "validFrom": self.start_date.isoformat(),
            "validThrough": self.end_date.isoformat(),
            "opens": "00:00",
            "closes": "00:00",
        }


class CentreService(Orderable):
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

    class Meta(Orderable.Meta):
        verbose_name = _("service proposé")
        verbose_name_plural = _("services proposés")

    def __str__(self):
        return self.title


class CentreContact(Orderable):
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

    class Meta(Orderable.Meta):
        verbose_name = _("personne à contacter")
        verbose_name_plural = _("personnes à contacter")

    def __str__(self):
        return self.name
