from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "centres"
    verbose_name = _("Maisons de quartier")

    def ready(self):
        # What nginx must forget when a page changes (the PURGE_PATHS hook).
        from centres import purging  # noqa: F401
