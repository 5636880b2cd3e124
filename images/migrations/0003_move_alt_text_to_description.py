from django.db import migrations
from django.db.models import F


def alt_text_to_description(apps, schema_editor):
    """Every alternative text written so far moves to `description`; an image
    that has one already there keeps its own only if it had no alt text."""
    CustomImage = apps.get_model("images", "CustomImage")
    CustomImage.objects.exclude(alt_text="").update(description=F("alt_text"))


def description_to_alt_text(apps, schema_editor):
    CustomImage = apps.get_model("images", "CustomImage")
    CustomImage.objects.update(alt_text=F("description"))


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0002_description_is_the_alt_text"),
    ]

    operations = [
        migrations.RunPython(alt_text_to_description, description_to_alt_text),
    ]
