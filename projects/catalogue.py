"""The catalogue of the action sheets: filters and sorting from the query
string, so that it works without JavaScript and every view has its address."""

from operator import itemgetter
from urllib.parse import quote

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cooperation.languages import and_french_source, in_language
from cooperation.models import plain_text
from cooperation.renditions import card_images
from cooperation.text import fold
from projects.vocabularies import Audience, Dimension, Keyword, ProjectStatus

SORT_PARAM = "tri"
DEFAULT_SORT = "nom"


# The sortable columns: query value, label, the value each sheet sorts by.
COLUMNS = [
    ("nom", _("Nom"), lambda project: fold(project.title)),
    ("structure", _("Structure"), lambda project: fold(project.structure)),
    (
        "departement",
        _("Département"),
        lambda project: fold(project.organiser_department),
    ),
    ("annee", _("Année"), lambda project: project.year_started),
]


def sort_projects(projects, key, descending):
    """Sort by one column, then by name; empty values come last both ways.
    The catalogue holds a few hundred sheets: sorting them here is cheap."""
    value = next(column[2] for column in COLUMNS if column[0] == key)
    # Each sheet's title folded once (folding is the dear part).
    named = sorted(((fold(p.title), p.pk), p) for p in projects)
    projects = [p for _name, p in named]
    values = (
        [(name[0], p) for name, p in named]
        if key == "nom"
        else [(value(p), p) for p in projects]
    )
    filled = [pair for pair in values if pair[0] not in (None, "")]
    empty = [p for found, p in values if found in (None, "")]
    filled.sort(key=itemgetter(0), reverse=descending)
    return [p for _found, p in filled] + empty


class ProjectFilterForm(forms.Form):
    """The catalogue's filters; every choice list comes from the database."""

    dimension = forms.ChoiceField(label=_("Dimension"), required=False)
    mot_cle = forms.ChoiceField(label=_("Mot clé"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    statut = forms.ChoiceField(label=_("Statut"), required=False)
    annee = forms.TypedChoiceField(
        label=_("Année de démarrage"), required=False, coerce=int, empty_value=None
    )
    structure = forms.ChoiceField(label=_("Structure"), required=False)

    def __init__(self, data, *, locale, sheets):
        super().__init__(data)
        everything = [("", _("Toutes"))]
        # The terms of this language, and the French ones not translated.
        self.terms = {
            name: {
                item.slug: item
                for item in sorted(
                    in_language(model.objects.all(), locale), key=lambda i: fold(i.name)
                )
            }
            for name, model in (("dimension", Dimension), ("mot_cle", Keyword))
        }
        self.fields["dimension"].choices = everything + [
            (slug, item.name) for slug, item in self.terms["dimension"].items()
        ]
        self.fields["mot_cle"].choices = [("", _("Tous"))] + [
            (slug, item.name) for slug, item in self.terms["mot_cle"].items()
        ]
        self.fields["public"].choices = [("", _("Tous"))] + [
            (item.code, str(item)) for item in Audience.objects.all()
        ]
        self.fields["statut"].choices = [("", _("Tous"))] + ProjectStatus.choices
        # The years and structures of every sheet of the catalogue (not only
        # the filtered ones), read from the sheets already fetched.
        years = sorted(
            {sheet.year_started for sheet in sheets if sheet.year_started},
            reverse=True,
        )
        self.fields["annee"].choices = everything + [
            (str(year), str(year)) for year in years
        ]
        structures = {sheet.structure for sheet in sheets if sheet.structure}
        self.fields["structure"].choices = everything + [
            (name, name) for name in sorted(structures, key=lambda n: (fold(n), n))
        ]

    def filter(self, projects):
        """Apply the valid filters; an unknown value (an old link) is ignored
        and shown as an error next to its field. A term is one term in every
        language: a translated sheet keeps its source's French terms."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("dimension"):
            term = self.terms["dimension"][data["dimension"]]
            projects = projects.filter(dimension__translation_key=term.translation_key)
        if data.get("mot_cle"):
            term = self.terms["mot_cle"][data["mot_cle"]]
            projects = projects.filter(keywords__translation_key=term.translation_key)
        if data.get("public"):
            projects = projects.filter(audiences__code=data["public"])
        if data.get("statut"):
            projects = projects.filter(status=data["statut"])
        if data.get("annee"):
            projects = projects.filter(year_started=data["annee"])
        if data.get("structure"):
            projects = projects.filter(structure=data["structure"])
        return projects

    def active_query(self):
        """The valid filters, as a dict for the sort links' query string."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: self.data[name]
            for name, value in self.cleaned_data.items()
            if value not in ("", None)
        }


# What a row of the catalogue shows, read as plain values: building two
# hundred pages (Wagtail's and modelcluster's models) cost more than the rest.
SHEET_FIELDS = (
    "pk",
    "title",
    "slug",
    "path",
    "search_description",
    "summary",
    "structure",
    "organiser_department",
    "year_started",
    "is_french_fallback",
    "image_id",
    "listing_image_id",
)


class Sheet:
    """One sheet as the catalogue shows it: a row of the table (a card on a
    phone). `card_summary` and `card_image` say what the page's do (its
    « Résumé », else its summary; its listing image, else its image);
    `catalogue_url` is its address (`set_urls`)."""

    card_image = None
    catalogue_url = ""

    def __init__(self, values):
        self.__dict__.update(values)

    @property
    def card_summary(self):
        return self.search_description or plain_text(self.summary)


def fetch_sheets(queryset):
    return [Sheet(values) for values in queryset.values(*SHEET_FIELDS)]


def set_images(sheets):
    """Each sheet's card image with its card renditions: two queries for
    them all (none without images)."""
    wanted = {sheet.listing_image_id or sheet.image_id for sheet in sheets} - {None}
    if not wanted:
        return
    images = {image.pk: image for image in card_images().filter(pk__in=wanted)}
    for sheet in sheets:
        sheet.card_image = images.get(sheet.listing_image_id or sheet.image_id)


def set_urls(sheets, index_page, request):
    """Give each sheet its address as `catalogue_url`: its section's address
    and its slug (a sheet is filed right under the catalogue or, for a French
    sheet shown in its place, under the French catalogue), as Wagtail's
    `get_url` gives it but without working it out again for each sheet."""
    sections = {
        page.path: page.get_url(request) for page in and_french_source(index_page)
    }
    for sheet in sheets:
        section = sections.get(sheet.path[: -Page.steplen])
        if section is None:  # not filed so by the page types: asked of Wagtail
            parent = Page.objects.get(path=sheet.path[: -Page.steplen])
            section = sections[parent.path] = parent.get_url(request)
        sheet.catalogue_url = f"{section}{quote(sheet.slug)}/"


class Catalogue:
    """What the catalogue template shows: the sheets, sorted and filtered."""

    def __init__(self, index_page, request):
        query = request.GET
        locale = index_page.locale
        all_projects = index_page.get_projects()
        sheets = fetch_sheets(all_projects)
        self.form = ProjectFilterForm(query or None, locale=locale, sheets=sheets)
        if self.form.is_bound and self.form.active_query():
            shown = set(self.form.filter(all_projects).values_list("pk", flat=True))
            sheets = [sheet for sheet in sheets if sheet.pk in shown]
        filters = self.form.active_query()
        self.is_filtered = bool(filters)
        # Read by components/filter_panel.html.
        self.active_filter_count = len(filters)

        sort = query.get(SORT_PARAM, DEFAULT_SORT)
        key = sort.removeprefix("-")
        if key not in {column[0] for column in COLUMNS}:
            sort, key = DEFAULT_SORT, DEFAULT_SORT
        self.sort = sort
        self.descending = sort.startswith("-")
        self.projects = sort_projects(sheets, key, self.descending)
        set_images(self.projects)
        set_urls(self.projects, index_page, request)
        self.count = len(self.projects)

        self.columns = []
        for value, label, _value in COLUMNS:
            is_sorted = value == key
            next_sort = value if not is_sorted or self.descending else f"-{value}"
            self.columns.append(
                {
                    "label": label,
                    "is_sorted": is_sorted,
                    "aria_sort": (
                        ("descending" if self.descending else "ascending")
                        if is_sorted
                        else ""
                    ),
                    "next_is_descending": next_sort.startswith("-"),
                    "query": urlencode({**filters, SORT_PARAM: next_sort}),
                }
            )
