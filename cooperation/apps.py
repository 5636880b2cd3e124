from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cooperation"
    verbose_name = _("Coopération")

    def ready(self):
        # Models are loaded only now: both import Wagtail's Page. The page
        # cache in Redis and nginx's cache forget a page that changed.
        from cooperation import frontend_purge, page_cache

        page_cache.connect_purge_signals()
        frontend_purge.connect()
