"""ProjectIndexPage and ProjectPage: a sheet with its inline items through the
admin, validation and the sheet's sections (the contract every page type
keeps is in tests/test_page_types.py)."""

import re
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset

from cooperation.typography import french as typeset
from projects.models import (
    ProjectDocument,
    ProjectFunding,
    ProjectPage,
    ProjectPartner,
    ProjectRelatedPage,
)
from tests.blog.factories import NewsPageFactory
from tests.factories import ImageFactory, StandardPageFactory, build_site_tree
from tests.form_data import project_form_data
from tests.projects.factories import (
    DimensionFactory,
    KeywordFactory,
    PartnerTypeFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    audience,
)


def make_document(title="Bilan 2024"):
    document = get_document_model()(title=title)
    document.file.save("bilan.pdf", ContentFile(b"%PDF-1.4 bilan"), save=True)
    return document


class ProjectTreeMixin:
    @classmethod
    def build_tree(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        cls.news_index = tree["news"]
        cls.index = ProjectIndexPageFactory(parent=cls.home)
        cls.dimension = DimensionFactory(name="Citoyenneté", slug="citoyennete")
        cls.keyword = KeywordFactory(name="Mixité sociale", slug="mixite-sociale")
        cls.caf = PartnerTypeFactory(name="Caf", slug="caf")


class ProjectPagesTests(ProjectTreeMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()
        cls.image = ImageFactory()
        cls.project = ProjectPageFactory(
            parent=cls.index,
            title="Repas interculturels",
            image=cls.image,
            dimension=cls.dimension,
            keywords=[cls.keyword],
            audiences=[audience("familles")],
            initiators=["groupe-habitants"],
            territory="plusieurs-quartiers",
            description=RichText("<p>Chaque mois, une cuisine du monde.</p>"),
        )

    def test_pages_use_their_own_templates(self):
        response = self.client.get(self.index.url)
        self.assertTemplateUsed(response, "projects/project_index_page.html")
        self.assertContains(response, "projects/projects.css")
        response = self.client.get(self.project.url)
        self.assertTemplateUsed(response, "projects/project_page.html")
        self.assertContains(response, "projects/projects.css")

    def test_sheet_shows_its_key_facts_in_a_definition_list(self):
        response = self.client.get(self.project.url)
        self.assertContains(response, "<h1>Repas interculturels</h1>", html=True)
        for term, value in [
            ("Structure organisatrice", "Maison de quartier des Ors"),
            ("Département", "Drôme"),
            ("Statut", "En cours"),
            ("Dimension", "Citoyenneté"),
            ("Année de démarrage", "2024"),
            ("Territoire concerné", "Plusieurs quartiers"),
        ]:
            self.assertContains(response, f"<dt>{term}</dt><dd>{value}</dd>", html=True)
        self.assertContains(response, "<li>Mixité sociale</li>", html=True)
        self.assertContains(response, "<li>Familles</li>", html=True)
        self.assertContains(response, "<li>Un groupe d’habitants</li>", html=True)
        self.assertContains(response, f'alt="{self.image.description}"')
        self.assertContains(response, "Retour au catalogue des projets")


class ProjectOrganiserTests(ProjectTreeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()
        cls.centre = StandardPageFactory(
            parent=cls.home, title="Maison de quartier des Ors"
        )
        cls.project = ProjectPageFactory(
            parent=cls.index, organiser_page=cls.centre, organiser_name=""
        )

    def test_sheet_links_to_the_organising_centre(self):
        response = self.client.get(self.project.url)
        self.assertContains(
            response,
            f'<dd><a href="{self.centre.url}">Maison de quartier des Ors</a></dd>',
            html=True,
        )

    def test_unpublished_centre_is_named_without_a_link(self):
        self.centre.unpublish()
        response = self.client.get(self.project.url)
        self.assertContains(response, "<dd>Maison de quartier des Ors</dd>", html=True)
        self.assertNotContains(response, f'href="{self.centre.url}"')


class ProjectSectionsTests(ProjectTreeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()
        cls.bare = ProjectPageFactory(parent=cls.index, title="Fiche minimale")
        cls.full = ProjectPageFactory(
            parent=cls.index,
            title="Tous à vélo",
            status="terminee",
            end_reason="Fin de l'année scolaire.",
            initiators=["centre", "autre"],
            initiator_detail="Les parents de l'aide aux devoirs.",
            description=RichText("<p>Apprendre à rouler en ville.</p>"),
            general_description=RichText("<p>Un atelier chaque mercredi.</p>"),
            funding_text=RichText("<p>Vélos prêtés par la Ville.</p>"),
            professionals_count=2,
            volunteers_count=0,
            people_text="Une dizaine de familles.",
            results_territory=RichText("<p>Plus de vélos dans le quartier.</p>"),
            results_centre=RichText("<p>Un nouvel atelier.</p>"),
            results_residents=RichText("<p>Des enfants autonomes.</p>"),
            limits=RichText("<p>Peu de pistes cyclables.</p>"),
            perspectives=RichText("<p>Une vélo-école pour adultes.</p>"),
        )
        ProjectPartner.objects.create(
            page=cls.full, partner_type=cls.caf, name="Caf de la Drôme", role="Aide"
        )
        ProjectFunding.objects.create(
            page=cls.full, funder="Caf", amount=Decimal("1500.50"), year=2024
        )
        ProjectFunding.objects.create(page=cls.full, funder="Ville", amount=500)
        ProjectDocument.objects.create(
            page=cls.full, document=make_document(), label="Le bilan"
        )
        cls.news = NewsPageFactory(parent=cls.news_index, title="Le vélo en fête")
        cls.draft_news = NewsPageFactory(
            parent=cls.news_index, title="Brouillon vélo", live=False
        )
        cls.private_news = NewsPageFactory(
            parent=cls.news_index, title="Compte rendu réservé"
        )
        PageViewRestriction.objects.create(
            page=cls.private_news,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
        for news in (cls.draft_news, cls.news, cls.private_news):
            ProjectRelatedPage.objects.create(project=cls.full, page=news)

    SECTION_TITLES = [
        "Fichiers associés",
        "Description et objectifs",
        "Partenaires",
        "Description générale",
        "Ressources financières",
        "Personnes mobilisées",
        "Résultats",
        "Limites",
        "Perspectives",
        "Actualités liées",
    ]

    def test_empty_sections_are_not_shown(self):
        response = self.client.get(self.bare.url)
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        for title in self.SECTION_TITLES:
            self.assertNotIn(f">{title}</h2>", content, title)
        self.assertNotIn("<h3>", content)
        self.assertIn(">Résumé</h2>", content)

    def test_full_sheet_shows_every_section_in_the_order_of_the_federation(self):
        response = self.client.get(self.full.url)
        content = response.content.decode()
        positions = [
            content.index(f">{title}</h2>")
            for title in [
                "L’essentiel",
                "Fichiers associés",
                "Résumé",
                "Description et objectifs",
                "Partenaires",
                "Description générale",
                "Ressources financières",
                "Personnes mobilisées",
                "Résultats",
                "Limites",
                "Perspectives",
                "Actualités liées",
            ]
        ]
        self.assertEqual(positions, sorted(positions))
        for text in [
            "Apprendre à rouler en ville.",
            "Un atelier chaque mercredi.",
            "Plus de vélos dans le quartier.",
            "Un nouvel atelier.",
            "Des enfants autonomes.",
            "Peu de pistes cyclables.",
            "Une vélo-école pour adultes.",
            "Une dizaine de familles.",
            "Vélos prêtés par la Ville.",
            "Caf de la Drôme",
            "Les parents de l'aide aux devoirs.",
        ]:
            self.assertContains(response, escape(typeset(text)))
        self.assertContains(response, "Fin de l’année scolaire.")
        self.assertContains(response, "<dt>Statut</dt>", html=True)
        self.assertContains(response, ">Le bilan</a>")
        self.assertContains(response, "<h3>Pour le centre social</h3>", html=True)

    def test_people_counts_show_zero_but_not_missing_numbers(self):
        response = self.client.get(self.full.url)
        self.assertContains(
            response, "<div><dt>Professionnels</dt><dd>2</dd></div>", html=True
        )
        self.assertContains(
            response, "<div><dt>Bénévoles</dt><dd>0</dd></div>", html=True
        )
        self.assertNotContains(response, "<dt>Habitants</dt>", html=True)

    def test_funding_table_shows_each_amount_and_the_total(self):
        fundings, total = self.full.get_fundings()
        self.assertEqual(total, Decimal("2000.50"))
        response = self.client.get(self.full.url)
        content = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
        self.assertIn("1 500,50 €", content)
        self.assertIn("500 €", content)
        self.assertIn("2 000,50 €", content)
        self.assertIn('<th scope="row" colspan="2">Total</th>', content)

    def test_related_news_shown_only_when_live_and_public(self):
        response = self.client.get(self.full.url)
        self.assertContains(
            response, f'<a href="{self.news.url}">Le vélo en fête</a>', html=False
        )
        self.assertNotContains(response, "Brouillon vélo")
        self.assertNotContains(response, "Compte rendu réservé")

    def test_related_news_heading_hidden_when_none_is_live(self):
        self.news.unpublish()
        response = self.client.get(self.full.url)
        self.assertNotContains(response, "Actualités liées")


class ProjectValidationTests(ProjectTreeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()

    def sheet(self, **fields):
        values = {"title": "Bourse aux jouets", "slug": "bourse", "summary": "Oui."}
        values.update(fields)
        return ProjectPage(**values)

    def assertInvalid(self, page, field, message):
        with self.assertRaises(ValidationError) as caught:
            page.clean()
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))

    def test_a_structure_is_required(self):
        self.assertInvalid(
            self.sheet(),
            "organiser_name",
            "Choisissez la maison de quartier organisatrice",
        )

    def test_a_centre_page_or_a_name_but_not_both(self):
        self.sheet(organiser_page=self.home).clean()
        self.sheet(organiser_name="MPT Centre-ville").clean()
        self.assertInvalid(
            self.sheet(organiser_page=self.home, organiser_name="MPT Centre-ville"),
            "organiser_name",
            "pas les deux",
        )

    def test_an_ended_action_needs_its_reason(self):
        self.assertInvalid(
            self.sheet(organiser_name="MPT", status="terminee"),
            "end_reason",
            "Indiquez pourquoi l'action est terminée.",
        )
        self.sheet(
            organiser_name="MPT", status="terminee", end_reason="Budget épuisé."
        ).clean()

    def test_other_initiator_needs_a_detail(self):
        self.assertInvalid(
            self.sheet(organiser_name="MPT", initiators=["autre"]),
            "initiator_detail",
            "précisez qui est à l'initiative",
        )

    def test_structure_and_department_labels(self):
        centre = self.sheet(organiser_page=self.home)
        self.assertEqual(centre.structure_label, self.home.title)
        self.assertEqual(centre.department_label, "Drôme")
        other = self.sheet(organiser_name="Le Lien 26", organiser_department="Isère")
        self.assertEqual(other.structure_label, "Le Lien 26")
        self.assertEqual(other.department_label, "Isère")


class ProjectPageAdminTests(ProjectTreeMixin, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()
        cls.msa = PartnerTypeFactory(name="MSA", slug="msa")
        cls.document = make_document()
        cls.news = NewsPageFactory(parent=cls.news_index, title="Premières récoltes")
        cls.user = cls.create_superuser("editrice", password="motdepasse")

    def setUp(self):
        self.client.force_login(self.user)

    def form_data(self, **fields):
        data = {
            "dimension": self.dimension.pk,
            "keywords": [self.keyword.pk],
            "audiences": [audience("familles").pk, audience("seniors").pk],
            "initiators": ["centre", "groupe-habitants"],
            "professionals_count": "2",
            "volunteers_count": "12",
            "partners": inline_formset(
                [
                    {"partner_type": self.caf.pk, "name": "Caf", "role": "Finance"},
                    {"partner_type": self.msa.pk, "name": "", "role": ""},
                ]
            ),
            "fundings": inline_formset(
                [{"funder": "Caf", "amount": "1200.00", "year": "2023"}]
            ),
            "documents": inline_formset(
                [{"document": self.document.pk, "label": "Plan du jardin"}]
            ),
            "related_pages": inline_formset([{"page": self.news.pk}]),
            "action-publish": "publish",
        }
        data.update(fields)
        return project_form_data(**data)

    def test_editor_creates_then_edits_a_project_page_in_the_admin(self):
        add_url = f"/admin/pages/add/projects/projectpage/{self.index.pk}/"
        self.assertEqual(self.client.get(add_url).status_code, 200)
        response = self.client.post(add_url, self.form_data())
        self.assertEqual(response.status_code, 302, response.content[:3000])

        project = ProjectPage.objects.get(slug="jardin-partage")
        self.assertTrue(project.live)
        self.assertEqual(project.get_parent().pk, self.index.pk)
        self.assertEqual(project.year_started, 2023)
        self.assertEqual(project.dimension, self.dimension)
        self.assertEqual(list(project.keywords.all()), [self.keyword])
        self.assertEqual(
            [a.code for a in project.audiences.all()], ["familles", "seniors"]
        )
        self.assertEqual(project.initiators, ["centre", "groupe-habitants"])
        self.assertEqual(project.volunteers_count, 12)
        self.assertIsNone(project.residents_count)
        self.assertEqual(
            [(p.partner_type.slug, p.name) for p in project.partners.all()],
            [("caf", "Caf"), ("msa", "")],
        )
        self.assertEqual(project.fundings.get().amount, Decimal("1200.00"))
        self.assertEqual(project.documents.get().label, "Plan du jardin")
        self.assertEqual(project.related_pages.get().page_id, self.news.pk)

        edit_url = f"/admin/pages/{project.pk}/edit/"
        response = self.client.get(edit_url)
        self.assertEqual(response.status_code, 200)
        checked = {
            value: "checked" in tag
            for tag, value in re.findall(
                r'(<input type="checkbox" name="initiators" value="([^"]+)"[^>]*>)',
                response.content.decode(),
            )
        }
        self.assertEqual(
            checked,
            {
                "centre": True,
                "groupe-habitants": True,
                "habitant": False,
                "partenaires": False,
                "autre": False,
            },
        )
        caf, msa = project.partners.all()
        funding = project.fundings.get()
        data = self.form_data(
            title="Jardin partagé : saison 2",
            status="terminee",
            end_reason="Le terrain a été vendu.",
            keywords=[],
            audiences=[audience("seniors").pk],
            initiators=["autre"],
            initiator_detail="Le conseil citoyen.",
            partners=inline_formset(
                [
                    {"id": caf.pk, "partner_type": self.caf.pk, "name": "Caf 26"},
                    {"id": msa.pk, "partner_type": self.msa.pk, "DELETE": "on"},
                ],
                initial=2,
            ),
            fundings=inline_formset(
                [
                    {
                        "id": funding.pk,
                        "funder": "Caf",
                        "amount": "1200.00",
                        "DELETE": "on",
                    }
                ],
                initial=1,
            ),
            documents=inline_formset([]),
            related_pages=inline_formset([]),
        )
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

        project = Page.objects.get(pk=project.pk).specific
        self.assertEqual(project.title, "Jardin partagé : saison 2")
        self.assertEqual(project.status, "terminee")
        self.assertEqual(project.end_reason, "Le terrain a été vendu.")
        self.assertEqual(list(project.keywords.all()), [])
        self.assertEqual([a.code for a in project.audiences.all()], ["seniors"])
        self.assertEqual(project.initiators, ["autre"])
        self.assertEqual([p.name for p in project.partners.all()], ["Caf 26"])
        self.assertFalse(project.fundings.exists())

        response = self.client.get(project.url)
        self.assertContains(response, "Jardin partagé : saison 2")
        self.assertContains(response, "Le terrain a été vendu.")

    def test_admin_refuses_an_ended_action_without_reason(self):
        add_url = f"/admin/pages/add/projects/projectpage/{self.index.pk}/"
        response = self.client.post(add_url, self.form_data(status="terminee"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Indiquez pourquoi l&#x27;action est terminée.")
        self.assertFalse(ProjectPage.objects.filter(slug="jardin-partage").exists())

    def test_admin_refuses_a_sheet_without_structure(self):
        add_url = f"/admin/pages/add/projects/projectpage/{self.index.pk}/"
        response = self.client.post(add_url, self.form_data(organiser_name=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choisissez la maison de quartier organisatrice")


class ProjectSheetQueryCountTests(ProjectTreeMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_tree()
        cls.project = ProjectPageFactory(parent=cls.index)
        cls.document = make_document()

    def add_items(self, count):
        for n in range(count):
            partner_type = PartnerTypeFactory()
            ProjectPartner.objects.create(
                page=self.project, partner_type=partner_type, name=f"Partenaire {n}"
            )
            ProjectFunding.objects.create(
                page=self.project, funder=f"Financeur {n}", amount=100
            )
            ProjectDocument.objects.create(page=self.project, document=self.document)
            news = NewsPageFactory(parent=self.news_index)
            ProjectRelatedPage.objects.create(project=self.project, page=news)

    def count_queries(self):
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.project.url)
        self.assertEqual(response.status_code, 200)
        return len(queries), len(response.context["partners"])

    def test_sheet_query_count_does_not_grow_with_its_related_events(self):
        from tests.agenda.factories import EventIndexPageFactory, EventPageFactory

        agenda = EventIndexPageFactory(parent=self.home)

        def add_events(count):
            for _ in range(count):
                event = EventPageFactory(parent=agenda)
                ProjectRelatedPage.objects.create(project=self.project, page=event)

        add_events(2)
        self.client.get(self.project.url)
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as two:
            response = self.client.get(self.project.url)
        self.assertEqual(len(response.context["related_events"]), 2)
        add_events(6)
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as eight:
            response = self.client.get(self.project.url)
        self.assertEqual(len(response.context["related_events"]), 8)
        self.assertEqual(len(two), len(eight), (len(two), len(eight)))

    def test_sheet_query_count_does_not_grow_with_its_inline_items(self):
        self.add_items(2)
        self.client.get(self.project.url)
        with_two, shown = self.count_queries()
        self.assertEqual(shown, 2)
        self.add_items(10)
        with_twelve, shown = self.count_queries()
        self.assertEqual(shown, 12)
        self.assertEqual(with_two, with_twelve, (with_two, with_twelve))
