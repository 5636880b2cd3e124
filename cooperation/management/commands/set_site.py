from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from cooperation.sites import point_site_at


class Command(BaseCommand):
    help = (
        "Donne au site par défaut le nom de domaine et le port de BASE_URL "
        "(liens canoniques, hreflang, og:url, JSON-LD)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default=None,
            help="Adresse publique du site (par défaut : le réglage BASE_URL).",
        )

    def handle(self, *args, **options):
        base_url = options["url"] or settings.BASE_URL
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("Aucun site par défaut : lancez d'abord migrate.")
        try:
            point_site_at(site, base_url)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Site « {site} » : {site.root_url}/"))
