"""The editable vocabularies of the action sheets and their default terms."""

import importlib

from django.apps import apps
from django.test import TestCase
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils

from projects.vocabularies import Audience, Dimension, Keyword, PartnerType

default_vocabulary = importlib.import_module(
    "projects.migrations.0003_default_vocabulary"
)


class DefaultVocabularyTests(TestCase):
    def test_migration_made_the_federation_vocabulary_in_french(self):
        french = Locale.objects.get(language_code="fr")
        self.assertEqual(
            set(Dimension.objects.filter(locale=french).values_list("name", flat=True)),
            {"Citoyenneté", "Accompagnement de projets", "Services"},
        )
        keywords = set(
            Keyword.objects.filter(locale=french).values_list("slug", flat=True)
        )
        self.assertLessEqual(
            {
                "parentalite",
                "education-scolarite",
                "solidarite",
                "mobilite-transport",
                "developpement-durable",
                "intergenerationnel",
                "mixite-sociale",
                "culture",
                "vieillissement",
                "emploi-economie",
                "integration",
                "vacances-loisirs",
            },
            keywords,
        )
        partner_types = set(
            PartnerType.objects.filter(locale=french).values_list("name", flat=True)
        )
        self.assertLessEqual(
            {
                "Caf",
                "Commune",
                "DDCS",
                "CARSAT",
                "MSA",
                "Éducation nationale",
                "Association locale",
                "Conseil départemental",
                "État",
                "Fondation",
                "Entreprise",
                "Autre",
            },
            partner_types,
        )

    def test_publics_are_the_six_of_the_sheet_in_their_order(self):
        self.assertEqual(
            [str(audience) for audience in Audience.objects.all()],
            ["Tous publics", "Familles", "Enfance", "Jeunesse", "Adultes", "Seniors"],
        )

    def test_migration_skips_the_editable_lists_without_a_french_locale(self):
        Locale.objects.filter(language_code="fr").update(language_code="fr-ca")
        Dimension.objects.all().delete()
        default_vocabulary.create_vocabulary(apps, None)
        self.assertFalse(Dimension.objects.exists())
        self.assertEqual(Audience.objects.count(), 6)

    def test_migration_can_run_twice(self):
        before = Keyword.objects.count()
        default_vocabulary.create_vocabulary(apps, None)
        self.assertEqual(Keyword.objects.count(), before)


class VocabularyAdminTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = cls.create_superuser("editrice", password="motdepasse")

    def setUp(self):
        self.client.force_login(self.user)

    def test_editors_find_the_lists_under_french_labels(self):
        response = self.client.get("/admin/snippets/projects/keyword/")
        self.assertContains(response, "Parentalité")
        self.assertContains(response, "Mots clés")
        response = self.client.get("/admin/snippets/projects/partnertype/")
        self.assertContains(response, "CARSAT")
        response = self.client.get("/admin/snippets/projects/dimension/")
        self.assertContains(response, "Accompagnement de projets")

    def test_editor_adds_a_keyword(self):
        response = self.client.post(
            "/admin/snippets/projects/keyword/add/?locale=fr",
            {"name": "Numérique", "slug": "numerique"},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        keyword = Keyword.objects.get(slug="numerique")
        self.assertEqual(keyword.name, "Numérique")
        self.assertEqual(keyword.locale.language_code, "fr")
