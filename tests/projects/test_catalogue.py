"""The catalogue of the action sheets: the sortable table, the filters that
work without JavaScript, the count, what never shows, and a query count that
does not grow with the number of sheets."""

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from projects.models import ProjectPage
from tests.factories import StandardPageFactory, build_site_tree, translate
from tests.projects.factories import (
    DimensionFactory,
    KeywordFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    audience,
)

BIKE = "Atelier vélo"
TOYS = "Bourse aux jouets"
PARENTS = "Café des parents"
GARDEN = "Jardin des Ors"


def titles(response):
    return [project.title for project in response.context["catalogue"].projects]


class CatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        cls.index = ProjectIndexPageFactory(parent=home)
        citizenship = DimensionFactory(slug="citoyennete")
        services = DimensionFactory(slug="services")
        support = DimensionFactory(slug="accompagnement-de-projets")
        green = KeywordFactory(slug="developpement-durable")
        cls.centre = StandardPageFactory(
            parent=home, title="Maison de quartier Saint-Nicolas"
        )
        ProjectPageFactory(
            parent=cls.index,
            title=TOYS,
            organiser_name="MPT Centre-ville",
            year_started=2017,
            status="terminee",
            end_reason="La salle n'est plus disponible.",
            dimension=services,
            keywords=[KeywordFactory(slug="solidarite")],
            audiences=[audience("tous-publics")],
        )
        ProjectPageFactory(
            parent=cls.index,
            title=BIKE,
            organiser_page=cls.centre,
            organiser_name="",
            year_started=2020,
            dimension=citizenship,
            keywords=[KeywordFactory(slug="mobilite-transport"), green],
            audiences=[audience("familles"), audience("jeunesse")],
        )
        ProjectPageFactory(
            parent=cls.index,
            title=PARENTS,
            organiser_name="Centre social La Paz",
            organiser_department="Ardèche",
            year_started=2019,
            dimension=support,
            keywords=[KeywordFactory(slug="parentalite")],
            audiences=[audience("familles")],
        )
        ProjectPageFactory(
            parent=cls.index,
            title=GARDEN,
            organiser_name="Maison de quartier des Ors",
            year_started=None,
            status="terminee",
            end_reason="Le terrain a été vendu.",
            dimension=citizenship,
            keywords=[green, KeywordFactory(slug="intergenerationnel")],
            audiences=[audience("seniors"), audience("tous-publics")],
        )
        ProjectPageFactory(
            parent=cls.index,
            title="Brouillon secret",
            organiser_name="Structure fantôme",
            year_started=1999,
            live=False,
            dimension=citizenship,
            keywords=[green],
            audiences=[audience("familles")],
        )
        private = ProjectPageFactory(
            parent=cls.index,
            title="Fiche réservée",
            organiser_name="Structure privée",
            year_started=1998,
            dimension=citizenship,
            keywords=[green],
            audiences=[audience("familles")],
        )
        PageViewRestriction.objects.create(
            page=private,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )

    def get(self, **query):
        response = self.client.get(self.index.url, query)
        self.assertEqual(response.status_code, 200)
        return response

    # The table.

    def test_catalogue_is_an_accessible_table_sorted_by_name(self):
        response = self.get()
        self.assertEqual(titles(response), [BIKE, TOYS, PARENTS, GARDEN])
        self.assertContains(response, "<caption id=")
        self.assertContains(response, 'role="region"')
        self.assertContains(response, 'tabindex="0"')
        self.assertContains(response, '<th scope="col"', count=4)
        self.assertContains(response, 'aria-sort="ascending"', count=1)
        self.assertContains(response, "aria-sort", count=1)
        bike = ProjectPage.objects.get(title=BIKE)
        # The row header: the sheet's link, then its summary (shown on a
        # phone only, where the row is a card).
        self.assertContains(
            response,
            f'<th scope="row"><a href="{bike.url}">{BIKE}</a>'
            f'<span class="project-table__summary">{bike.card_summary}</span></th>',
            html=True,
        )
        # One markup: each sheet is rendered once.
        self.assertContains(response, f">{BIKE}</a>", count=1)
        self.assertNotContains(response, "project-cards")

    def test_each_link_is_the_sheets_address(self):
        """The addresses are put together by the catalogue (its section's
        address and the slug): the same as Wagtail's, in French and for a
        French sheet shown in the English catalogue."""

        def links(response):
            sheets = response.context["catalogue"].projects
            pages = ProjectPage.objects.in_bulk([sheet.pk for sheet in sheets])
            for sheet in sheets:
                self.assertContains(response, f'href="{sheet.catalogue_url}"', count=1)
            return [
                (sheet.catalogue_url, pages[sheet.pk].get_url()) for sheet in sheets
            ]

        found = links(self.get())
        self.assertEqual(len(found), 4)
        self.assertTrue(all(ours == wagtails for ours, wagtails in found))
        english = translate(self.index, "en", title="Projects", slug="projects")
        response = self.client.get(english.url)
        self.assertTrue(
            all(p.is_french_fallback for p in response.context["catalogue"].projects)
        )
        found = links(response)
        self.assertEqual(len(found), 4)
        self.assertTrue(all(ours == wagtails for ours, wagtails in found))
        self.assertTrue(all(ours.startswith("/projets/") for ours, _ in found))

    def test_table_shows_structure_department_and_year(self):
        response = self.get()
        self.assertContains(
            response,
            "<td>Maison de quartier Saint-Nicolas</td><td>Drôme</td><td>2020</td>",
            html=True,
        )
        self.assertContains(
            response,
            "<td>Centre social La Paz</td><td>Ardèche</td><td>2019</td>",
            html=True,
        )
        self.assertContains(
            response,
            "<td>Maison de quartier des Ors</td><td>Drôme</td><td></td>",
            html=True,
        )

    def test_each_column_sorts_both_ways(self):
        expected = {
            "nom": [BIKE, TOYS, PARENTS, GARDEN],
            "-nom": [GARDEN, PARENTS, TOYS, BIKE],
            "structure": [PARENTS, GARDEN, BIKE, TOYS],
            "-structure": [TOYS, BIKE, GARDEN, PARENTS],
            # Equal departments keep the order of the names.
            "departement": [PARENTS, BIKE, TOYS, GARDEN],
            "-departement": [BIKE, TOYS, GARDEN, PARENTS],
            # A sheet without a year comes last either way.
            "annee": [TOYS, PARENTS, BIKE, GARDEN],
            "-annee": [BIKE, PARENTS, TOYS, GARDEN],
        }
        for sort, order in expected.items():
            with self.subTest(sort=sort):
                self.assertEqual(titles(self.get(tri=sort)), order)

    def test_sorted_column_carries_aria_sort_and_its_link_reverses_it(self):
        columns = ["nom", "structure", "departement", "annee"]
        for column in columns:
            for sort, state, link in [
                (column, "ascending", f"-{column}"),
                (f"-{column}", "descending", column),
            ]:
                with self.subTest(sort=sort):
                    response = self.get(tri=sort)
                    sorted_columns = [
                        c
                        for c in response.context["catalogue"].columns
                        if c["is_sorted"]
                    ]
                    self.assertEqual(len(sorted_columns), 1)
                    self.assertEqual(sorted_columns[0]["aria_sort"], state)
                    self.assertContains(response, f'aria-sort="{state}"', count=1)
                    self.assertContains(response, f'href="?tri={link}"')
                    for other in columns:
                        if other != column:
                            self.assertContains(response, f'href="?tri={other}"')

    def test_unknown_sort_falls_back_to_the_name(self):
        response = self.get(tri="n-importe-quoi")
        self.assertEqual(titles(response), [BIKE, TOYS, PARENTS, GARDEN])
        self.assertContains(response, 'aria-sort="ascending"', count=1)

    # The filters.

    def test_filter_form_is_labelled_and_works_without_javascript(self):
        response = self.get()
        self.assertContains(response, '<form class="project-filters" method="get"')
        self.assertContains(response, "<legend>Filtrer les fiches</legend>", html=True)
        for name, label in [
            ("dimension", "Dimension"),
            ("mot_cle", "Mot clé"),
            ("public", "Public"),
            ("statut", "Statut"),
            ("annee", "Année de démarrage"),
            ("structure", "Structure"),
        ]:
            self.assertContains(
                response, f'<label for="id_{name}">{label}</label>', html=True
            )
            self.assertContains(response, f'name="{name}"')
        self.assertContains(response, '<button type="submit" class="button">')
        self.assertContains(
            response, f'<a href="{self.index.url}">Réinitialiser</a>', html=True
        )

    def test_each_filter_keeps_only_matching_sheets(self):
        cases = [
            ({"dimension": "citoyennete"}, [BIKE, GARDEN]),
            ({"mot_cle": "developpement-durable"}, [BIKE, GARDEN]),
            ({"public": "familles"}, [BIKE, PARENTS]),
            ({"statut": "terminee"}, [TOYS, GARDEN]),
            ({"statut": "en-cours"}, [BIKE, PARENTS]),
            ({"annee": "2019"}, [PARENTS]),
            ({"structure": "Centre social La Paz"}, [PARENTS]),
            ({"structure": "Maison de quartier Saint-Nicolas"}, [BIKE]),
        ]
        for query, expected in cases:
            with self.subTest(query=query):
                response = self.get(**query)
                self.assertEqual(titles(response), expected)
                count = len(expected)
                self.assertContains(
                    response, f"{count} fiche{'s' if count > 1 else ''}</p>"
                )

    def test_filters_combine(self):
        response = self.get(dimension="citoyennete", public="seniors")
        self.assertEqual(titles(response), [GARDEN])
        self.assertContains(response, "1 fiche")
        response = self.get(
            dimension="citoyennete", statut="en-cours", mot_cle="developpement-durable"
        )
        self.assertEqual(titles(response), [BIKE])
        response = self.get(mot_cle="parentalite", statut="terminee")
        self.assertEqual(titles(response), [])
        self.assertContains(response, "0 fiche")
        self.assertContains(response, "Aucune fiche ne correspond à ces critères.")
        self.assertNotContains(response, "<table")

    def test_count_is_announced_to_screen_readers(self):
        response = self.get()
        self.assertContains(
            response, '<p class="project-count" role="status">4 fiches</p>', html=True
        )

    def test_sort_links_keep_the_filters_and_the_form_keeps_the_sort(self):
        response = self.get(dimension="citoyennete", tri="-annee")
        self.assertEqual(titles(response), [BIKE, GARDEN])
        self.assertContains(response, 'href="?dimension=citoyennete&amp;tri=annee"')
        self.assertContains(response, 'href="?dimension=citoyennete&amp;tri=nom"')
        self.assertContains(
            response, '<input type="hidden" name="tri" value="-annee">', html=True
        )
        self.assertContains(
            response, '<option value="citoyennete" selected>', html=False
        )

    def test_unknown_filter_value_is_ignored_and_explained(self):
        response = self.get(dimension="inconnue", statut="terminee")
        self.assertEqual(titles(response), [TOYS, GARDEN])
        self.assertContains(response, 'class="project-filters__error"')

    # What never shows.

    def test_draft_and_private_sheets_never_appear(self):
        for query in (
            {},
            {"dimension": "citoyennete"},
            {"public": "familles"},
            {"mot_cle": "developpement-durable"},
            {"tri": "-annee"},
        ):
            with self.subTest(query=query):
                response = self.get(**query)
                self.assertNotContains(response, "Brouillon secret")
                self.assertNotContains(response, "Fiche réservée")

    def test_filter_choices_come_from_published_sheets_only(self):
        response = self.get()
        form = response.context["catalogue"].form
        self.assertEqual(
            [value for value, _label in form.fields["annee"].choices],
            ["", "2020", "2019", "2017"],
        )
        self.assertEqual(
            [value for value, _label in form.fields["structure"].choices],
            [
                "",
                "Centre social La Paz",
                "Maison de quartier des Ors",
                "Maison de quartier Saint-Nicolas",
                "MPT Centre-ville",
            ],
        )
        self.assertNotContains(response, "Structure fantôme")
        self.assertNotContains(response, "Structure privée")


class CatalogueQueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        cls.index = ProjectIndexPageFactory(parent=cls.home)
        cls.centres = [
            StandardPageFactory(parent=cls.home, title=f"Maison de quartier {n}")
            for n in range(3)
        ]
        cls.dimensions = [DimensionFactory() for _ in range(3)]
        cls.keywords = [KeywordFactory() for _ in range(4)]
        cls.number = 0

    def add_projects(self, count):
        for _ in range(count):
            self.number += 1
            n = self.number
            on_site = n % 2 == 0
            ProjectPageFactory(
                parent=self.index,
                organiser_page=self.centres[n % 3] if on_site else None,
                organiser_name="" if on_site else f"Structure {n % 5}",
                year_started=2010 + n % 12,
                dimension=self.dimensions[n % 3],
                keywords=self.keywords[: n % 4 + 1],
                audiences=[audience("familles"), audience("seniors")],
            )

    def count_queries(self, **query):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.index.url, query)
        self.assertEqual(response.status_code, 200)
        return len(queries), response.context["catalogue"].count

    @pytest.mark.slow
    def test_catalogue_query_count_does_not_grow_with_the_number_of_sheets(self):
        for query in ({}, {"tri": "-structure", "public": "familles"}):
            with self.subTest(query=query):
                self.add_projects(5)
                self.client.get(self.index.url)
                with_five, shown = self.count_queries(**query)
                self.assertEqual(shown, self.number)

                self.add_projects(45)
                # Adding pages empties the site cache: fill it again first.
                self.client.get(self.index.url)
                with_fifty, shown = self.count_queries(**query)
                self.assertEqual(shown, self.number)

                self.assertEqual(with_five, with_fifty, (with_five, with_fifty))


class CatalogueLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = ProjectIndexPageFactory(parent=tree["home"])
        cls.french = ProjectPageFactory(
            parent=cls.index,
            title="Réveillon solidaire",
            keywords=[KeywordFactory(slug="solidarite")],
            audiences=[audience("seniors")],
        )
        cls.english = translate(
            cls.french, "en", title="New Year's Eve together", slug="new-year"
        )

    def test_each_catalogue_lists_the_sheets_of_its_language(self):
        response = self.client.get(self.index.url)
        self.assertEqual(titles(response), ["Réveillon solidaire"])
        english_index = self.english.get_parent()
        response = self.client.get(english_index.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), ["New Year's Eve together"])

    def test_translated_sheet_renders_with_english_labels(self):
        response = self.client.get(self.english.url)
        self.assertEqual(response.status_code, 200)
        # The audience's label comes from the UI translations.
        self.assertContains(response, "Older people")
        self.assertContains(response, "Key points")
