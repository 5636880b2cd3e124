"""A held-out set of French queries and the page each should find first, on a
small tree written like the demo's (home page, the four sections, the
centres, action sheets, news and events). Shared by the PostgreSQL test
(test_held_out_queries.py) and the SQLite one (sqlite_search.py)."""

from wagtail.rich_text import RichText

from search.models import SynonymGroup
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree, french
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

# (query, key of the page expected first)
QUERIES = [
    ("jardins partagés", "chopin"),
    ("jardin chopin", "chopin"),
    ("conserverie mobile", "conserverie"),
    ("bocaux fruits légumes", "atelier_conserverie"),
    ("maison de quartier des Ors", "ors"),
    ("horaires saint nicolas", "saint_nicolas"),
    ("monnaie temps", "tic_tac"),
    ("débats espace public", "agoras"),
    ("agenda", "agenda"),
    ("actualites", "news"),
    ("epicerie solidaire bio", "ptite_coope"),
    ("personnes âgées", "gouter"),
    ("vélo", "velo"),
    ("ecoles", "soutien"),
    ("erasmus berlin", "berlin"),
    ("croix rouge visite", "croix_rouge"),
]

SYNONYMS = [
    "seniors, personnes âgées, aînés",
    "vélo, cycle, bicyclette",
    "épicerie, boutique",
]


def paragraph(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def build_held_out_tree():
    """The pages, by key."""
    fr = french()
    tree = build_site_tree()
    home = tree["home"]
    home.hero_text = (
        "Aux Ors, à Saint-Nicolas et à la Monnaie, les maisons de quartier de "
        "Romans-sur-Isère ouvrent leurs portes à tous les habitants. Réunies "
        "dans la Coopération, elles lancent des projets avec vous : une "
        "conserverie mobile et solidaire, des jardins partagés, une petite "
        "boutique où l'on paie en temps donné, des débats sur la place publique."
    )
    home.save_revision().publish()
    for text in SYNONYMS:
        SynonymGroup.objects.create(terms=text, locale=fr)
    pages = {"home": home, "news": tree["news"]}
    agenda = EventIndexPageFactory(
        parent=home,
        locale=fr,
        intro="Ateliers, débats, sorties et fêtes : tous les rendez-vous.",
    )
    projects = ProjectIndexPageFactory(
        parent=home,
        locale=fr,
        intro="Les actions menées avec les habitants, décrites comme des fiches.",
    )
    centres = CentreIndexPageFactory(
        parent=home,
        locale=fr,
        intro="Les Ors, Saint-Nicolas et la Maison Citoyenne de la Monnaie : "
        "adresses, horaires, services.",
    )
    pages.update(agenda=agenda, projects=projects, centres=centres)
    for key, title, slug, intro in [
        (
            "ors",
            "Maison de quartier des Ors",
            "ors",
            "La maison de quartier des Ors accueille les habitants du quartier.",
        ),
        (
            "saint_nicolas",
            "Maison de quartier Saint-Nicolas",
            "saint-nicolas",
            "Dans le centre ancien, la maison de quartier abrite une boutique.",
        ),
        (
            "citoyenne",
            "Maison Citoyenne",
            "maison-citoyenne",
            "La maison de quartier de la Monnaie accompagne les jardiniers.",
        ),
    ]:
        pages[key] = CentrePageFactory(
            parent=centres, title=title, slug=slug, intro=intro, locale=fr
        )
    for key, title, slug, summary, description in [
        (
            "conserverie",
            "Conserverie mobile et solidaire",
            "conserverie",
            "Une conserverie installée dans un véhicule équipé d'une cuisine.",
            "Les trois maisons de quartier transforment les invendus.",
        ),
        (
            "chopin",
            "Jardins partagés de l'espace Chopin",
            "jardins-chopin",
            "Au cœur de la Monnaie, un collectif d'habitants crée 18 parcelles.",
            "Un jardin commun ouvert à tous.",
        ),
        (
            "ptite_coope",
            "La P'tite Coopé",
            "ptite-coope",
            "Une petite boutique tenue par des bénévoles : légumes bio, "
            "produits faits maison.",
            "On y paie en euros ou en Tic-Tac.",
        ),
        (
            "tic_tac",
            "Le Tic-Tac, monnaie temps",
            "tic-tac",
            "Le temps donné comme bénévole se dépense en Tic-Tac.",
            "Une heure donnée vaut une heure reçue.",
        ),
        (
            "agoras",
            "Les Agoras, débats dans l'espace public",
            "agoras",
            "Des temps de débat dehors, ouverts à tous.",
            "Sur les questions qui préoccupent les habitants.",
        ),
        (
            "soutien",
            "Accompagnement à la scolarité",
            "scolarite",
            "Des bénévoles aident les enfants après l'école.",
            "Avec les parents et les enseignants.",
        ),
    ]:
        pages[key] = ProjectPageFactory(
            parent=projects,
            title=title,
            slug=slug,
            summary=summary,
            description=f"<p>{description}</p>",
            locale=fr,
        )
    for key, title, slug, intro in [
        (
            "atelier_conserverie",
            "Atelier conserverie",
            "atelier-conserverie",
            "On met en bocaux les fruits et légumes de saison, pour ne rien jeter.",
        ),
        (
            "gouter",
            "Goûter des seniors",
            "gouter-seniors",
            "Un après-midi de jeux et un goûter à la maison de quartier.",
        ),
        (
            "berlin",
            "Départ pour Berlin avec Erasmus+",
            "berlin",
            "Deux salariés partent observer des centres sociaux allemands.",
        ),
        (
            "agora_mois",
            "L'Agora du mois",
            "agora-du-mois",
            "Un débat en plein air, près de la maison de quartier.",
        ),
    ]:
        pages[key] = EventPageFactory(
            parent=agenda, title=title, slug=slug, intro=intro, locale=fr
        )
    for key, title, slug, intro in [
        (
            "velo",
            "Un atelier pour réparer son cycle",
            "atelier-cycles",
            "Chaque mercredi, des bénévoles aident à réparer les cycles.",
        ),
        (
            "croix_rouge",
            "La Croix-Rouge française en visite dans nos 3 maisons",
            "croix-rouge",
            "Une délégation du siège passe la journée dans les maisons.",
        ),
        (
            "conserverie_news",
            "Un nouveau soutien pour la conserverie",
            "soutien-conserverie",
            "Une fondation aide à financer le matériel de cuisine.",
        ),
    ]:
        pages[key] = NewsPageFactory(
            parent=tree["news"],
            title=title,
            slug=slug,
            intro=intro,
            body=paragraph(intro),
            locale=fr,
        )
    return pages
