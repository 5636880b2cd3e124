"""The rows of a centre page (hours, closures, services, contacts) become translatable.

A child row needs its own translation key and locale for wagtail-localize to
translate it with its page. Existing rows take a new key each and their
page's locale; only then do the columns become required and unique."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

CHILD_MODELS = ["openinghours", "closure", "centreservice", "centrecontact"]


def set_keys_and_locales(apps, schema_editor):
    page_model = apps.get_model("wagtailcore", "Page")
    for name in CHILD_MODELS:
        model = apps.get_model("centres", name)
        rows = list(model.objects.all())
        locales = dict(
            page_model.objects.filter(
                pk__in={row.page_id for row in rows}
            ).values_list("pk", "locale_id")
        )
        for row in rows:
            row.translation_key = uuid.uuid4()
            row.locale_id = locales[row.page_id]
        model.objects.bulk_update(rows, ["translation_key", "locale"])
    if schema_editor.connection.vendor == "postgresql":
        # The columns are altered next in this transaction: PostgreSQL
        # refuses while the new foreign keys' checks are still pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def locale_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="wagtailcore.locale",
        verbose_name="locale",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("centres", "0003_centre_address_from_mixins"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *(
            operation
            for name in CHILD_MODELS
            for operation in (
                migrations.AddField(name, "locale", locale_field(null=True)),
                migrations.AddField(
                    name, "translation_key", models.UUIDField(editable=False, null=True)
                ),
            )
        ),
        migrations.RunPython(set_keys_and_locales, migrations.RunPython.noop),
        *(
            operation
            for name in CHILD_MODELS
            for operation in (
                migrations.AlterField(name, "locale", locale_field(null=False)),
                migrations.AlterField(
                    name,
                    "translation_key",
                    models.UUIDField(default=uuid.uuid4, editable=False),
                ),
                migrations.AlterUniqueTogether(
                    name, {("translation_key", "locale")}
                ),
            )
        ),
    ]
