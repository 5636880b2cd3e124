from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roles"
    verbose_name = _("Rôles et relecture")

    def ready(self):
        from roles import receivers
        from roles.notifications import queue_workflow_notifications

        queue_workflow_notifications()
        receivers.connect()
