"""The demo loader: idempotent on PostgreSQL, and `make run`'s SQLite path.

This is the one test module that loads the whole demo. It loads it once, for
the module, and commits it as `make run` does: wagtail-localize publishes the
translations on commit, which never happens inside a test transaction. The
tests that read it are not marked `django_db`, so pytest-django runs them
after every test that expects the migrations' data; the module's teardown
then flushes the database, as a transactional test would.
"""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation

from agenda.models import EventCategory, EventPage
from agenda.queries import expand
from blog.models import NewsCategory, NewsPage
from centres.models import CentrePage, CentreService
from demo.translations import load_translations, untranslated, vocabulary_models
from home.models import HomePage
from images.models import CustomImage
from projects.models import (
    ProjectFunding,
    ProjectPage,
    ProjectPartner,
    ProjectRelatedPage,
)
from projects.vocabularies import (
    Dimension,
    Keyword,
    PartnerType,
)
from search.models import SynonymGroup

# The whole demo, loaded twice: left out of make test-fast.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "demo" / "data"
PASSWORD = "un-mot-de-passe"
COUNTED = [
    Page,
    Locale,
    NewsPage,
    EventPage,
    EventCategory,
    NewsCategory,
    ProjectPage,
    ProjectFunding,
    ProjectPartner,
    ProjectRelatedPage,
    Dimension,
    Keyword,
    PartnerType,
    CustomImage,
    # Translations: one per text and language, whatever the number of runs.
    StringTranslation,
    CentreService,
    SynonymGroup,
]


def load(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded twice; the counts after each run."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--force", "--admin-password", PASSWORD)
        first = counts()
        call_command("load_demo", "--force", "--admin-password", PASSWORD)
        second = counts()
    yield first, second
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", verbosity=0)


@pytest.fixture
def demo_db(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo


def french(model, slug):
    return model.objects.get(locale__language_code="fr", slug=slug)


def test_load_demo_builds_the_multilingual_home_and_can_run_twice(demo_db, client):
    first, second = demo_db
    assert second == first

    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "fr",
        "en",
        "ar",
    }
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "fr"
    assert home.hero_image.description
    for prefix, lang in (("/", "fr"), ("/en/", "en"), ("/ar/", "ar")):
        response = client.get(prefix)
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.content.decode()
    assert "Three neighbourhood centres" in client.get("/en/").content.decode()
    centres = CentrePage.objects.live().filter(locale__language_code="fr")
    titles = sorted(centres.values_list("title", flat=True))
    assert titles == [
        "Maison Citoyenne",
        "Maison de quartier Saint-Nicolas",
        "Maison de quartier des Ors",
    ]
    saint_nicolas = centres.get(slug="saint-nicolas")
    coope_hours = {
        (
            hours.weekday,
            hours.opens.isoformat("minutes"),
            hours.closes.isoformat("minutes"),
        )
        for hours in saint_nicolas.opening_hours.all()
        if hours.label == "P'tite Coopé"
    }
    assert coope_hours == {
        (1, "09:30", "11:30"),
        (3, "09:30", "11:30"),
        (4, "14:00", "16:00"),
    }
    assert client.get(saint_nicolas.url).status_code == 200
    groups = set(Group.objects.values_list("name", flat=True))
    assert {"Administrateurs", "Communication", "Traduction", *titles} == groups
    assert client.login(username="admin", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_demo_site_is_served_at_base_url(demo_db, settings):
    """Canonical links, hreflang, og:url and JSON-LD name BASE_URL, not a
    host of the data file."""
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == settings.BASE_URL
    news = NewsPage.objects.live().filter(locale__language_code="fr").first()
    assert news.get_full_url().startswith(settings.BASE_URL + "/")


def test_load_demo_builds_the_news_the_agenda_and_the_projects(demo_db):
    events = load("events.json")
    projects = load("projects.json")
    fr = {"locale__language_code": "fr"}
    assert NewsPage.objects.filter(**fr).count() == 15
    titles = set(EventPage.objects.filter(**fr).values_list("title", flat=True))
    assert {event["title"] for event in events["events"]} <= titles
    assert ProjectPage.objects.filter(**fr).count() == 6 + 18
    assert len(projects["coope_projects"]) == 6
    assert len(projects["action_sheets"]) == 18
    for page in [*EventPage.objects.filter(**fr), *ProjectPage.objects.filter(**fr)]:
        assert page.live
        assert page.image.description.startswith("Illustration : ")


def test_regular_and_upcoming_events_are_dated_from_today(demo_db):
    events = load("events.json")
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)
    in_next_30_days = {
        occurrence.event.slug
        for occurrence in expand(EventPage.objects.all(), today, soon)
    }
    for config in events["recurring"]:
        event = french(EventPage, config["slug"])
        following = event.next_occurrences(limit=1)
        assert following, config["slug"]
        if config["monthly_rule"]:
            # A first Thursday can be five weeks after today.
            assert following[0].start_date <= today + datetime.timedelta(days=35)
        else:
            assert config["slug"] in in_next_30_days
        assert event.recurrence_until == today + datetime.timedelta(
            weeks=config["weeks_ahead"]
        )
    for config in events["upcoming"]:
        event = french(EventPage, config["slug"])
        expected = today + datetime.timedelta(days=config["days_from_today"])
        assert [o.start_date for o in event.occurrences(today)] == [expected]
        if config["days_from_today"] <= 30:
            assert config["slug"] in in_next_30_days


def test_demo_keeps_the_facts_of_the_reference_documents(demo_db):
    agora = french(EventPage, "agora-est-ce-que-jeter-coute-de-largent-2018")
    assert agora.title == "Agora : « Est-ce que jeter coûte de l'argent ? »"
    assert (agora.start_date, agora.all_day) == (datetime.date(2018, 3, 22), True)
    assert agora.categories.get().slug == "agora-debat-public"

    start_up = french(EventPage, "start-up-de-territoire-2018")
    assert (start_up.start_date, start_up.start_time) == (
        datetime.date(2018, 3, 29),
        datetime.time(18, 0),
    )
    assert (start_up.place_name, start_up.city) == ("Parc des Expos", "Valence")
    assert start_up.transport_notes.startswith("Covoiturage")

    plots = french(EventPage, "livraison-parcelles-espace-chopin")
    assert (plots.start_date, plots.start_time, plots.all_day) == (
        datetime.date(2018, 2, 27),
        datetime.time(8, 30),
        False,
    )
    assert plots.categories.get().name == "Jardins"

    morning = french(EventPage, "ptite-coope-mardi-jeudi")
    friday = french(EventPage, "ptite-coope-vendredi")
    assert (morning.recurrence_weekdays, morning.start_time, morning.end_time) == (
        ["TU", "TH"],
        datetime.time(9, 30),
        datetime.time(11, 30),
    )
    assert (friday.recurrence_weekdays, friday.start_time, friday.end_time) == (
        ["FR"],
        datetime.time(14, 0),
        datetime.time(16, 0),
    )
    # The sources give no street, phone or email: none is invented, and the
    # page says what is still to be confirmed.
    for centre in CentrePage.objects.filter(locale__language_code="fr"):
        assert (centre.phone, centre.email) == ("", "")
        assert centre.access_notes.endswith("à confirmer.")
    # Held at a maison de quartier: the event points at the centre's page.
    assert friday.place_page.specific.title == "Maison de quartier Saint-Nicolas"
    assert friday.place_title == "Maison de quartier Saint-Nicolas"

    memories = french(ProjectPage, "les-memoires-du-quartier")
    assert memories.year_started == 2019
    assert memories.organiser_name == "MPT CENTRE VILLE"
    fundings, total = memories.get_fundings()
    assert [funding.amount for funding in fundings] == [1970, 800, 667]
    assert total == Decimal(3437)
    assert (
        memories.professionals_count,
        memories.volunteers_count,
        memories.residents_count,
    ) == (6, 4, 200)

    difference = french(ProjectPage, "accueillir-la-difference")
    assert difference.year_started == 2016
    assert [f.amount for f in difference.fundings.all()] == [10000]
    assert difference.initiators == ["autre"]
    assert difference.territory == "plusieurs-communes"
    assert [str(audience) for audience in difference.audiences.all()] == ["Familles"]

    # A project of a centre points at the centre's page.
    ptite_coope = french(ProjectPage, "la-ptite-coope")
    assert ptite_coope.organiser_page.title == "Maison de quartier Saint-Nicolas"
    assert ptite_coope.organiser_name == ""
    # The news items name their projects: the project lists them.
    # Its rendez-vous in the agenda too.
    related = {link.page.slug for link in ptite_coope.related_pages.all()}
    assert related == {
        "la-ptite-coope",
        "ptite-coope-mardi-jeudi",
        "ptite-coope-vendredi",
        "atelier-fait-maison",
    }
    ended = ProjectPage.objects.filter(status="terminee")
    assert all(page.end_reason for page in ended)
    assert ended.count() == 2


def test_demo_pages_answer(demo_db, client):
    agenda = client.get("/agenda/")
    assert agenda.status_code == 200
    catalogue = client.get("/projets/").content.decode()
    assert catalogue.count('<th scope="row">') == 24
    sheet = french(ProjectPage, "conserverie-mobile-et-solidaire")
    response = client.get(sheet.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "CRéAvenir" in html
    # « En pratique » leads the sheet and links its weekly workshop.
    practical = html.split('class="project-practical"', 1)[1].split("</section>")[0]
    assert french(EventPage, "atelier-conserverie").url in practical
    assert "Comment participer" in practical
    ors = client.get(french(CentrePage, "ors").url).content.decode()
    assert "à confirmer." in ors.split("Adresse et contact", 1)[1]
    assert "tel:" not in ors
    event = french(EventPage, "start-up-de-territoire-2018")
    page = client.get(event.url)
    assert page.status_code == 200
    # The event links to the news item that announced it.
    assert french(NewsPage, "start-up-de-territoire-2018").url in page.content.decode()
    ical = client.get(event.get_ical_url())
    assert ical.status_code == 200
    assert ical["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Start UP de territoire 2018" in ical.content


def listing_html(client, url):
    """Every page of a listing, following ?page= until it repeats."""
    pages = []
    for number in range(1, 20):
        html = client.get(url, {"page": number}).content.decode()
        if pages and html == pages[-1]:
            break
        pages.append(html)
    return "".join(pages)


def test_every_reference_item_is_on_the_site(demo_db, client):
    """After `make run`, a visitor finds every item of both reference
    documents: in its listing, or at its own address."""
    news_index, agenda, projects = (
        Page.objects.get(locale__language_code="fr", depth=3, slug=slug)
        for slug in ("actualites", "agenda", "projets")
    )
    projects_data = load("projects.json")
    groups = [
        (NewsPage, load("news.json")["items"], [news_index.url]),
        (EventPage, load("events.json")["events"], [agenda.url + "passes/"]),
        (ProjectPage, projects_data["coope_projects"], [projects.url]),
        (ProjectPage, projects_data["action_sheets"], [projects.url]),
    ]
    missing = []
    for model, items, listing_urls in groups:
        listings = "".join(listing_html(client, url) for url in listing_urls)
        for item in items:
            title = escape(item["title"])
            if title in listings:
                continue
            page = model.objects.filter(
                locale__language_code="fr", slug=item["slug"]
            ).first()
            response = client.get(page.url) if page else None
            if not (
                response
                and response.status_code == 200
                and title in response.content.decode()
            ):
                missing.append(item["title"])
    assert missing == []


def translated_demo_pages():
    """The French pages the demo ships in English and Arabic."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    coope = [project["slug"] for project in load("projects.json")["coope_projects"]]
    return [
        home,
        *(page.specific for page in home.get_children()),
        *CentrePage.objects.filter(locale__language_code="fr"),
        *(french(ProjectPage, slug) for slug in coope),
    ]


def test_demo_pages_and_vocabularies_are_translated_segment_by_segment(demo_db):
    pages = translated_demo_pages()
    # Home, 5 sections, 3 legal pages, 3 centres, 6 projects of the Coopération.
    assert len(pages) == 1 + 5 + 3 + 3 + 6
    terms = [
        term
        for model in vocabulary_models()
        for term in model.objects.filter(locale__language_code="fr")
    ]
    assert {type(term) for term in terms} >= {
        EventCategory,
        NewsCategory,
        Dimension,
        Keyword,
        PartnerType,
    }
    for code, strings in load_translations().items():
        locale = Locale.objects.get(language_code=code)
        for instance in [*pages, *terms]:
            translation = instance.get_translation(locale)
            assert untranslated(instance, locale) == [], (code, instance)
            assert getattr(translation, "live", True), (code, instance)
            # The slug is the data file's, so the address is in the language.
            assert translation.slug == strings[instance.slug], (code, instance)


def test_english_and_arabic_sites_show_their_own_texts(demo_db, client):
    site = load("site.json")
    english = client.get("/en/").content.decode()
    assert "Three neighbourhood centres, one wish to act together" in english
    assert escape(site["home"]["hero_title"]) not in english
    arabic = client.get("/ar/").content.decode()
    assert "ثلاث دور أحياء، ورغبة واحدة في العمل معًا" in arabic
    assert escape(site["home"]["hero_title"]) not in arabic
    # The hero's alternative text too, in each language (not marked French).
    hero_alt = escape(site["home"]["hero_image"]["alt_text"])
    assert hero_alt not in english and hero_alt not in arabic
    assert (
        'alt="Three large overlapping circles, yellow, green and terracotta' in english
    )
    assert 'alt="ثلاث دوائر كبيرة متداخلة' in arabic

    cannery = french(ProjectPage, "conserverie-mobile-et-solidaire")
    sheet = cannery.get_translation(Locale.objects.get(language_code="en"))
    assert sheet.url == "/en/projects/mobile-community-cannery/"
    html = client.get(sheet.url).content.decode()
    assert "The cannery is run by the 3 neighbourhood centres" in html
    # Its keywords are the English terms, not the French ones.
    assert sorted(sheet.keywords.values_list("name", flat=True)) == [
        "Solidarity",
        "Sustainable development",
    ]
    # The rows of a page are translated with it: services, partners.
    assert "the corporate foundation of the Crédit Mutuel" in html
    saint_nicolas = client.get("/en/neighbourhood-centres/saint-nicolas/")
    assert "Cycling school" in saint_nicolas.content.decode()
    assert "Vélo-école" not in saint_nicolas.content.decode()
    legal = client.get("/ar/maaloumat-qanouniya/")
    assert legal.status_code == 200
    assert "النصوص والصور ملك لأصحابها" in legal.content.decode()


@pytest.mark.django_db
def test_load_demo_refuses_to_run_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_make_run_path_on_sqlite_migrates_loads_the_demo_and_serves_home(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "cooperation.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
    }

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput")
    manage("load_demo")
    probe = (
        "from django.test import Client; c = Client(); "
        "h = {'HTTP_HOST': 'localhost'}; "
        "print(c.get('/', **h).status_code, c.get('/admin/login/', **h).status_code, "
        "c.get('/ar/', **h).status_code)"
    )
    assert manage("shell", "-c", probe).split()[-3:] == ["200", "200", "200"]
    # The search on SQLite: French roots (« jardin » for « jardins ») and the
    # demo's synonyms (« aînés » for « seniors »), as on PostgreSQL.
    search = (
        "from django.test import Client; "
        "from tests.search.helpers import result_urls; c = Client(); "
        "found = lambda q: result_urls(c.get('/recherche/', {'q': q}, "
        "HTTP_HOST='localhost').content.decode()); "
        "print(found('jardin partagé')[0], len(found('aînés')) > 0)"
    )
    first, synonyms = manage("shell", "-c", search).split()[-2:]
    assert first.endswith("/jardins-partages-espace-chopin/")
    assert synonyms == "True"
