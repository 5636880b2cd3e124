from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        # What nginx must forget when an event changes (the PURGE_PATHS hook).
        from agenda import purging  # noqa: F401
