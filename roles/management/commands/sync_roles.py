from django.apps import apps
from django.core.management.base import BaseCommand

from roles.sync import sync_roles


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les rôles (Administrateurs, Communication, un groupe "
        "par maison de quartier, Traduction) et le processus « Relecture ». "
        "Peut être relancée sans risque, par exemple après l'ajout d'une maison "
        "de quartier."
    )

    def handle(self, *args, **options):
        sync_roles(apps, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Rôles à jour."))
