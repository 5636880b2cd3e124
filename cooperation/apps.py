from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperation"
    verbose_name = _("Coopération")

    def ready(self):
        from cooperation import frontend_purge

        frontend_purge.connect()
