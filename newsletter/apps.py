from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        # Connects the receivers of Anymail's tracking and inbound signals.
        from newsletter import inbound, webhooks  # noqa: F401
