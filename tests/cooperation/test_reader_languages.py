"""A reader in English or Arabic never meets an empty section because a
translation is missing: the French page is shown, marked lang="fr" with
« en français » in the reader's language, and links to the French page."""

import copy
import datetime
import re

import feedparser
import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from tests.agenda.factories import EventCategoryFactory, EventPageFactory, add_agenda
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import french, translate
from tests.projects.factories import (
    DimensionFactory,
    KeywordFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
)

pytestmark = pytest.mark.django_db


LABELS = {"en": "in French", "ar": "بالفرنسية"}
# What a French element gets on the reader's page: isolated right to left.
DIR = {"en": "", "ar": ' dir="ltr"'}
SECTIONS = {
    # language: (news, agenda, centres, projects) slugs
    "en": ("news", "diary", "centres", "projects"),
    "ar": ("akhbar", "ajanda", "marakiz", "mashari"),
}


def build_languages_tree(tree):
    """Sections translated into English and Arabic, the content in French
    only, but for one news item and one centre translated into English."""
    fr = french()
    tree = add_agenda(tree)
    home = tree["home"]
    today = timezone.localdate()
    tree["centres"] = CentreIndexPageFactory(parent=home, locale=fr)
    tree["projects"] = ProjectIndexPageFactory(parent=home, locale=fr)
    ors = CentrePageFactory(parent=tree["centres"], title="Maison des Ors", slug="ors")
    CentrePageFactory(
        parent=tree["centres"], title="Maison Saint-Nicolas", slug="saint-nicolas"
    )
    youth = NewsCategoryFactory(name="Jeunes du quartier", slug="jeunes-quartier")
    workshop = EventCategoryFactory(name="Atelier du quartier", slug="atelier-quartier")
    NewsPageFactory(
        parent=tree["news"],
        title="Fête des voisins",
        date=today,
        categories=[youth],
    )
    repair = NewsPageFactory(
        parent=tree["news"], title="Repair café", date=today - datetime.timedelta(1)
    )
    NewsPageFactory(parent=ors, title="Atelier vélo aux Ors", date=today)
    EventPageFactory(
        parent=tree["agenda"],
        title="Agora des habitants",
        start_date=today + datetime.timedelta(days=3),
        categories=[workshop],
        place_page=ors,
    )
    EventPageFactory(
        parent=ors,
        title="Goûter aux Ors",
        start_date=today + datetime.timedelta(days=5),
    )
    ProjectPageFactory(
        parent=tree["projects"],
        title="Jardin partagé",
        organiser_page=ors,
        organiser_name="",
        dimension=DimensionFactory(name="Citoyenneté", slug="citoyennete-test"),
        keywords=[KeywordFactory(name="Solidarité", slug="solidarite-test")],
    )
    for code, slugs in SECTIONS.items():
        for key, slug in zip(
            ("news", "agenda", "centres", "projects"), slugs, strict=True
        ):
            if key == "news" and code == "en":
                continue  # build_site_tree translated it already.
            translate(tree[key], code, slug=slug)
    tree["repair_en"] = translate(repair, "en", title="Repair café in English")
    tree["ors_en"] = translate(ors, "en", title="Ors community centre")
    tree["ors"] = ors
    translation.activate("fr")
    return tree


@pytest.fixture(scope="module")
def module_languages(module_site_tree, django_db_blocker):
    with django_db_blocker.unblock():
        return build_languages_tree(module_site_tree)


@pytest.fixture
def site(module_languages, db):
    return copy.deepcopy(module_languages)


def html_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def french_cards(html):
    """The titles of the cards whose title is marked as French, each with
    its label (in the reader's language: no lang of its own)."""
    found = {}
    for card in re.findall(r"<article [^>]*>(.*?)</article>", html, re.S):
        title = re.search(
            r'class="card__title" lang="fr"><a href="[^"]*">([^<]+)</a>', card
        )
        if title:
            label = re.search(r'<p class="card__language">([^<]+)</p>', card)
            found[title.group(1)] = label and label.group(1)
    return found


def section_url(code, index):
    return f"/{code}/{SECTIONS[code][index]}/"


@pytest.mark.parametrize("code", ["en", "ar"])
def test_home_shows_upcoming_events_and_news_in_french_marked(client, site, code):
    html = html_of(client, f"/{code}/")
    cards = french_cards(html)
    for title in ("Agora des habitants", "Fête des voisins", "Maison Saint-Nicolas"):
        assert title in cards, title
        assert cards[title] == LABELS[code]
    # The card links to the French page.
    assert 'href="/actualites/' in html


def test_a_translation_replaces_its_french_source_and_is_not_marked(client, site):
    html = html_of(client, section_url("en", 0))
    cards = french_cards(html)
    assert "Repair café in English" in html
    assert "Repair café in English" not in cards
    assert "Repair café" not in cards
    assert "Fête des voisins" in cards
    # And in Arabic, where it is not translated, the French one.
    assert "Repair café" in french_cards(html_of(client, section_url("ar", 0)))


@pytest.mark.parametrize("code", ["en", "ar"])
def test_news_filters_list_the_french_categories_and_centres(client, site, code):
    url = section_url(code, 0)
    html = html_of(client, url)
    assert '<a href="?categorie=jeunes-quartier">Jeunes du quartier</a>' in html
    assert "Maison des Ors" in html or "Ors community centre" in html
    response = client.get(url, {"categorie": "jeunes-quartier"})
    titles = [item.title for item in response.context["news_items"]]
    assert titles == ["Fête des voisins"]


def test_news_of_a_centre_filter_includes_the_french_ones(client, site):
    response = client.get(section_url("en", 0), {"centre": site["ors_en"].slug})
    titles = [item.title for item in response.context["news_items"]]
    assert titles == ["Atelier vélo aux Ors"]


@pytest.mark.parametrize("code", ["en", "ar"])
def test_agenda_lists_and_filters_the_french_events(client, site, code):
    url = section_url(code, 1)
    html = html_of(client, url)
    cards = french_cards(html)
    assert {"Agora des habitants", "Goûter aux Ors"} <= set(cards)
    assert "?categorie=atelier-quartier" in html
    response = client.get(url, {"categorie": "atelier-quartier"})
    assert [o.event.title for o in response.context["cards"]] == ["Agora des habitants"]
    today = timezone.localdate()
    in_three_days = today + datetime.timedelta(days=3)
    month = html_of(client, f"{url}mois/{in_three_days.year}/{in_three_days.month}/")
    assert re.search(
        r'<li>\s*<a href="/agenda/[^"]+">(<span[^>]*>[^<]*</span> )?'
        # Isolated left to right on a right-to-left page (typography.py).
        rf'<span{DIR[code]} lang="fr">Agora des habitants</span></a>\s*'
        rf'<span class="card__language">{LABELS[code]}</span>',
        month,
    )


def test_only_the_title_and_summary_of_a_french_card_are_french(client, site):
    """Its meta line (dates, « Annulé », categories, « Lire la suite ») is in
    the reader's language: the card itself has no lang."""
    event = site["agenda"].get_children().get(title="Agora des habitants")
    event = event.specific
    event.is_cancelled = True
    event.search_description = "Un débat entre voisins"
    event.save_revision().publish()
    html = html_of(client, section_url("en", 1))
    card = re.search(
        r"<article [^>]*>((?:(?!</article>).)*Agora des habitants.*?)</article>",
        html,
        re.S,
    )
    assert card, html
    opening = re.search(r"<article [^>]*>", card.group(0)).group(0)
    assert "lang=" not in opening
    body = card.group(1)
    assert '<p class="card__summary" lang="fr">Un débat entre voisins</p>' in body
    assert re.search(
        r'<p class="event-when">\s*<strong class="event-badge">Cancelled', body
    )
    assert body.count('lang="fr"') == 2, body


def test_agenda_place_filter_of_a_translated_centre_finds_the_french_events(
    client, site
):
    response = client.get(section_url("en", 1), {"lieu": site["ors_en"].pk})
    titles = {o.event.title for o in response.context["cards"]}
    assert titles == {"Agora des habitants", "Goûter aux Ors"}


def test_feeds_follow_the_same_rule(client, site):
    feed = feedparser.parse(client.get("/en/actualites/flux/rss/").content)
    titles = [entry.title for entry in feed.entries]
    assert "Repair café in English" in titles
    assert "Fête des voisins" in titles
    assert "Repair café" not in titles
    cal = icalendar.Calendar.from_ical(
        client.get(f"{section_url('ar', 1)}ical/").content
    )
    summaries = {str(event["summary"]) for event in cal.walk("VEVENT")}
    assert summaries == {"Agora des habitants", "Goûter aux Ors"}


@pytest.mark.parametrize("code", ["en", "ar"])
def test_catalogue_lists_the_french_sheets_with_filters(client, site, code):
    url = section_url(code, 3)
    html = html_of(client, url)
    assert re.search(
        rf'<tr>\s*<th scope="row"><a{DIR[code]} href="/projets/[^"]+" lang="fr">'
        r"Jardin partagé</a> "
        rf'<span class="card__language">{LABELS[code]}</span>',
        html,
    )
    assert '<option value="citoyennete-test">Citoyenneté</option>' in html
    assert '<option value="solidarite-test">Solidarité</option>' in html
    response = client.get(url, {"mot_cle": "solidarite-test"})
    assert [p.title for p in response.context["catalogue"].projects] == [
        "Jardin partagé"
    ]


def test_centres_index_and_centre_page_show_the_french_content(client, site):
    html = html_of(client, section_url("en", 2))
    cards = french_cards(html)
    assert "Maison Saint-Nicolas" in cards
    assert "Ors community centre" not in cards
    # In the editors' order of the French tree, whatever the language.
    assert html.index("Ors community centre") < html.index("Maison Saint-Nicolas")
    html = html_of(client, site["ors_en"].url)
    cards = french_cards(html)
    assert {
        "Atelier vélo aux Ors",
        "Agora des habitants",
        "Goûter aux Ors",
        "Jardin partagé",
    } <= set(cards)


def test_a_draft_translation_leaves_the_french_page_shown(client, site):
    draft = translate(site["ors"].get_children().first().specific, "ar", title="x")
    draft.unpublish()
    html = html_of(client, "/ar/")
    assert "Atelier vélo aux Ors" in french_cards(html)


def test_english_listings_query_count_does_not_grow_with_the_french_content(
    client, site
):
    def count():
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as queries:
            for index in range(4):
                assert client.get(section_url("en", index)).status_code == 200
            assert client.get("/en/").status_code == 200
        return len(queries)

    count()  # Wagtail caches the site's root paths on the first requests.
    before = count()
    for day in range(6):
        NewsPageFactory(parent=site["news"], title=f"Encore {day}")
        EventPageFactory(
            parent=site["agenda"],
            start_date=timezone.localdate() + datetime.timedelta(days=day),
        )
    assert count() == before


def test_footer_links_lead_to_the_readers_translation_or_the_french_page(client, site):
    from cooperation.models import FooterAddress, SiteSettings
    from tests.factories import StandardPageFactory

    legal = StandardPageFactory(parent=site["home"], title="Mentions légales")
    privacy = StandardPageFactory(parent=site["home"], title="Données personnelles")
    english_legal = translate(legal, "en", title="Legal notice", slug="legal")
    settings = SiteSettings.for_site(site["home"].get_site())
    settings.legal_notice_page = legal
    settings.privacy_page = privacy
    settings.save()
    FooterAddress.objects.create(
        settings=settings, name="Maison des Ors", street="2 rue", page=site["ors"]
    )
    FooterAddress.objects.create(
        settings=settings, name="Le siège", street="1 place", page=site["ors"]
    )
    FooterAddress.objects.create(
        settings=settings, name="La Coopération", street="3 rue"
    )
    footer = html_of(client, "/en/").split("<footer", 1)[1]
    assert f'<a href="{english_legal.url}">Legal notice</a>' in footer
    assert f'<a href="{privacy.url}" lang="fr">Données personnelles</a>' in footer
    # Named after its page: the translation's name, not marked French.
    assert f'href="{site["ors_en"].url}">Ors community centre</a>' in footer
    assert re.search(r'<span lang="fr">2 rue</span>', footer)
    footer = html_of(client, "/ar/").split("<footer", 1)[1]
    assert f'<a dir="ltr" href="{legal.url}" lang="fr">Mentions légales</a>' in footer
    assert f'href="{site["ors"].url}" lang="fr">Maison des Ors</a>' in footer
    # Named otherwise than its page, or without one: French, marked.
    assert f'href="{site["ors"].url}" lang="fr">Le siège</a>' in footer
    assert (
        '<strong dir="ltr" class="place__name" lang="fr">La Coopération</strong>'
        in footer
    )
    french = html_of(client, "/").split("<footer", 1)[1]
    assert f'href="{site["ors"].url}">Maison des Ors</a>' in french
    assert '<span lang="fr">' not in french


def test_an_alternative_text_in_french_is_marked_for_other_readers(client, site):
    from tests.factories import ImageFactory

    image = ImageFactory(description="Des habitants au jardin")
    news = NewsPageFactory(parent=site["news"], title="Au jardin", image=image)
    english = html_of(client, section_url("en", 0))
    assert re.search(r'<img alt="Des habitants au jardin" [^>]*lang="fr"', english)
    french = html_of(client, "/actualites/")
    assert re.search(r'<img alt="Des habitants au jardin" (?![^>]*lang=)', french)
    page = html_of(client, news.url)
    assert not re.search(r"<img [^>]*lang=", page)


def test_a_translated_sheet_shows_its_keywords_in_english(client, site):
    from projects.models import ProjectPage
    from projects.vocabularies import Keyword

    garden = ProjectPage.objects.get(title="Jardin partagé")
    keyword = Keyword.objects.get(slug="solidarite-test")
    english_keyword = keyword.copy_for_translation(site["translations"]["en"].locale)
    english_keyword.name, english_keyword.slug = "Solidarity", "solidarity"
    english_keyword.save()
    english = translate(garden, "en", title="Shared garden", slug="shared-garden")
    html = html_of(client, english.url)
    assert "<li>Solidarity</li>" in html
    assert "Solidarité" not in html


def test_the_programme_of_a_translated_centre_lists_the_french_events(client, site):
    day = timezone.localdate() + datetime.timedelta(days=5)
    url = f"{site['ors_en'].url}programme/{day.year}/{day.month}/"
    html = html_of(client, url)
    assert re.search(
        r'<span class="programme__what" lang="fr">Goûter aux Ors</span>\s*'
        r'<span class="card__language">in French</span>',
        html,
    )


def test_the_menu_offers_the_french_sections_not_translated_yet(client, site):
    from tests.factories import StandardPageFactory

    about = StandardPageFactory(
        parent=site["home"], title="Qui sommes-nous", slug="qui", show_in_menus=True
    )
    for code in ("en", "ar"):
        menu = html_of(client, f"/{code}/")
        menu = menu.split('id="main-nav-list"', 1)[1].split("</ul>")[0]
        # Its title French, a visible « FR » that says « in French » in the
        # reader's language (to screen readers and on hover).
        label = LABELS[code]
        assert re.search(
            rf'<a href="{about.url}" hreflang="fr">\s*'
            rf'<span{DIR[code]} lang="fr">Qui sommes-nous</span>\s*'
            rf'<span class="main-nav__language" title="{label}">'
            rf'<span aria-hidden="true">FR</span>'
            rf'<span class="visually-hidden">\({label}\)</span></span>\s*</a>',
            menu,
        ), menu
    menu = html_of(client, "/en/").split('id="main-nav-list"', 1)[1].split("</ul>")[0]
    titles = re.findall(r'<a href="([^"]+)"([^>]*)>\s*([^<]+?)\s*</a>', menu)
    assert ("/en/news/", "", "News") in titles
    # In the French tree's order: the news section came first.
    assert re.search(r">\s*News\s*<", menu).start() < menu.index("Qui sommes-nous")


def test_chosen_pages_lead_to_their_translation_where_there_is_one(client, site):
    """wagtail-localize copies a chosen page as it is (the French one): the
    hero button and a sheet's related news lead to the reader's version."""
    english_home = site["home"].get_translation(Locale.objects.get(language_code="en"))
    english_home.hero_link_page = site["news"]
    english_home.hero_link_text = "All the news"
    english_home.save_revision().publish()
    sheet = site["projects"].get_children().specific().get(title="Jardin partagé")
    sheet.related_pages.create(page=site["repair_en"].get_translation(french()))
    sheet.save_revision().publish()
    english_sheet = translate(sheet, "en", title="Shared garden", slug="shared-garden")

    home_html = html_of(client, "/en/")
    assert '<a class="button" href="/en/news/">All the news</a>' in home_html
    sheet_html = html_of(client, english_sheet.url)
    assert f'href="{site["repair_en"].url}">Repair café in English</a>' in sheet_html
    # Where the chosen page has no translation, the French one stays.
    assert "Repair café</a>" in html_of(client, sheet.url)
