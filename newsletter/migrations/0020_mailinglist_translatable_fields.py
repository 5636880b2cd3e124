"""Mailing lists become translatable (wagtail-localize): each existing list
gets its translation key and the French locale; the next migration makes
both required."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_french_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    MailingList = apps.get_model("newsletter", "MailingList")
    if not MailingList.objects.exists():
        return
    french, _ = Locale.objects.get_or_create(language_code="fr")
    for mailing_list in MailingList.objects.filter(translation_key__isnull=True):
        mailing_list.translation_key = uuid.uuid4()
        mailing_list.locale = french
        mailing_list.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0019_capitalised_block_labels"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailinglist",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mailinglist",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.RunPython(give_french_locale, migrations.RunPython.noop),
    ]
