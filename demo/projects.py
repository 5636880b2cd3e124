"""The demo projects, from projects.json: the 6 projects of the Coopération
and the 18 action sheets of the federation's catalogue, every field of the
data mapped to ProjectPage.

A project run by a maison de quartier points at the centre's page; one run
by the Coopération or an outside structure names it, with its département.
"""

from decimal import Decimal

from django.utils.text import slugify

from cooperation.models import Public
from projects.models import (
    ProjectFunding,
    ProjectPage,
    ProjectPartner,
    ProjectRelatedPage,
)
from projects.vocabularies import (
    Audience,
    Dimension,
    Initiator,
    Keyword,
    PartnerType,
    ProjectStatus,
    Territory,
)

from .content import generated_image, keep_rows, load_data, rich_paragraphs
from .pictures import ALT_TEXTS

# The data's codes, mapped to the model's choices.
STATUSES = {"en_cours": ProjectStatus.ONGOING, "terminee": ProjectStatus.ENDED}
INITIATORS = {
    "centre": Initiator.CENTRE,
    "groupe_habitants": Initiator.RESIDENTS_GROUP,
    "habitant": Initiator.RESIDENT,
    "partenaires": Initiator.PARTNERS,
    "autre": Initiator.OTHER,
}
TERRITORIES = {
    "un_quartier": Territory.NEIGHBOURHOOD,
    "plusieurs_quartiers": Territory.NEIGHBOURHOODS,
    "une_commune": Territory.TOWN,
    "plusieurs_communes": Territory.TOWNS,
}
# The data names the publics in words, with varying capitals.
PUBLICS = {
    "tous publics": Public.EVERYONE,
    "familles": Public.FAMILIES,
    "enfance": Public.CHILDHOOD,
    "jeunesse": Public.YOUTH,
    "adultes": Public.ADULTS,
    "seniors": Public.SENIORS,
}
OTHER_PARTNER = "Autre"
DEFAULT_DEPARTMENT = "Drôme"

# The picture of each project.
MOTIFS = {
    "conserverie": "jar",
    "jardins-chopin": "garden",
    "ptite-coope": "leaf",
    "tic-tac": "coin",
    "agora": "speech",
    "impact-social": "people",
    "accueillir-la-difference": "people",
    "sources-du-charran": "leaf",
    "actif-etudes-clas": "circles",
    "animations-hors-les-murs": "globe",
    "ateliers-echange-de-savoir": "speech",
    "bourse-aux-jouets": "circles",
    "decouverte-des-metiers": "rocket",
    "la-main-a-la-pate": "jar",
    "memoires-du-quartier": "house",
    "mercredis-ludiques-reymonds": "circles",
    "royans-express": "globe",
    "mobilite-entraide": "people",
    "renouvellement-projet-social": "speech",
    "repas-interculturels": "globe",
    "reveillon-amitie": "circles",
    "reveillon-solidaire": "people",
    "sortie-famille": "leaf",
    "tous-a-velo": "circles",
}


def build_projects(builder):
    """Create or update the 24 project pages; return them by key."""
    data = load_data("projects.json")
    demo = ProjectsDemo(builder, data["vocabularies"])
    news_by_project = {}
    for item in load_data("news.json")["items"]:
        for key in item.get("projects", []):
            news_by_project.setdefault(key, []).append(builder.news[item["key"]])
    projects = {}
    items = data["coope_projects"] + data["action_sheets"]
    for index, config in enumerate(items):
        # The news about it, then its rendez-vous in the agenda.
        related = news_by_project.get(config["key"], []) + [
            builder.events[key] for key in config.get("events", [])
        ]
        projects[config["key"]] = demo.save_project(config, related, index)
    builder.log(f"Projets : {len(projects)} fiches.")
    return projects


def vocabulary_item(model, locale, name):
    """The snippet named `name` (found by its slug, so that « éducation /
    scolarité » finds « Éducation / scolarité »), created if missing."""
    slug = slugify(name)
    item = model.objects.filter(locale=locale, slug=slug).first()
    if item is None:
        item = model.objects.create(
            locale=locale, slug=slug, name=name[:1].upper() + name[1:]
        )
    return item


def funding_rows(lines):
    """The funding lines the model can hold: those with an amount. A line
    « Dont … » is part of the line before it, so it is left out of the rows
    (the total would count it twice); the funding text keeps every detail."""
    rows = []
    for line in lines:
        label = line.get("label") or ""
        if line.get("amount") is None or label.startswith("Dont "):
            continue
        funder = line.get("funder") or ""
        # ProjectFunding has no label: it goes with the funder's name.
        name = f"{funder} — {label}" if funder and label else funder or label
        rows.append(ProjectFunding(funder=name[:200], amount=Decimal(line["amount"])))
    return rows


class ProjectsDemo:
    def __init__(self, builder, vocabularies):
        self.builder = builder
        self.locale = builder.locales["fr"]
        self.parent = builder.sections["projects"]
        # Every value of the data's lists, so that the catalogue's filters
        # offer them all even on a database whose vocabulary was emptied.
        for model, key in (
            (Dimension, "dimension"),
            (Keyword, "keywords"),
            (PartnerType, "partner_types"),
        ):
            for name in vocabularies[key]:
                vocabulary_item(model, self.locale, name)
        for order, (code, _label) in enumerate(Public.choices):
            Audience.objects.get_or_create(code=code, defaults={"sort_order": order})

    def organiser_fields(self, organiser):
        page = self.builder.centre_pages.get(organiser.get("centre"))
        if page is not None:
            return {
                "organiser_page": page,
                "organiser_name": "",
                "organiser_department": DEFAULT_DEPARTMENT,
            }
        if organiser.get("centre"):
            centre = self.builder.centres[organiser["centre"]]
            return {
                "organiser_name": centre["name"],
                "organiser_department": DEFAULT_DEPARTMENT,
            }
        return {
            "organiser_name": organiser["name"],
            "organiser_department": organiser.get("department") or DEFAULT_DEPARTMENT,
        }

    def partners(self, configs):
        rows = []
        for config in configs:
            partner_type = PartnerType.objects.filter(
                locale=self.locale, slug=slugify(config["type"])
            ).first()
            name = config.get("name", "")
            if partner_type is None:
                partner_type = vocabulary_item(PartnerType, self.locale, OTHER_PARTNER)
                name = " — ".join(part for part in (config["type"], name) if part)
            rows.append(ProjectPartner(partner_type=partner_type, name=name))
        return rows

    def save_project(self, config, related_pages, index):
        motif = MOTIFS.get(config["key"], "circles")
        image = generated_image(
            f"project-{config['key']}",
            config["title"],
            ALT_TEXTS[motif],
            motif=motif,
            variant=index,
        )
        people = config["people"]
        results = config["results"]
        fields = {
            "title": config["title"],
            "summary": config["summary"],
            "search_description": config["summary"],
            "image": image,
            "organiser_page": None,
            **self.organiser_fields(config["organiser"]),
            "status": STATUSES[config["status"]],
            "end_reason": config["end_reason"],
            "dimension": vocabulary_item(Dimension, self.locale, config["dimension"][0])
            if config["dimension"]
            else None,
            "initiators": [INITIATORS[code] for code in config["initiators"]],
            "initiator_detail": config["initiator_detail"],
            "territory": TERRITORIES[config["territory"]]
            if config["territory"]
            else "",
            "description": rich_paragraphs(config["description"]),
            "funding_text": rich_paragraphs(config["funding_text"]),
            "professionals_count": people["professionals"],
            "volunteers_count": people["volunteers"],
            "residents_count": people["residents"],
            "people_text": people["text"],
            "results_territory": rich_paragraphs(results["territory"]),
            "results_centre": rich_paragraphs(results["centre"]),
            "results_residents": rich_paragraphs(results["residents"]),
            "limits": rich_paragraphs(config["limits"]),
            "perspectives": rich_paragraphs(config["perspectives"]),
            "year_started": config["year_started"],
            "how_to_take_part": config.get("how_to_take_part", ""),
        }
        page = ProjectPage.objects.filter(
            locale=self.locale, slug=config["slug"]
        ).first()
        if page is None:
            page = ProjectPage(slug=config["slug"], locale=self.locale, **fields)
            self.parent.add_child(instance=page)
            self.parent.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        page.keywords.set(
            [vocabulary_item(Keyword, self.locale, name) for name in config["keywords"]]
        )
        page.audiences.set(
            Audience.objects.filter(
                code__in=[PUBLICS[name.casefold()] for name in config["public"]]
            )
        )
        page.partners = keep_rows(
            page.partners.all(), self.partners(config["partners"])
        )
        page.fundings = keep_rows(page.fundings.all(), funding_rows(config["funding"]))
        page.related_pages = keep_rows(
            page.related_pages.all(),
            [ProjectRelatedPage(page=page) for page in related_pages],
        )
        page.save_revision().publish()
        return page
