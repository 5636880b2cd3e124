"""The mailing lists the site starts with; editors change them in the admin."""

from django.db import migrations

DEFAULT_LISTS = [
    # (slug, name, kind, sort order)
    ("agenda", "Agenda", "topic", 10),
    ("actualites", "Actualités", "topic", 20),
    ("projets", "Projets", "topic", 30),
    ("les-ors", "Maison de quartier des Ors", "centre", 40),
    ("saint-nicolas", "Maison de quartier Saint-Nicolas", "centre", 50),
    ("la-monnaie", "Maison Citoyenne — la Monnaie", "centre", 60),
]


def create_default_lists(apps, schema_editor):
    MailingList = apps.get_model("newsletter", "MailingList")
    for slug, name, kind, sort_order in DEFAULT_LISTS:
        MailingList.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "sort_order": sort_order},
        )


def remove_default_lists(apps, schema_editor):
    MailingList = apps.get_model("newsletter", "MailingList")
    MailingList.objects.filter(
        slug__in=[slug for slug, *_ in DEFAULT_LISTS], subscribers__isnull=True
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("newsletter", "0005_suppression"),
    ]

    operations = [
        migrations.RunPython(create_default_lists, remove_default_lists),
    ]
