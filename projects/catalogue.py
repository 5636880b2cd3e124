"""The catalogue of the action sheets: filters and sorting from the query
string, so that it works without JavaScript and every view has its address."""

from operator import itemgetter

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cooperation.languages import in_language
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
    The catalogue holds a few dozen sheets: sorting them here is cheap."""
    value = next(column[2] for column in COLUMNS if column[0] == key)
    projects = sorted(projects, key=lambda p: (fold(p.title), p.pk))
    # Each sheet's value computed once (folding is the dear part).
    values = [(value(p), p) for p in projects]
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

    def __init__(self, data, *, locale, projects):
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
        years = (
            projects.exclude(year_started=None)
            .order_by("-year_started")
            .values_list("year_started", flat=True)
            .distinct()
        )
        self.fields["annee"].choices = everything + [
            (str(year), str(year)) for year in years
        ]
        structures = (
            projects.exclude(structure=None)
            .order_by("structure")
            .values_list("structure", flat=True)
            .distinct()
        )
        self.fields["structure"].choices = everything + [
            (name, name) for name in sorted(structures, key=fold)
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


class Catalogue:
    """What the catalogue template shows: the sheets, sorted and filtered."""

    def __init__(self, index_page, query):
        locale = index_page.locale
        all_projects = index_page.get_projects()
        self.form = ProjectFilterForm(
            query or None, locale=locale, projects=all_projects
        )
        projects = all_projects
        if self.form.is_bound:
            projects = self.form.filter(projects)
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
        self.projects = sort_projects(projects, key, self.descending)
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
