"""The vocabulary of the federation's action sheets, in French.

The publics are a fixed list: always created. The dimensions, keywords and
partner types are editable snippets tied to a language: created only when the
French locale exists (a fresh database gets it from Wagtail's migrations).
"""

from django.db import migrations
from django.utils.text import slugify

PUBLICS = ["tous-publics", "familles", "enfance", "jeunesse", "adultes", "seniors"]

DIMENSIONS = ["Citoyenneté", "Accompagnement de projets", "Services"]

KEYWORDS = [
    "Parentalité",
    "Éducation / scolarité",
    "Solidarité",
    "Mobilité / transport",
    "Développement durable",
    "Intergénérationnel",
    "Mixité sociale",
    "Culture",
    "Vieillissement",
    "Emploi / économie",
    "Intégration",
    "Vacances / loisirs",
    "Démocratie & citoyenneté",
    "Précarité",
]

PARTNER_TYPES = [
    "Caf",
    "Commune",
    "Regroupement de communes",
    "Conseil départemental",
    "État",
    "DDCS",
    "ARS",
    "CARSAT",
    "MSA",
    "Éducation nationale",
    "Bailleur social",
    "Mutuelle",
    "Association locale",
    "Fondation",
    "Entreprise",
    "Autre",
]


def create_vocabulary(apps, schema_editor):
    Audience = apps.get_model("projects", "Audience")
    for order, code in enumerate(PUBLICS):
        Audience.objects.get_or_create(code=code, defaults={"sort_order": order})

    Locale = apps.get_model("wagtailcore", "Locale")
    french = Locale.objects.filter(language_code="fr").first()
    if french is None:
        return
    for model_name, names in (
        ("Dimension", DIMENSIONS),
        ("Keyword", KEYWORDS),
        ("PartnerType", PARTNER_TYPES),
    ):
        model = apps.get_model("projects", model_name)
        for name in names:
            model.objects.get_or_create(
                slug=slugify(name), locale=french, defaults={"name": name}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_vocabularies"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_vocabulary, migrations.RunPython.noop),
    ]
