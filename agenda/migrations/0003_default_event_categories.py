"""The usual kinds of event, in French, so the agenda is usable at once."""

import uuid

from django.db import migrations

DEFAULT_CATEGORIES = [
    ("Agora – débat public", "agora-debat-public"),
    ("Start UP de territoire", "start-up-de-territoire"),
    ("Atelier", "atelier"),
    ("Sortie", "sortie"),
    ("Fête", "fete"),
    ("Réunion publique", "reunion-publique"),
    ("Commission / institution", "commission-institution"),
]


def create_categories(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    EventCategory = apps.get_model("agenda", "EventCategory")
    french = Locale.objects.filter(language_code="fr").first()
    if french is None:
        return
    for name, slug in DEFAULT_CATEGORIES:
        EventCategory.objects.get_or_create(
            locale=french,
            slug=slug,
            defaults={"name": name, "translation_key": uuid.uuid4()},
        )


def remove_categories(apps, schema_editor):
    EventCategory = apps.get_model("agenda", "EventCategory")
    EventCategory.objects.filter(
        locale__language_code="fr",
        slug__in=[slug for _, slug in DEFAULT_CATEGORIES],
        event_pages__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0002_event_page"),
    ]

    operations = [
        migrations.RunPython(create_categories, remove_categories),
    ]
