from django.contrib.auth.management import create_permissions
from django.db import migrations

from roles.sync import sync_roles


def forwards(apps, schema_editor):
    # Permissions are made after `migrate` (post_migrate); the roles need
    # them now, on a new database as on an old one.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("cooperation", "0002_footer_address_from_mixin"),
        ("agenda", "0008_event_address_from_mixins"),
        ("blog", "0004_vocabulary_slug_constraint"),
        ("projects", "0006_vocabulary_slug_constraint"),
        ("centres", "0003_centre_address_from_mixins"),
        ("newsletter", "0014_delivery_lean_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
