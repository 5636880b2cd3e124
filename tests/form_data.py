"""What the admin's page forms post, for the tests that fill them.

The StreamFields and inline panels of these forms are drawn by JavaScript,
so the data cannot be read from the edit view's HTML: it is written out
here, one function per page type, each taking the fields to change.
"""

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)


def admin_form_data(data, multiple=()):
    """`data` as an admin page form posts it: nested_form_data() for the
    StreamFields and inline panels, but each field named in `multiple`
    (checkboxes, multiple choices) as one key with several values, which
    nested_form_data would turn into numbered keys."""
    data = dict(data)
    lists = {name: data.pop(name, []) for name in multiple}
    return {**nested_form_data(data), **lists}


def index_form_data(**fields):
    """A section page (Actualités, Agenda, Projets…): a title and an intro."""
    data = {
        "title": "What's on",
        "slug": "whats-on",
        "intro": "Every event of the neighbourhood centres.",
        "comments": inline_formset([]),
        **fields,
    }
    return nested_form_data(data)


def standard_form_data(**fields):
    data = {
        "title": "Nous contacter",
        "slug": "nous-contacter",
        "intro": rich_text("<p>Écrivez-nous.</p>"),
        "body": streamfield([]),
        **fields,
    }
    return nested_form_data(data)


def news_form_data(**fields):
    data = {
        "title": "Repair café à Saint-Nicolas",
        "slug": "repair-cafe",
        "date": "2026-03-14",
        "intro": "On répare ensemble grille-pains et vélos.",
        "body": streamfield(
            [
                ("heading", {"text": "Comment venir", "level": "h2"}),
                ("paragraph", rich_text("<p>Apportez vos objets cassés.</p>")),
            ]
        ),
        "tags": "",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return admin_form_data(data, multiple=["categories"])


def event_form_data(**fields):
    """An event; `exception_dates` is a list of ISO dates, and a field given
    as None is left out of the post."""
    exceptions = fields.pop("exception_dates", [])
    data = {
        "title": "Agora : la place du marché",
        "slug": "agora-marche",
        "intro": "Un débat public sur l'avenir de la place du marché.",
        "start_date": "2026-03-24",
        "start_time": "18:00",
        "end_date": "",
        "end_time": "20:00",
        "recurrence": "none",
        "recurrence_monthly_by": "date",
        "recurrence_until": "",
        "place_name": "Maison Citoyenne",
        "street": "Place de la Monnaie",
        "postcode": "26100",
        "city": "Romans-sur-Isère",
        "audience": "tous-publics",
        "is_free": "on",
        "body": streamfield(
            [
                ("heading", {"text": "Au programme", "level": "h2"}),
                ("paragraph", rich_text("<p>Un temps d'échange ouvert à tous.</p>")),
            ]
        ),
        "exception_dates": inline_formset([{"date": day} for day in exceptions]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    data = {name: value for name, value in data.items() if value is not None}
    return admin_form_data(data, multiple=["categories", "recurrence_weekdays"])


def hours_row(weekday, opens, closes, label="", **fields):
    """One row of a centre's opening hours."""
    return {
        "weekday": str(int(weekday)),
        "opens": opens,
        "closes": closes,
        "label": label,
        **fields,
    }


def centre_form_data(opening_hours=(), initial_hours=0, **fields):
    """A centre; `opening_hours` are hours_row() rows, the first
    `initial_hours` of them already saved."""
    data = {
        "title": "Maison citoyenne de la Monnaie",
        "slug": "maison-citoyenne",
        "short_name": "Maison citoyenne",
        "intro": "Un lieu pour se rencontrer et agir dans le quartier.",
        "image": "",
        "street": "1 place de la Monnaie",
        "postcode": "26100",
        "city": "Romans-sur-Isère",
        "neighbourhood": "La Monnaie",
        "latitude": "45.038200",
        "longitude": "5.041700",
        "phone": "04 75 11 22 33",
        "email": "monnaie@example.org",
        "access_notes": "Bus ligne 4, arrêt Monnaie.",
        "body": streamfield(
            [("paragraph", rich_text("<p>Entrez, c'est ouvert à tous.</p>"))]
        ),
        "opening_hours": inline_formset(list(opening_hours), initial=initial_hours),
        "closures": inline_formset([]),
        "services": inline_formset(
            [{"title": "Écrivain public", "description": "Le jeudi matin."}]
        ),
        "contacts": inline_formset(
            [{"name": "Samia B.", "role": "Directrice", "phone": "", "email": ""}]
        ),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def project_form_data(**fields):
    data = {
        "title": "Jardin partagé de la Monnaie",
        "slug": "jardin-partage",
        "summary": "Un jardin cultivé par les habitants au pied des immeubles.",
        "organiser_name": "Maison Citoyenne de la Monnaie",
        "organiser_department": "Drôme",
        "status": "en-cours",
        "end_reason": "",
        "initiator_detail": "",
        "territory": "un-quartier",
        "year_started": "2023",
        "description": rich_text("<p>Des bacs, des graines et des voisins.</p>"),
        "general_description": rich_text(""),
        "funding_text": rich_text(""),
        "people_text": "",
        "results_territory": rich_text(""),
        "results_centre": rich_text(""),
        "results_residents": rich_text(""),
        "limits": rich_text(""),
        "perspectives": rich_text(""),
        "partners": inline_formset([]),
        "fundings": inline_formset([]),
        "documents": inline_formset([]),
        "related_pages": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return admin_form_data(data, multiple=("keywords", "audiences", "initiators"))


def issue_form_data(**fields):
    """A newsletter issue; `lists` are mailing list ids."""
    data = {
        "title": "Lettre de juin",
        "slug": "lettre-de-juin",
        "subject": "La lettre de juin",
        "preheader": "",
        "intro": "",
        "body": streamfield([]),
        **fields,
    }
    return admin_form_data(data, multiple=["lists"])
