"""Build a site of realistic volume for `benchmarks/run.py` (`make bench`).

    BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/coop_bench \\
    uv run python benchmarks/build_volume.py

The demo site (3 centres, French, English and Arabic) is loaded first, then
filled up to 2,000 news, 500 events (a third of them repeating weekly or
monthly), 200 action sheets and 20,000 subscribers; a tenth of the news and
events are translated into English, the rest reach English and Arabic readers
through the French fallback. Pages go in through treebeard's `add_child` (its
path arithmetic and the parent's child count stay right) and Wagtail's
`save`, which fills the search index; subscribers by `bulk_create`. Each step
counts what is already there and adds only what is missing: run it again and
it does nothing. A few minutes the first time.

The database named in BENCH_DATABASE_URL (`coop_bench` by default, as for
`run.py`) is created if missing: a database of its own, never the site's.
DATABASE_URL is not read: set in a developer's shell, it names the site's
database, which the volume would fill.
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_databases import ensure_database  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings.test")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/coop_bench"
)
# A cache of its own: Wagtail and the site cache keep page paths and ids
# there, which must never mix with another database's.
os.environ["CACHE_KEY_PREFIX"] = os.environ.get("BENCH_CACHE_KEY_PREFIX", "coop-bench")

NEWS = 2000
EVENTS = 500
PROJECTS = 200
SUBSCRIBERS = 20000
TRANSLATED_SHARE = 10  # one page in ten has an English translation
PREFIX = "volume-"  # the slugs of what this script adds

SUBJECTS = [
    "jardin partagé",
    "atelier cuisine",
    "conserverie mobile",
    "fête de quartier",
    "accompagnement scolaire",
    "permanence numérique",
    "sortie familiale",
    "débat citoyen",
    "repair café",
    "chorale des habitants",
    "boutique solidaire",
    "accueil des nouveaux arrivants",
    "marché de producteurs",
    "théâtre forum",
    "ludothèque",
]
PLACES = ["des Ors", "de Saint-Nicolas", "de la Monnaie", "du centre-ville"]
SENTENCES = [
    "Les habitants {place} se retrouvent autour du {subject}.",
    "Bénévoles et salariés préparent ensemble le {subject} de la saison.",
    "Le {subject} accueille les familles, les enfants et les aînés.",
    "Après l'été, le {subject} reprend avec de nouvelles idées.",
    "La maison de quartier {place} remercie tous ceux qui ont aidé.",
    "Inscription libre à l'accueil, participation selon vos moyens.",
]


def setup_django():
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def text(rng, subject):
    place = rng.choice(PLACES)
    return " ".join(
        rng.choice(SENTENCES).format(subject=subject, place=place) for _ in range(4)
    )


def body(rng, subject):
    from wagtail.rich_text import RichText

    return [("paragraph", RichText(f"<p>{text(rng, subject)}</p>")) for _ in range(3)]


def log(message, started):
    print(f"  {message} ({time.monotonic() - started:.0f} s)", flush=True)


def load_demo():
    """The demo site; the loader finds what a first (even interrupted) run
    made and adds only what is missing."""
    from django.core.management import call_command

    os.environ.setdefault("DEMO_ADMIN_PASSWORD", "bench-only-password")
    call_command("load_demo", "--force")


def add_pages(model, parents, count, make, rng):
    """Add `count` pages of `model` (minus those already made), spread over
    `parents`, each built by `make(n, parent)`."""
    from django.db import transaction

    have = model.objects.filter(slug__startswith=PREFIX).count()
    for n in range(have, count):
        parent = parents[n % len(parents)]
        with transaction.atomic():
            parent.refresh_from_db()  # its child count moved at the last add
            parent.add_child(instance=make(n, parent))
    return count - have


def build_news(rng):
    from blog.models import NewsIndexPage, NewsPage
    from centres.models import CentrePage
    from cooperation.languages import french_locale

    french = french_locale()
    parents = [
        NewsIndexPage.objects.get(locale=french),
        *CentrePage.objects.filter(locale=french).order_by("path"),
    ]
    today = datetime.date.today()

    def make(n, parent):
        subject = rng.choice(SUBJECTS)
        return NewsPage(
            title=f"{subject.capitalize()} : nouvelles {n}",
            slug=f"{PREFIX}actualite-{n}",
            date=today - datetime.timedelta(days=n % 900),
            intro=text(rng, subject),
            body=body(rng, subject),
            is_focus=n % 200 == 0,
            locale=french,
        )

    return add_pages(NewsPage, parents, NEWS, make, rng)


def build_events(rng):
    from agenda.models import EventIndexPage, EventPage
    from agenda.recurrence import Recurrence
    from centres.models import CentrePage
    from cooperation.languages import french_locale

    french = french_locale()
    centres = list(CentrePage.objects.filter(locale=french).order_by("path"))
    parents = [EventIndexPage.objects.get(locale=french), *centres]
    today = datetime.date.today()

    def make(n, parent):
        subject = rng.choice(SUBJECTS)
        start = today + datetime.timedelta(days=(n % 240) - 60)
        kind = (Recurrence.NONE, Recurrence.NONE, Recurrence.WEEKLY)[n % 3]
        if n % 9 == 8:
            kind = Recurrence.MONTHLY
        return EventPage(
            title=f"{subject.capitalize()} ({n})",
            slug=f"{PREFIX}evenement-{n}",
            intro=text(rng, subject),
            body=body(rng, subject),
            start_date=start,
            start_time=datetime.time(9 + n % 9, 30),
            end_time=datetime.time(11 + n % 9, 0),
            recurrence=kind,
            recurrence_until=(
                start + datetime.timedelta(days=120)
                if kind != Recurrence.NONE
                else None
            ),
            # Held at a centre, or at an address of its own.
            place_page=centres[n % len(centres)] if n % 2 else None,
            place_name="" if n % 2 else "Salle des fêtes",
            street="" if n % 2 else f"{n % 40 + 1} rue Jacquemart",
            locale=french,
        )

    return add_pages(EventPage, parents, EVENTS, make, rng)


def build_projects(rng):
    from centres.models import CentrePage
    from cooperation.languages import french_locale
    from projects.models import ProjectIndexPage, ProjectPage

    french = french_locale()
    centres = list(CentrePage.objects.filter(locale=french).order_by("path"))
    parents = [ProjectIndexPage.objects.get(locale=french)]

    def make(n, parent):
        subject = rng.choice(SUBJECTS)
        return ProjectPage(
            title=f"{subject.capitalize()} : fiche {n}",
            slug=f"{PREFIX}projet-{n}",
            summary=text(rng, subject),
            description=f"<p>{text(rng, subject)}</p>",
            organiser_page=centres[n % len(centres)],
            year_started=2015 + n % 10,
            volunteers_count=n % 30,
            locale=french,
        )

    return add_pages(ProjectPage, parents, PROJECTS, make, rng)


def translate_some(model):
    """An English translation, published, for one page in TRANSLATED_SHARE."""
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    made = 0
    pages = model.objects.filter(slug__startswith=PREFIX, locale__language_code="fr")
    for page in pages.order_by("pk")[::TRANSLATED_SHARE]:
        if page.has_translation(english):
            continue
        translated = page.copy_for_translation(english)
        translated.title = f"{page.title} (in English)"
        translated.slug = f"{page.slug}-en"
        translated.save_revision().publish()
        made += 1
    return made


def build_subscribers():
    from newsletter.models import MailingList, Subscriber

    have = Subscriber.objects.filter(email__endswith="@volume.example.org").count()
    lists = list(MailingList.objects.filter(locale__language_code="fr"))
    through = Subscriber.lists.through
    step = 5000
    for start in range(have, SUBSCRIBERS, step):
        people = Subscriber.objects.bulk_create(
            Subscriber(
                email=f"habitant{n}@volume.example.org",
                language=("fr", "fr", "fr", "en", "ar")[n % 5],
                status="subscribed",
            )
            for n in range(start, min(SUBSCRIBERS, start + step))
        )
        if lists:
            through.objects.bulk_create(
                through(
                    subscriber_id=person.pk, mailinglist_id=lists[i % len(lists)].pk
                )
                for i, person in enumerate(people)
            )
    return SUBSCRIBERS - have


def build():
    from agenda.models import EventPage
    from blog.models import NewsPage

    rng = random.Random(20261201)
    started = time.monotonic()
    print("Volume :", flush=True)
    load_demo()
    log("site de démonstration", started)
    log(f"{build_news(rng)} actualités ajoutées", started)
    log(f"{build_events(rng)} événements ajoutés", started)
    log(f"{build_projects(rng)} fiches ajoutées", started)
    made = translate_some(NewsPage) + translate_some(EventPage)
    log(f"{made} traductions anglaises publiées", started)
    log(f"{build_subscribers()} abonnés ajoutés", started)
    analyze()
    log("statistiques du planificateur à jour (ANALYZE)", started)


def analyze():
    """The planner's statistics of every table, as autovacuum would make
    them some minutes later. Measured right after a fresh build without
    them, PostgreSQL chose nested loops over the 2,000 news: the English
    news index took 1.3 s instead of 0.1 s."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main():
    setup_django()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    build()


if __name__ == "__main__":
    main()
