"""Demo: the three maisons de quartier, from centres.json.

The Coopération itself (the fourth entry of the file) is not a centre page:
its address and contact stay in the site settings' footer.
"""

import datetime
from decimal import Decimal

from centres.models import (
    CentreContact,
    CentrePage,
    CentreService,
    OpeningHours,
    Weekday,
)
from cooperation.models import FooterAddress, SiteSettings

from .content import generated_image, keep_rows

WEEKDAYS = {
    "monday": Weekday.MONDAY,
    "tuesday": Weekday.TUESDAY,
    "wednesday": Weekday.WEDNESDAY,
    "thursday": Weekday.THURSDAY,
    "friday": Weekday.FRIDAY,
    "saturday": Weekday.SATURDAY,
    "sunday": Weekday.SUNDAY,
}
NOT_A_CENTRE = {"cooperation"}
CENTRE_PICTURES = {
    "ors": (
        "house",
        "Illustration : une maison stylisée, murs verts et toit terre cuite, "
        "fenêtres blanches.",
    ),
    "saint-nicolas": (
        "coin",
        "Illustration : une grande pièce jaune et terre cuite dont les aiguilles "
        "d'horloge rappellent la monnaie temps Tic-Tac.",
    ),
    "monnaie": (
        "garden",
        "Illustration : une rangée de plants verts sur une bande de terre, sous "
        "un soleil jaune, comme les jardins de l'espace Chopin.",
    ),
}


def build_centres(builder, data):
    """Create or update one CentrePage per maison de quartier; return them by key."""
    french = builder.locales["fr"]
    parent = builder.sections["centres"]
    centres = {}
    for index, config in enumerate(data["centres"]):
        if config["key"] in NOT_A_CENTRE:
            continue
        page = CentrePage.objects.filter(locale=french, slug=config["key"]).first()
        fields = {
            "title": config["name"],
            "short_name": config.get("short_name", ""),
            "name_after_de": config.get("name_after_de", ""),
            "intro": config.get("intro", ""),
            "search_description": config.get("intro", ""),
            "street": config.get("street") or config.get("neighbourhood", ""),
            "postcode": config.get("postcode", "26100"),
            "city": config.get("city", "Romans-sur-Isère"),
            "neighbourhood": config.get("neighbourhood", ""),
            "latitude": _decimal(config.get("latitude")),
            "longitude": _decimal(config.get("longitude")),
            "phone": config.get("phone", ""),
            "email": config.get("email", ""),
            "access_notes": config.get("access_notes", ""),
        }
        if page is None:
            page = CentrePage(slug=config["key"], locale=french, **fields)
            parent.add_child(instance=page)
            parent.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        motif, alt_text = CENTRE_PICTURES.get(config["key"], CENTRE_PICTURES["ors"])
        page.image = generated_image(
            f"centre-{config['key']}",
            config["name"],
            alt_text,
            motif=motif,
            variant=index,
        )
        page.opening_hours = keep_rows(
            page.opening_hours.all(),
            [
                OpeningHours(
                    weekday=WEEKDAYS[hours["weekday"]],
                    opens=datetime.time.fromisoformat(hours["opens"]),
                    closes=datetime.time.fromisoformat(hours["closes"]),
                    label=hours.get("label", ""),
                )
                for hours in config.get("opening_hours", [])
            ],
        )
        page.services = keep_rows(
            page.services.all(),
            [
                CentreService(
                    title=service["title"], description=service["description"]
                )
                for service in config.get("services", [])
            ],
        )
        page.contacts = keep_rows(
            page.contacts.all(),
            [
                CentreContact(
                    name=contact["name"],
                    role=contact.get("role", ""),
                    phone=contact.get("phone", ""),
                    email=contact.get("email", ""),
                )
                for contact in config.get("contacts", [])
            ],
        )
        page.save_revision().publish()
        centres[config["key"]] = page
    _link_footer(builder, centres)
    return centres


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _link_footer(builder, centres):
    """Point the footer's addresses at the centre pages."""
    site_settings = SiteSettings.for_site(builder.site)
    pages_by_name = {page.title: page for page in centres.values()}
    for address in FooterAddress.objects.filter(settings=site_settings):
        page = pages_by_name.get(address.name)
        if page is not None and address.page_id != page.pk:
            address.page = page
            address.save(update_fields=["page"])
