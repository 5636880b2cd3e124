from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "blog"
    verbose_name = _("Actualités")

    def ready(self):
        # What nginx must forget when a page changes (the PURGE_PATHS hook).
        from blog import purging  # noqa: F401
