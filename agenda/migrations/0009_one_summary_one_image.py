"""One summary and one listing image per page: the listing summary and the
sharing text move into the « Résumé » (`search_description`), the sharing
image into the listing image (`cooperation.one_summary`)."""

from django.db import migrations

from cooperation.one_summary import merge_promote_fields


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0008_event_address_from_mixins"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            merge_promote_fields("agenda", ["EventIndexPage", "EventPage"]),
            migrations.RunPython.noop,
        ),
    ]
