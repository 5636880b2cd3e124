import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builder import DemoBuilder

DEFAULT_DEMO_PASSWORD = "coope-romans-demo"


class Command(BaseCommand):
    help = (
        "Construit (ou met à jour) le site de démonstration : langues, pages, "
        "réglages et compte d'administration. Peut être relancé sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            default=os.environ.get("DEMO_ADMIN_PASSWORD", DEFAULT_DEMO_PASSWORD),
            help="Mot de passe du compte « admin » (DEMO_ADMIN_PASSWORD).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autoriser le chargement alors que DEBUG est désactivé.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "load_demo crée un compte administrateur au mot de passe connu : "
                "il ne tourne qu'avec DEBUG activé, ou avec --force."
            )
        builder = DemoBuilder(
            stdout=self.stdout, admin_password=options["admin_password"]
        ).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Site de démonstration prêt : {builder.home.title} et "
                f"{len(builder.sections)} rubriques, en "
                f"{', '.join(sorted(builder.locales))}."
            )
        )
