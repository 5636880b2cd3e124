from django.db import migrations, models


class Migration(migrations.Migration):
    """Wagtail's own `description` becomes the field editors fill in as the
    alternative text (the label and help they know)."""

    dependencies = [
        ("images", "0001_custom_image"),
    ]

    operations = [
        migrations.AlterField(
            model_name="customimage",
            name="description",
            field=models.CharField(
                blank=True,
                default="",
                help_text=(
                    "Décrivez ce que montre l'image pour les personnes qui ne la "
                    "voient pas (lecteur d'écran). Laissez vide seulement si "
                    "l'image est purement décorative."
                ),
                max_length=255,
                verbose_name="texte alternatif",
            ),
        ),
    ]
