from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperation"
    verbose_name = _("Coopération")

    def ready(self):
        # Models are loaded only now: page_cache imports Wagtail's Page.
        from cooperation import page_cache

        page_cache.connect_purge_signals()
