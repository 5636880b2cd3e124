from django.db import migrations


class Migration(migrations.Migration):
    """The alternative text now lives in `description` (0003 moved it)."""

    dependencies = [
        ("images", "0003_move_alt_text_to_description"),
    ]

    operations = [
        migrations.RemoveField(model_name="customimage", name="alt_text"),
    ]
