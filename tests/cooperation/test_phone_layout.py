"""Content first on a phone, on the server's side: the filters of the news,
the agenda and the catalogue folded behind one « Filtres (n) » button
(components/filter_panel.html), the catalogue as cards as well as a table,
and the breadcrumbs of the pages below a section (navigation_tags)."""

import datetime
import json
import re

from django.test import TestCase

from tests.agenda.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.factories import ImageFactory, build_site_tree, translate
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory


def filter_panel(response):
    """The <details> of the filters, as text."""
    html = response.content.decode()
    found = re.search(r'<details class="filter-panel".*?</details>', html, re.S)
    assert found, "no filter panel"
    return found.group(0)


def toggle_text(response):
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", filter_panel(response), re.S)
    return re.sub(r"<[^>]+>", "", summary.group(1)).split()


def breadcrumbs(response):
    html = response.content.decode()
    return re.search(r'<nav class="breadcrumbs[^"]*".*?</nav>', html, re.S)


class FilterPanelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        cls.news = tree["news"]
        youth = NewsCategoryFactory(name="Jeunesse", slug="jeunesse")
        NewsPageFactory(
            parent=cls.news, title="Le goûter", categories=[youth], tags=["CAF"]
        )
        cls.agenda = EventIndexPageFactory(parent=home)
        workshop = EventCategoryFactory(name="Grand jeu", slug="grand-jeu")
        EventPageFactory(
            parent=cls.agenda,
            categories=[workshop],
            start_date=datetime.date.today() + datetime.timedelta(days=10),
        )
        cls.projects = ProjectIndexPageFactory(parent=home)
        ProjectPageFactory(
            parent=cls.projects,
            title="Atelier vélo",
            year_started=2020,
            image=ImageFactory(),
        )

    def test_news_filters_are_folded_behind_a_button_without_a_count(self):
        response = self.client.get(self.news.url)
        panel = filter_panel(response)
        # Folded: no `open` attribute, so a phone shows the news first.
        assert panel.startswith('<details class="filter-panel">')
        assert toggle_text(response) == ["Filtres"]
        assert "Jeunesse" in panel and "CAF" in panel

    def test_the_button_counts_the_news_filters_that_are_on(self):
        response = self.client.get(
            self.news.url, {"categorie": "jeunesse", "etiquette": "caf"}
        )
        assert toggle_text(response) == ["Filtres", "(2),", "2", "filtres", "actifs"]
        assert '<span aria-hidden="true">(2)</span>' in filter_panel(response)

    def test_an_unknown_filter_counts_as_on(self):
        # It is on, and shows nothing: the reader must find it to remove it.
        response = self.client.get(self.news.url, {"centre": "nulle-part"})
        assert toggle_text(response)[:2] == ["Filtres", "(1),"]

    def test_the_agenda_filters_are_folded_and_counted(self):
        assert toggle_text(self.client.get(self.agenda.url)) == ["Filtres"]
        response = self.client.get(self.agenda.url, {"categorie": "grand-jeu"})
        assert toggle_text(response) == ["Filtres", "(1),", "1", "filtre", "actif"]
        assert 'aria-current="page">Grand jeu' in filter_panel(response)

    def test_the_catalogue_form_is_folded_and_counts_valid_filters(self):
        response = self.client.get(self.projects.url)
        assert 'name="annee"' in filter_panel(response)
        assert toggle_text(response) == ["Filtres"]
        response = self.client.get(
            self.projects.url, {"annee": "2020", "statut": "en-cours"}
        )
        assert toggle_text(response)[:2] == ["Filtres", "(2),"]

    def test_a_refused_catalogue_filter_opens_the_panel_to_show_why(self):
        response = self.client.get(self.projects.url, {"statut": "inconnu"})
        assert response.status_code == 200
        panel = filter_panel(response)
        assert panel.startswith('<details class="filter-panel" open>')
        assert "project-filters__error" in panel
        assert toggle_text(response) == ["Filtres"]

    def test_the_panel_speaks_english_and_arabic(self):
        translate(self.news, "ar", title="الأخبار", slug="akhbar")
        response = self.client.get("/en/news/", {"categorie": "jeunesse"})
        assert toggle_text(response) == ["Filters", "(1),", "1", "active", "filter"]
        response = self.client.get("/ar/akhbar/", {"categorie": "jeunesse"})
        assert toggle_text(response)[0:2] == ["عوامل", "التصفية"]

    def test_the_catalogue_shows_cards_with_a_picture_and_the_table(self):
        response = self.client.get(self.projects.url)
        html = response.content.decode()
        # One table, whose rows are the cards on a phone (projects.css).
        table = re.search(r'<table class="project-table">.*?</table>', html, re.S)
        assert table, "no table"
        assert 'class="card__image"' in table.group(0)
        assert "Atelier vélo" in table.group(0)
        assert "project-cards" not in html
        # On a phone the sort is a list of links, the current one marked.
        sort = re.search(r'<nav class="project-sort".*?</nav>', html, re.S).group(0)
        assert re.search(r'aria-current="true">\s*Nom', sort)


class BreadcrumbTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.news = tree["news"]
        cls.item = NewsPageFactory(parent=cls.news, title="Le goûter des familles")
        translate(cls.news, "ar", title="الأخبار", slug="akhbar")
        translate(cls.item, "ar", title="لمة العائلات", slug="lamma")

    def test_a_page_below_a_section_has_the_trail_to_it(self):
        response = self.client.get(self.item.url)
        nav = breadcrumbs(response).group(0)
        # French typography may give the label its typographic apostrophe.
        assert re.search(r'aria-label="Fil d(&#x27;|\'|’)Ariane"', nav)
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
        assert links == [("/", "Accueil"), (self.news.url, self.news.title)]
        assert re.search(
            r'<span aria-current="page">Le goûter des familles</span>', nav
        )
        assert "<ol" in nav

    def test_the_trail_is_given_to_search_engines(self):
        html = self.client.get(self.item.url).content.decode()
        scripts = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
        trails = [
            data
            for data in map(json.loads, scripts)
            if data.get("@type") == "BreadcrumbList"
        ]
        assert len(trails) == 1
        items = trails[0]["itemListElement"]
        assert [item["position"] for item in items] == [1, 2, 3]
        assert [item["name"] for item in items][1:] == [
            self.news.title,
            "Le goûter des familles",
        ]
        assert items[2]["item"].startswith("http")
        assert items[2]["item"].endswith(self.item.url)

    def test_the_home_page_and_a_section_have_none(self):
        assert breadcrumbs(self.client.get("/")) is None
        assert breadcrumbs(self.client.get(self.news.url)) is None

    def test_the_arabic_trail_is_in_arabic(self):
        response = self.client.get("/ar/akhbar/lamma/")
        assert response.status_code == 200
        nav = breadcrumbs(response).group(0)
        assert 'aria-label="مسار التنقل"' in nav
        assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav) == [
            ("/ar/", "الرئيسية"),
            ("/ar/akhbar/", "الأخبار"),
        ]
        assert 'aria-current="page">لمة العائلات' in nav
