"""Projects: the Projets section, its catalogue and the action sheets.

A ProjectPage carries every field of the federation's « fiche action » of the
social centres, in the same order; the ProjectIndexPage is the catalogue
(`projects.catalogue`). The lists the sheets are described with are in
`projects.vocabularies`.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import Coalesce, NullIf
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.search import index

from agenda.models import EventPage
from cooperation.blocks import RICH_TEXT_FEATURES
from cooperation.languages import (
    ReaderQuerySet,
    public,
    reader_pages,
    reader_versions,
)
from cooperation.models import AddressMixin, BaseIndexPage, BasePage
from projects.catalogue import Catalogue
from projects.vocabularies import (
    ChoiceListField,
    Initiator,
    ProjectStatus,
    Territory,
)

DEFAULT_DEPARTMENT = "Drôme"


def project_queryset(index_page):
    """The live, public sheets of a catalogue (and in English or Arabic, the
    French ones not translated yet), with their structure's name (the
    organising centre's title, else the name typed)."""
    return (
        ProjectPage.objects.live()
        .public()
        .in_language(index_page.locale)
        .under(index_page)
        .annotate(
            structure=Coalesce(
                "organiser_page__title", NullIf("organiser_name", models.Value(""))
            )
        )
    )


class ProjectIndexPage(BaseIndexPage):
    """The Projets section: the catalogue of the action sheets."""

    subpage_types = ["projects.ProjectPage"]
    template = "projects/project_index_page.html"

    class Meta:
        verbose_name = _("rubrique Projets")
        verbose_name_plural = _("rubriques Projets")

    def get_projects(self):
        return project_queryset(self)

    def route(self, request, path_components):
        """A sheet and its organising page in one query (Wagtail's route
        reads the child, then its specific row): the sheet's « L'essentiel »
        and « En pratique » both name its organiser."""
        if path_components:
            sheet = (
                ProjectPage.objects.child_of(self)
                .select_related("organiser_page")
                .filter(slug=path_components[0])
                .first()
            )
            if sheet is not None:
                sheet._cached_parent_obj = self
                return sheet.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = Catalogue(self, request)
        return context


class ProjectPage(BasePage):
    """One action sheet (« fiche action »), with the federation's sections."""

    # Structure organisatrice
    organiser_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("maison de quartier organisatrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "La page de la maison de quartier qui porte l'action. Si c'est une "
            "autre structure, laissez vide et indiquez son nom ci-dessous."
        ),
    )
    organiser_name = models.CharField(
        _("autre structure organisatrice"),
        max_length=200,
        blank=True,
        help_text=_(
            "Le nom de la structure, si elle n'a pas de page sur le site "
            "(par exemple « Centre social de Fontbarlettes »)."
        ),
    )
    organiser_department = models.CharField(
        _("département"),
        max_length=80,
        default=DEFAULT_DEPARTMENT,
        help_text=_("Le département de la structure organisatrice."),
    )
    # Statut de l'action
    status = models.CharField(
        _("statut de l'action"),
        max_length=20,
        choices=ProjectStatus,
        default=ProjectStatus.ONGOING,
    )
    end_reason = models.TextField(
        _("raisons pour lesquelles l'action est terminée"),
        blank=True,
        help_text=_("À remplir quand l'action est terminée."),
    )
    # Dimension et mots clés
    dimension = models.ForeignKey(
        "projects.Dimension",
        verbose_name=_("dimension"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text=_("L'axe principal de l'action, selon la fédération."),
    )
    keywords = ParentalManyToManyField(
        "projects.Keyword",
        verbose_name=_("mots clés"),
        blank=True,
        related_name="projects",
        help_text=_("Les thèmes de l'action ; cochez-en autant que nécessaire."),
    )
    # Résumé
    summary = models.TextField(
        _("résumé"),
        help_text=_(
            "Quelques phrases pour comprendre l'action en un coup d'œil. Elles "
            "sont aussi montrées dans les listes."
        ),
    )
    # Qui est à l'initiative de l'action ?
    initiators = ChoiceListField(
        _("à l'initiative de l'action"),
        list_choices=Initiator.choices,
        help_text=_("Qui a eu l'idée ? Plusieurs réponses possibles."),
    )
    initiator_detail = models.TextField(
        _("précision sur l'initiative"),
        blank=True,
        help_text=_("À remplir si vous avez coché « Autre »."),
    )
    # Territoire concerné
    territory = models.CharField(
        _("territoire concerné"), max_length=20, choices=Territory, blank=True
    )
    # Description de l'expérience, ses objectifs, ses acteurs et ses phases
    description = RichTextField(
        _("description et objectifs"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "L'expérience, ses objectifs, les personnes qui la portent et ses "
            "différentes étapes."
        ),
    )
    # Public
    audiences = ParentalManyToManyField(
        "projects.Audience",
        verbose_name=_("public"),
        blank=True,
        related_name="projects",
        help_text=_("À qui s'adresse l'action ? Plusieurs réponses possibles."),
    )
    # Avec qui cette action a-t-elle été menée ? (partners: ProjectPartner)
    general_description = RichTextField(
        _("description générale"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "Comment l'action s'est déroulée concrètement : calendrier, "
            "activités, rôle de chacun."
        ),
    )
    # Ressources financières (amounts: ProjectFunding)
    funding_text = RichTextField(
        _("ressources financières (texte libre)"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Précisions sur le budget : charges, aides en nature…"),
    )
    # Nombre de personnes mobilisées
    professionals_count = models.PositiveIntegerField(
        _("professionnels"), null=True, blank=True
    )
    volunteers_count = models.PositiveIntegerField(
        _("bénévoles"), null=True, blank=True
    )
    residents_count = models.PositiveIntegerField(_("habitants"), null=True, blank=True)
    people_text = models.TextField(
        _("personnes mobilisées (texte libre)"),
        blank=True,
        help_text=_("Qui s'est mobilisé, et comment (par exemple « 160 familles »)."),
    )
    # Résultats
    results_territory = RichTextField(
        _("résultat sur le territoire"), blank=True, features=RICH_TEXT_FEATURES
    )
    results_centre = RichTextField(
        _("résultat pour le centre social"), blank=True, features=RICH_TEXT_FEATURES
    )
    results_residents = RichTextField(
        _("résultat pour les habitants"), blank=True, features=RICH_TEXT_FEATURES
    )
    # Suite de l'action
    limits = RichTextField(
        _("limites"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Ce qui a freiné l'action ou ce qui reste difficile."),
    )
    perspectives = RichTextField(
        _("perspectives"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("La suite envisagée."),
    )
    year_started = models.PositiveSmallIntegerField(
        _("année de démarrage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text=_("L'année où l'action a commencé, par exemple 2024."),
    )
    # En pratique: what a resident needs to take part, shown first.
    practical_when = models.CharField(
        _("quand"),
        max_length=255,
        blank=True,
        help_text=_(
            "Facultatif : les jours et heures où l'on peut venir, par exemple "
            "« le mercredi, de 14 h à 17 h ». Les rendez-vous liés de l'agenda "
            "sont montrés de toute façon avec leurs dates."
        ),
    )
    practical_where = models.CharField(
        _("où"),
        max_length=255,
        blank=True,
        help_text=_(
            "Facultatif : le lieu, s'il n'est pas la maison de quartier "
            "organisatrice (dont l'adresse est montrée sinon)."
        ),
    )
    how_to_take_part = models.TextField(
        _("comment participer"),
        blank=True,
        help_text=_(
            "Facultatif : ce qu'il faut faire pour participer, par exemple "
            "« Venez sans inscription » ou « Inscription à l'accueil »."
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
            "Montrée en haut de la fiche. Pensez à remplir son texte alternatif."
        ),
    )

    objects = PageManager.from_queryset(ReaderQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("practical_when"),
                FieldPanel("practical_where"),
                FieldPanel("how_to_take_part"),
            ],
            heading=_("En pratique"),
            help_text=_(
                "Montré en haut de la fiche, avec le public et les rendez-vous "
                "liés : pour qui, quand, où et comment participer."
            ),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("organiser_page", "centres.CentrePage"),
                FieldPanel("organiser_name"),
                FieldPanel("organiser_department"),
            ],
            heading=_("Structure organisatrice"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("year_started")]),
                FieldPanel("end_reason"),
            ],
            heading=_("Statut de l'action"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("dimension"),
                FieldPanel("keywords", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Dimension et mots clés"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("initiators"),
                FieldPanel("initiator_detail"),
                FieldPanel("territory"),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Initiative, territoire et public"),
        ),
        FieldPanel("description"),
        InlinePanel(
            "partners",
            heading=_("Partenaires de l'action"),
            label=capfirst(_("partenaire")),
            help_text=_("Avec qui cette action a-t-elle été menée ?"),
        ),
        FieldPanel("general_description"),
        MultiFieldPanel(
            [
                InlinePanel("fundings", label=capfirst(_("financement"))),
                FieldPanel("funding_text"),
            ],
            heading=_("Ressources financières mobilisées"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("professionals_count"),
                        FieldPanel("volunteers_count"),
                        FieldPanel("residents_count"),
                    ]
                ),
                FieldPanel("people_text"),
            ],
            heading=_("Nombre de personnes mobilisées"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("results_territory"),
                FieldPanel("results_centre"),
                FieldPanel("results_residents"),
            ],
            heading=_("Résultats"),
        ),
        MultiFieldPanel(
            [FieldPanel("limits"), FieldPanel("perspectives")],
            heading=_("Suite de l'action"),
        ),
        InlinePanel(
            "documents", heading=_("Fichiers associés"), label=capfirst(_("document"))
        ),
        InlinePanel(
            "related_pages",
            heading=_("Actualités et rendez-vous liés"),
            label=capfirst(_("page liée")),
            help_text=_(
                "Les actualités qui parlent de cette action et les rendez-vous "
                "de l'agenda qui en font partie."
            ),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("general_description"),
        index.SearchField("people_text"),
        index.SearchField("results_territory"),
        index.SearchField("results_centre"),
        index.SearchField("results_residents"),
        index.SearchField("limits"),
        index.SearchField("perspectives"),
        index.SearchField("organiser_name"),
        index.SearchField("organiser_page_title"),
        index.RelatedFields("dimension", [index.SearchField("name")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("year_started"),
    ]

    def organiser_page_title(self):
        """The organising centre's name, in the body of the search index (as
        agenda.EventPage.place_page_title: not in the sheet's title)."""
        return self.organiser_page.title if self.organiser_page_id else ""

    # The sheet's own « Résumé » is the summary of its cards.
    summary_source = "summary"

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fiche projet")
        verbose_name_plural = _("fiches projets")

    def clean(self):
        super().clean()
        errors = {}
        if not self.organiser_page_id and not self.organiser_name.strip():
            errors["organiser_name"] = _(
                "Choisissez la maison de quartier organisatrice ou indiquez le "
                "nom de la structure."
            )
        elif self.organiser_page_id and self.organiser_name.strip():
            errors["organiser_name"] = _(
                "Choisissez une maison de quartier ou indiquez un nom de "
                "structure, pas les deux."
            )
        if self.status == ProjectStatus.ENDED and not self.end_reason.strip():
            errors["end_reason"] = _("Indiquez pourquoi l'action est terminée.")
        if Initiator.OTHER in (self.initiators or []) and not (
            self.initiator_detail.strip()
        ):
            errors["initiator_detail"] = _(
                "Vous avez coché « Autre » : précisez qui est à l'initiative."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def structure_label(self):
        if self.organiser_page_id:
            return self.organiser_page.title
        return self.organiser_name

    @property
    def organiser_place(self):
        """The published organising centre as its own type, when it is a
        page with an address: the sheet's « Où » unless it gives its own."""
        page = self.organiser_page
        if page is None or not page.live:
            return None
        page = page.specific
        return page if isinstance(page, AddressMixin) else None

    @property
    def department_label(self):
        return self.organiser_department

    @property
    def initiator_labels(self):
        return self._meta.get_field("initiators").labels(self.initiators)

    @property
    def people_counts(self):
        counts = [
            (_("Professionnels"), self.professionals_count),
            (_("Bénévoles"), self.volunteers_count),
            (_("Habitants"), self.residents_count),
        ]
        return [(label, count) for label, count in counts if count is not None]

    def get_fundings(self):
        fundings = list(self.fundings.all())
        total = sum((funding.amount for funding in fundings), Decimal(0))
        return fundings, total

    def get_related_pages(self):
        """The chosen news and events that are live and public, in
        the editor's order. Read from the in-memory relation so that the
        preview shows the unsaved choice too."""
        ids = [link.page_id for link in self.related_pages.all() if link.page_id]
        if not ids:
            return []
        pages = public(Page.objects.live().filter(pk__in=ids)).specific()
        by_id = {page.pk: page for page in pages}
        # A translated sheet keeps its French source's choices: each page is
        # shown in the sheet's language where it has a live translation.
        return reader_pages(
            [by_id[pk] for pk in ids if pk in by_id],
            self.locale,
            public(Page.objects.live()).specific(),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fundings, total = self.get_fundings()
        related = self.get_related_pages()
        events = [page for page in related if isinstance(page, EventPage)]
        # Their dates come from their exception dates, their address from
        # their place page as its own type: fetched once for all.
        prefetch_related_objects(
            events,
            "exception_dates",
            Prefetch("place_page", queryset=Page.objects.specific()),
        )
        context.update(
            {
                "fundings": fundings,
                "funding_total": total,
                "partners": list(self.partners.select_related("partner_type")),
                "documents": [
                    item
                    for item in self.documents.select_related("document")
                    if item.document_id
                ],
                # A translated sheet keeps its source's French keywords.
                "keywords": reader_versions(self.keywords.all(), self.locale),
                "audiences": list(self.audiences.all()),
                "related_pages": related,
                "related_news": [
                    page for page in related if not isinstance(page, EventPage)
                ],
                # Each event with its next date, or its first once it is over.
                "related_events": [
                    (page, (page.next_occurrences(1) or [page.first_occurrence])[0])
                    for page in events
                ],
                "project_index": self.get_parent().specific
                if self.get_parent()
                else None,
            }
        )
        return context


class ProjectPartner(TranslatableMixin, Orderable):
    """Avec qui cette action a-t-elle été menée ?"""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    partner_type = models.ForeignKey(
        "projects.PartnerType",
        verbose_name=_("type de partenaire"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(
        _("nom"),
        max_length=200,
        blank=True,
        help_text=_("Facultatif : « Ville de Romans-sur-Isère », « Caf de la Drôme »…"),
    )
    role = models.CharField(
        _("rôle"),
        max_length=255,
        blank=True,
        help_text=_("Facultatif : ce que ce partenaire a apporté."),
    )

    panels = [FieldPanel("partner_type"), FieldPanel("name"), FieldPanel("role")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name or str(self.partner_type)


class ProjectFunding(TranslatableMixin, Orderable):
    """One amount of the financial resources mobilised for the action."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="fundings")
    funder = models.CharField(
        _("financeur"),
        max_length=200,
        help_text=_("Qui finance : « Caf », « Ville », « fonds propres »…"),
    )
    amount = models.DecimalField(
        _("montant en euros"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    year = models.PositiveSmallIntegerField(
        _("année"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )

    panels = [
        FieldRowPanel([FieldPanel("funder"), FieldPanel("amount"), FieldPanel("year")])
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("financement")
        verbose_name_plural = _("financements")

    def __str__(self):
        return self.funder


class ProjectDocument(TranslatableMixin, Orderable):
    """A file attached to the sheet (« Fichier(s) associé(s) »)."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        _("intitulé du lien"),
        max_length=200,
        blank=True,
        help_text=_("Par défaut, le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("fichier associé")
        verbose_name_plural = _("fichiers associés")

    def __str__(self):
        return self.label or self.document.title


class ProjectRelatedPage(Orderable):
    """A news item or an agenda event about the action."""

    project = ParentalKey(
        ProjectPage, on_delete=models.CASCADE, related_name="related_pages"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page liée"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page", ["blog.NewsPage", "agenda.EventPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("page liée")
        verbose_name_plural = _("pages liées")

    def __str__(self):
        return str(self.page)
