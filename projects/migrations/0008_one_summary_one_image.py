"""One summary and one listing image per page: the listing summary and the
sharing text move into the « Résumé » (`search_description`), the sharing
image into the listing image (`cooperation.one_summary`)."""

from django.db import migrations

from cooperation.one_summary import merge_promote_fields


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_child_rows_translatable"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            merge_promote_fields("projects", ["ProjectIndexPage", "ProjectPage"]),
            migrations.RunPython.noop,
        ),
    ]
