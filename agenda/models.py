"""The Agenda: the section, its events, their categories and recurrence."""

import calendar
import datetime

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from agenda import ical, recurrence
from agenda.structured_data import event_json_ld
from cooperation.blocks import BodyStreamBlock
from cooperation.filters import filter_groups
from cooperation.models import BaseIndexPage, BasePage, Public, Vocabulary

EVENTS_PER_PAGE = 20
# The rendition the event cards use; prefetched in bulk with the listing.
CARD_IMAGE_FILTER = "fill-640x400"
CATEGORY_PARAM = "categorie"
PLACE_PARAM = "lieu"
MONTH_PARAM = "mois"
# How long a subscribed calendar keeps past events.
FEED_PAST_DAYS = 365
# How many dates of a repeating event its page lists.
NEXT_DATES = 10
# The month view answers for these years only (no endless crawl).
FIRST_YEAR, LAST_YEAR = 2000, 2100


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


class Recurrence(models.TextChoices):
    NONE = "none", _("Une seule fois")
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois")


class MonthlyBy(models.TextChoices):
    DATE = "date", _("Le même jour du mois que la première date (par exemple le 15)")
    WEEKDAY = (
        "weekday",
        _(
            "Le même jour de la semaine, au même rang que la première date "
            "(par exemple le 1er mardi, ou le dernier vendredi)"
        ),
    )


WEEKDAY_CHOICES = [
    ("MO", _("lundi")),
    ("TU", _("mardi")),
    ("WE", _("mercredi")),
    ("TH", _("jeudi")),
    ("FR", _("vendredi")),
    ("SA", _("samedi")),
    ("SU", _("dimanche")),
]
WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)
RANK_NAMES = {
    1: _("1er"),
    2: _("2e"),
    3: _("3e"),
    4: _("4e"),
    -1: _("dernier"),
}


def _with_listing_data(events):
    """What the dates, places and filters of a listing need, in bulk. The
    place's centre comes with it (a reverse one-to-one: still one query)."""
    return (
        events.defer_streamfields()
        .select_related("place_page", "place_page__centrepage")
        .prefetch_related("categories", "exception_dates")
    )


def event_queryset(root, locale):
    """Live, public events of `locale` anywhere under `root` (the agenda or a
    centre page), with what the dates, places and filters need in bulk.
    Images are fetched later, for the events actually shown."""
    return _with_listing_data(
        EventPage.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .filter(locale=locale)
    )


def at_place(place):
    """The events filed under `place` (a centre page) or held there."""
    return Q(path__startswith=place.path, depth__gt=place.depth) | Q(place_page=place)


def place_event_queryset(place, locale):
    """Live, public events of `locale` under the centre page `place` or whose
    place is that centre, with the listing data in bulk."""
    return _with_listing_data(
        EventPage.objects.live().public().filter(locale=locale).filter(at_place(place))
    )


def prefetch_card_images(events):
    """Fetch the card images of `events` and their renditions in bulk."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
    prefetch_related_objects(
        list(events),
        Prefetch("image", queryset=images),
        Prefetch("listing_image", queryset=images),
    )


def expand(events, first_day=None, last_day=None):
    """Every occurrence of `events` overlapping the days, sorted by start."""
    found = []
    for event in events:
        found.extend(event.occurrences(first_day, last_day))
    return sorted(found, key=lambda occurrence: occurrence.sort_key)


def upcoming_occurrences(events, limit, days=90):
    """The next `limit` occurrences of the `events` queryset within `days`,
    with their card images fetched in bulk."""
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=days)
    events = events.filter(last_date__gte=today, start_date__lte=last_day)
    occurrences = expand(events, today, last_day)[:limit]
    prefetch_card_images({occurrence.event for occurrence in occurrences})
    return occurrences


def next_occurrences(root, locale, limit, days=90):
    """The next `limit` occurrences of events under `root` within `days`
    (home page), with their card images fetched in bulk."""
    return upcoming_occurrences(event_queryset(root, locale), limit, days)


def parse_month(value):
    """`2026-03` → 1 March 2026, or None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return (
            datetime.date(year, month, 1) if FIRST_YEAR <= year <= LAST_YEAR else None
        )
    except (AttributeError, TypeError, ValueError):
        return None


def month_bounds(first_day):
    last = calendar.monthrange(first_day.year, first_day.month)[1]
    return first_day, first_day.replace(day=last)


def paginate(items, request, per_page=EVENTS_PER_PAGE):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class EventFilters:
    """The ?categorie= and ?lieu= filters of a listing. An unknown category
    or place keeps the filter on and shows nothing."""

    def __init__(self, category_slug, categories, place):
        self.category_slug = category_slug
        self.category = (
            categories.filter(slug=category_slug).first() if category_slug else None
        )
        self.place = place
        self.place_id = int(place) if place.isdigit() else None

    @property
    def is_active(self):
        return bool(self.category_slug or self.place)

    @property
    def query(self):
        kept = {}
        if self.category_slug:
            kept[CATEGORY_PARAM] = self.category_slug
        if self.place:
            kept[PLACE_PARAM] = self.place
        return kept

    def apply(self, occurrences):
        if self.category_slug:
            wanted = self.category.pk if self.category else None
            occurrences = [
                occurrence
                for occurrence in occurrences
                if wanted in {item.pk for item in occurrence.event.categories.all()}
            ]
        if self.place:
            # Held at the place, or filed under that centre's page.
            place_path = (
                Page.objects.filter(pk=self.place_id)
                .values_list("path", flat=True)
                .first()
                if self.place_id is not None
                else None
            )
            occurrences = [
                occurrence
                for occurrence in occurrences
                if (
                    self.place_id is not None
                    and occurrence.event.place_page_id == self.place_id
                )
                or (
                    place_path
                    and occurrence.event.path.startswith(place_path)
                    and occurrence.event.path != place_path
                )
            ]
        return occurrences


class EventIndexPage(RoutablePageMixin, BaseIndexPage):
    """The Agenda section: every event of the site, its month view, its past
    archive and its iCal feeds."""

    subpage_types = ["agenda.EventPage"]

    class Meta:
        verbose_name = _("rubrique Agenda")
        verbose_name_plural = _("rubriques Agenda")

    def get_events(self):
        return event_queryset(self.get_site_root(), self.locale)

    def route_url(self, name, *args):
        return (self.url or "/") + self.reverse_subpage(name, args=args)

    # Filters -----------------------------------------------------------------

    def read_filters(self, request):
        """The category and place asked for in the query string."""
        return EventFilters(
            category_slug=request.GET.get(CATEGORY_PARAM, ""),
            categories=EventCategory.objects.filter(locale=self.locale),
            place=request.GET.get(PLACE_PARAM, ""),
        )

    def filter_context(self, occurrences, filters, extra=None):
        """The filter links, built from the events of the window before the
        category and place filters, so that no link leads to an empty list."""
        extra = extra or {}
        categories, places, parent_paths = {}, {}, set()
        for occurrence in occurrences:
            for item in occurrence.event.categories.all():
                categories[item.pk] = item
            if occurrence.event.place_page_id:
                place = occurrence.event.place_page
                places[place.pk] = place
            else:
                parent_paths.add(occurrence.event.path[: -Page.steplen])
        # A draft or private place page is never named publicly; an event
        # filed under a centre without a place of its own is at that centre.
        public = {
            page.pk: page
            for page in Page.objects.live()
            .public()
            .filter(
                Q(pk__in=places)
                | Q(
                    path__in=parent_paths,
                    content_type__app_label="centres",
                    content_type__model="centrepage",
                )
            )
            .only("pk", "title", "path")
        }
        places = {**places, **public}
        places = {pk: place for pk, place in places.items() if pk in public}
        category = filters.category
        current_place = places.get(filters.place_id)
        category_links = [
            {
                "name": item.name,
                "query": urlencode({**extra, CATEGORY_PARAM: item.slug}),
                "is_current": category is not None and item.pk == category.pk,
            }
            for item in sorted(categories.values(), key=lambda c: c.name)
        ]
        place_links = [
            {
                "name": item.title,
                "query": urlencode({**extra, PLACE_PARAM: item.pk}),
                "is_current": item.pk == filters.place_id,
            }
            for item in sorted(places.values(), key=lambda p: p.title)
        ]
        return {
            "category_ical_url": self.route_url("ical_category", category.slug)
            if category
            else "",
            "place_ical_url": self.route_url("ical_place", current_place.pk)
            if current_place
            else "",
            "category_links": category_links,
            "place_links": place_links,
            # Read by components/filter_links.html.
            "filter_groups": filter_groups(
                (_("Type d'événement"), "event-filters-categories", category_links),
                (_("Maison de quartier"), "event-filters-places", place_links),
            ),
            "current_category": category,
            "current_place": current_place,
            "is_filtered": filters.is_active,
            # Read by components/pagination.html to keep the filters.
            "extra_query": urlencode({**extra, **filters.query}),
        }

    # Views -------------------------------------------------------------------

    @path("")
    def upcoming(self, request):
        """Upcoming events by default; one month with ?mois=YYYY-MM."""
        today = timezone.localdate()
        month = parse_month(request.GET.get(MONTH_PARAM))
        if request.GET.get(MONTH_PARAM) and month is None:
            raise Http404
        first_day, last_day = month_bounds(month) if month else (today, None)
        events = self.get_events().filter(last_date__gte=first_day)
        if last_day:
            events = events.filter(start_date__lte=last_day)
        in_window = expand(events, first_day, last_day)

        filters = self.read_filters(request)
        occurrences = filters.apply(in_window)
        page_obj = paginate(occurrences, request)
        prefetch_card_images({o.event for o in page_obj.object_list})

        extra = {MONTH_PARAM: month.strftime("%Y-%m")} if month else {}
        shown = month or today
        context = self.filter_context(in_window, filters, extra)
        context.update(
            {
                "occurrences": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": page_obj.paginator,
                "current_month": month,
                "month_url": self.route_url("month", shown.year, shown.month),
                "past_url": self.route_url("past"),
                "ical_url": self.route_url("ical"),
                "category_param": CATEGORY_PARAM,
                "place_param": PLACE_PARAM,
                "filters_reset_url": self.url,
            }
        )
        if month:
            context["is_filtered"] = True
        return self.render(request, context_overrides=context)

    @path("passes/", name="past")
    def past(self, request):
        """The archive: occurrences already over, newest first."""
        today = timezone.localdate()
        events = self.get_events().filter(start_date__lt=today)
        occurrences = [
            occurrence
            for occurrence in expand(events, last_day=today)
            if occurrence.end_date < today
        ]
        occurrences.reverse()
        page_obj = paginate(occurrences, request)
        prefetch_card_images({o.event for o in page_obj.object_list})
        return self.render(
            request,
            template="agenda/event_past.html",
            context_overrides={
                "occurrences": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": page_obj.paginator,
                "upcoming_url": self.url,
            },
        )

    @path("mois/<int:year>/<int:month>/", name="month")
    def month(self, request, year, month):
        """A month as an accessible calendar table (a list on phones)."""
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise Http404
        first_day, last_day = month_bounds(datetime.date(year, month, 1))
        events = (
            self.get_events()
            .filter(last_date__gte=first_day)
            .filter(start_date__lte=last_day)
        )
        in_window = expand(events, first_day, last_day)
        filters = self.read_filters(request)
        occurrences = filters.apply(in_window)

        today = timezone.localdate()
        weeks = [
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "is_today": day == today,
                    "occurrences": [o for o in occurrences if o.covers(day)]
                    if day.month == month
                    else [],
                }
                for day in week
            ]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
                year, month
            )
        ]
        previous_month = first_day - datetime.timedelta(days=1)
        next_month = last_day + datetime.timedelta(days=1)
        context = self.filter_context(in_window, filters)
        query = context["extra_query"]
        suffix = f"?{query}" if query else ""
        context.update(
            {
                "month_start": first_day,
                "weeks": weeks,
                "weekday_names": [WEEKDAY_NAMES[code] for code, _ in WEEKDAY_CHOICES],
                "occurrence_count": len(occurrences),
                "previous_url": (
                    self.route_url("month", previous_month.year, previous_month.month)
                    + suffix
                ),
                "next_url": (
                    self.route_url("month", next_month.year, next_month.month) + suffix
                ),
                "previous_month": previous_month,
                "next_month": next_month,
                "today_url": self.route_url("month", today.year, today.month),
                "filters_reset_url": self.route_url("month", year, month),
                "upcoming_url": self.url,
            }
        )
        return self.render(
            request, template="agenda/event_month.html", context_overrides=context
        )

    # iCal feeds --------------------------------------------------------------

    def feed_events(self):
        since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
        return self.get_events().filter(last_date__gte=since).order_by("start_date")

    def feed_response(self, request, events, name, key):
        cal = ical.build_calendar(
            events,
            name=name,
            uid=f"{self.translation_key}-{key}@{ical.UID_DOMAIN}",
            request=request,
        )
        return ical.calendar_response(cal, filename=f"{self.slug}-{key}.ics")

    @path("ical/", name="ical")
    def ical_all(self, request):
        return self.feed_response(request, self.feed_events(), self.title, "tout")

    @path("ical/categorie/<slug:slug>/", name="ical_category")
    def ical_category(self, request, slug):
        category = EventCategory.objects.filter(locale=self.locale, slug=slug).first()
        if category is None:
            raise Http404
        events = self.feed_events().filter(categories=category)
        name = f"{self.title} — {category.name}"
        return self.feed_response(request, events, name, f"categorie-{slug}")

    @path("ical/lieu/<int:page_id>/", name="ical_place")
    def ical_place(self, request, page_id):
        place = Page.objects.live().public().filter(pk=page_id).first()
        if place is None:
            raise Http404
        # Held there, or filed under that centre's page.
        events = self.feed_events().filter(at_place(place))
        name = f"{self.title} — {place.title}"
        return self.feed_response(request, events, name, f"lieu-{page_id}")


class EventPageForm(WagtailAdminPageForm):
    """The weekdays of a weekly event as check boxes, stored as a JSON list
    (works on PostgreSQL and SQLite alike)."""

    recurrence_weekdays = forms.MultipleChoiceField(
        label=_("jours de la semaine"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pour une répétition chaque semaine : les jours où l'événement a lieu. "
            "Sans choix, le jour de la première date."
        ),
    )


class EventPage(RoutablePageMixin, BasePage):
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
    recurrence_monthly_by = models.CharField(
        _("chaque mois"),
        max_length=10,
        choices=MonthlyBy.choices,
        default=MonthlyBy.DATE,
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
    street = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=80, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

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
        MultiFieldPanel(
            [
                FieldPanel("recurrence", widget=forms.RadioSelect),
                FieldPanel("recurrence_weekdays"),
                FieldPanel("recurrence_monthly_by", widget=forms.RadioSelect),
                FieldPanel("recurrence_until"),
            ],
            heading=_("Répétition"),
            help_text=_(
                "Pour un rendez-vous régulier : chaque semaine ou chaque mois, "
                "jusqu'à une date."
            ),
        ),
        InlinePanel(
            "exception_dates",
            heading=_("Dates sans séance"),
            label=_("date sans séance"),
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
                FieldPanel("latitude"),
                FieldPanel("longitude"),
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
        index.RelatedFields("place_page", [index.SearchField("title")]),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("start_date"),
        index.FilterField("last_date"),
    ]

    parent_page_types = ["agenda.EventIndexPage", "centres.CentrePage"]
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
        if not self.recurrence_until:
            errors["recurrence_until"] = _(
                "Indiquez jusqu'à quelle date l'événement se répète."
            )
        elif self.start_date and self.recurrence_until < self.start_date:
            errors["recurrence_until"] = _(
                "La fin de la répétition doit être après la première date."
            )

    # Dates --------------------------------------------------------------------

    @property
    def duration_days(self):
        if self.end_date and self.start_date and self.end_date > self.start_date:
            return (self.end_date - self.start_date).days
        return 0

    @property
    def is_recurring(self):
        return self.recurrence != Recurrence.NONE and bool(self.recurrence_until)

    def weekday_codes(self):
        """The weekdays of a weekly event; the first date's by default."""
        codes = [code for code in self.recurrence_weekdays or [] if code]
        return codes or [recurrence.weekday_code(self.start_date)]

    def exception_date_list(self):
        return sorted(item.date for item in self.exception_dates.all())

    def compute_last_date(self):
        last = self.recurrence_until if self.is_recurring else self.start_date
        last = max(last, self.start_date)
        return last + datetime.timedelta(days=self.duration_days)

    def occurrences(self, first_day=None, last_day=None):
        return recurrence.occurrences(
            self, self.exception_date_list(), first_day, last_day
        )

    def next_occurrences(self, limit=NEXT_DATES):
        return self.occurrences(first_day=timezone.localdate())[:limit]

    @property
    def first_occurrence(self):
        found = self.occurrences()
        return found[0] if found else None

    def recurrence_description(self):
        """« Chaque semaine, le mardi et le jeudi, jusqu'au … » in words."""
        if not self.is_recurring:
            return ""
        until = self.recurrence_until
        if self.recurrence == Recurrence.WEEKLY:
            days = [
                _("le %(day)s") % {"day": WEEKDAY_NAMES[code]}
                for code in self.weekday_codes()
            ]
            return _("Chaque semaine, %(days)s, jusqu'au %(until)s") % {
                "days": get_text_list(days, _("et")),
                "until": _date_text(until),
            }
        if self.recurrence_monthly_by == MonthlyBy.WEEKDAY:
            rank = recurrence.week_of_month(self.start_date)
            day = WEEKDAY_NAMES[recurrence.weekday_code(self.start_date)]
            return _("Chaque mois, le %(rank)s %(day)s, jusqu'au %(until)s") % {
                "rank": RANK_NAMES[rank],
                "day": day,
                "until": _date_text(until),
            }
        return _("Chaque mois, le %(number)s, jusqu'au %(until)s") % {
            "number": self.start_date.day,
            "until": _date_text(until),
        }

    # Place --------------------------------------------------------------------

    @property
    def place_title(self):
        """The centre's name when the place is a page, else the free name."""
        if self.public_place_page:
            return self.public_place_page.title
        return self.place_name

    @property
    def place_detail(self):
        """The free place name, when it adds to the centre's name."""
        if self.place_name and self.place_name != self.place_title:
            return self.place_name
        return ""

    @property
    def public_place_page(self):
        """The place page, if it is published (drafts are never named)."""
        if self.place_page_id and self.place_page and self.place_page.live:
            return self.place_page
        return None

    @property
    def place_centre(self):
        """The maison de quartier the event is held at, when the place page
        is a published centre: its address and map point are the event's.
        The listings fetch it with the place (see `_with_listing_data`)."""
        from centres.models import CentrePage

        page = self.public_place_page
        if page is None:
            return None
        if isinstance(page, CentrePage):
            return page
        try:
            return page.centrepage
        except ObjectDoesNotExist:
            return None

    @property
    def address_parts(self):
        """(street, postcode, city): the centre's when held at a centre."""
        centre = self.place_centre
        source = centre or self
        return source.street, source.postcode, source.city

    @property
    def place_city(self):
        return self.address_parts[2]

    @property
    def coordinates(self):
        """(latitude, longitude) or None; the centre's when held at one."""
        centre = self.place_centre
        if centre is not None and centre.has_map:
            return centre.latitude, centre.longitude
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        return None

    @property
    def address_lines(self):
        street, postcode, city = self.address_parts
        lines = []
        if street:
            lines.append(street)
        town = " ".join(part for part in (postcode, city) if part)
        if town:
            lines.append(town)
        return lines

    @property
    def location_text(self):
        parts = [self.place_title, self.place_detail, *self.address_lines]
        return ", ".join(part for part in parts if part)

    # Cards ----------------------------------------------------------------------

    @property
    def card_image(self):
        return self.listing_image or self.image

    @property
    def card_summary(self):
        return self.listing_summary or self.intro

    # Views ----------------------------------------------------------------------

    def get_event_index(self):
        """The Agenda section of this language, for the links back to it
        (the event may live under a centre page)."""
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


def _date_text(value):
    return date_format(value, "j F Y")


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
