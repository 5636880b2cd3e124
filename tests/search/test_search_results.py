"""What the search page shows and hides: only live, public pages of the
visitor's language, filters by type, pagination, the editors' picks, the
empty and no-result states, and a bounded number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page, PageViewRestriction

from cooperation.typography import french as typeset
from tests.agenda.factories import EventIndexPageFactory
from tests.blog.factories import NewsPageFactory
from tests.factories import StandardPageFactory, build_site_tree, french
from tests.search.helpers import headings_in_order, result_urls


def get(client, url="/recherche/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


class VisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        cls.public = StandardPageFactory(
            parent=home, title="Tamarin public", slug="tamarin-public"
        )
        cls.draft = StandardPageFactory(
            parent=home, title="Tamarin brouillon", slug="tamarin-brouillon", live=False
        )
        # A published page whose next version, not yet published, adds a word.
        cls.edited = NewsPageFactory(
            parent=tree["news"], title="Fête des voisins", slug="fete-des-voisins"
        )
        cls.edited.intro = "Le tamarin arrive bientôt."
        cls.edited.save_revision()
        private = StandardPageFactory(
            parent=home, title="Tamarin privé", slug="tamarin-prive"
        )
        PageViewRestriction.objects.create(
            page=private, restriction_type="password", password="secret"
        )
        cls.private_child = StandardPageFactory(
            parent=private, title="Tamarin caché", slug="tamarin-cache"
        )
        cls.private = private
        english_home = tree["translations"]["en"]
        cls.english = StandardPageFactory(
            parent=english_home,
            title="Tamarin in English",
            slug="tamarin-in-english",
            locale=english_home.locale,
        )

    def test_only_live_public_pages_of_the_current_language_are_found(self):
        found = result_urls(get(self.client, q="tamarin"))
        self.assertEqual(found, ["/tamarin-public/"])

    def test_the_text_of_an_unpublished_version_is_not_searchable(self):
        self.assertEqual(result_urls(get(self.client, q="arrive bientôt")), [])
        # Only the published page holding one of the words.
        found = result_urls(get(self.client, q="tamarin arrive"))
        self.assertEqual(found, ["/tamarin-public/"])

    def test_the_other_language_finds_its_pages_and_the_french_ones_marked(self):
        """Like the listings: its own pages, and the French ones not
        translated, marked lang="fr" and « in French »; the French page's
        translation replaces it, and drafts and private pages stay hidden."""
        html = get(self.client, "/en/recherche/", q="tamarin")
        self.assertEqual(
            set(result_urls(html)), {"/en/tamarin-in-english/", "/tamarin-public/"}
        )
        self.assertRegex(
            html,
            r'<h3 class="search-result__title" lang="fr"><a href="/tamarin-public/">'
            r"Tamarin public</a></h3>\s*<p class=\"search-result__meta\">\s*"
            r'<span class="search-result__type">[^<]+</span>\s*'
            r'<span class="card__language">in French</span>',
        )
        self.assertRegex(
            html,
            r'<h3 class="search-result__title"><a href="/en/tamarin-in-english/">',
        )

    def test_a_promotion_of_a_draft_or_private_page_is_not_shown(self):
        query = Query.get("tamarin")
        for page in (self.draft, self.private, self.private_child):
            query.editors_picks.create(page=page, description="À ne pas montrer")
        html = get(self.client, q="Tamarin")
        self.assertNotIn("Recommandé", html)
        self.assertNotIn("À ne pas montrer", html)
        self.assertNotIn("/tamarin-brouillon/", html)
        self.assertNotIn("/tamarin-prive/", html)


class FiltersPaginationAndPromotionsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        EventIndexPageFactory(parent=cls.home, locale=french())
        cls.pages = [
            StandardPageFactory(
                parent=cls.home,
                title=f"Pissenlit {number:02d}",
                slug=f"pissenlit-{number:02d}",
            )
            for number in range(12)
        ]
        cls.news = [
            NewsPageFactory(
                parent=tree["news"],
                title=f"Pissenlit au jardin {number}",
                slug=f"pissenlit-au-jardin-{number}",
            )
            for number in range(3)
        ]

    def test_counts_per_type_link_to_the_filtered_results(self):
        html = get(self.client, q="pissenlit")
        self.assertIn(typeset("15 résultats pour « pissenlit »"), html)
        self.assertIn('<a href="?q=pissenlit" aria-current="page">Tout (15)</a>', html)
        self.assertIn(
            '<a href="?q=pissenlit&amp;type=blog.newspage">Actualités (3)', html
        )
        self.assertIn("?q=pissenlit&amp;type=home.standardpage", html)
        self.assertIn("Pages de contenu (12)", html)

    def test_the_type_filter_keeps_one_type_and_marks_its_link(self):
        html = get(self.client, q="pissenlit", type="blog.newspage")
        found = result_urls(html)
        self.assertEqual(len(found), 3)
        self.assertTrue(all(url.startswith("/actualites/") for url in found))
        self.assertIn(
            '<a href="?q=pissenlit&amp;type=blog.newspage" aria-current="page">'
            "Actualités (3)",
            html,
        )
        self.assertIn('<a href="?q=pissenlit">Tout (15)</a>', html)

    def test_an_unknown_type_shows_every_result(self):
        html = get(self.client, q="pissenlit", type="<script>")
        self.assertEqual(len(result_urls(html)), 10)
        self.assertNotIn("<script>", html.split("<main", 1)[1])

    def test_ten_results_a_page_and_the_links_keep_the_query_and_type(self):
        html = get(self.client, q="pissenlit")
        self.assertEqual(len(result_urls(html)), 10)
        self.assertIn('href="?q=pissenlit&amp;page=2"', html)
        second = get(self.client, q="pissenlit", page=2)
        self.assertEqual(len(result_urls(second)), 5)
        self.assertIn('<ol class="search-results" start="11">', second)
        self.assertIn('href="?q=pissenlit&amp;page=1"', second)
        self.assertIn("(page 2)", second.split("</title>")[0])

        filtered = get(self.client, q="pissenlit", type="home.standardpage")
        self.assertIn(
            'href="?q=pissenlit&amp;type=home.standardpage&amp;page=2"', filtered
        )

    def test_page_links_encode_what_the_visitor_typed(self):
        html = get(self.client, q="pissenlit &")
        self.assertIn('href="?q=pissenlit+%26&amp;page=2"', html)

    def test_a_page_number_out_of_range_or_not_a_number_answers(self):
        for number in ("abc", "0", "-1", "99999999999999999999", "2.5"):
            with self.subTest(page=number):
                html = get(self.client, q="pissenlit", page=number)
                self.assertTrue(result_urls(html))

    def test_a_promoted_page_comes_first_under_recommande(self):
        promoted = self.pages[7]
        Query.get("pissenlit").editors_picks.create(
            page=promoted, description="Le guide du pissenlit.", sort_order=0
        )
        html = get(self.client, q="Pissenlit")
        self.assertIn("Recommandé", html)
        self.assertIn("Le guide du pissenlit.", html)
        self.assertLess(html.index("/pissenlit-07/"), html.index('id="search-count"'))
        self.assertLess(html.index("Recommandé"), html.index('id="search-count"'))
        self.assertTrue(headings_in_order(html))

    def test_a_promotion_added_after_a_search_shows_on_the_next_one(self):
        # The promoted queries are kept in the site cache: a new pick changes it.
        self.assertNotIn("Recommandé", get(self.client, q="pissenlit"))
        Query.get("pissenlit").editors_picks.create(page=self.pages[5])
        self.assertIn("Recommandé", get(self.client, q="pissenlit"))

    def test_each_first_page_of_all_types_counts_one_hit_of_the_day(self):
        for params in ({}, {}, {"page": "2"}, {"type": "blog.newspage"}):
            get(self.client, q="Pissenlit", **params)
        hits = Query.objects.get(query_string="pissenlit").daily_hits.get()
        self.assertEqual(hits.hits, 2)

    def test_no_promotion_block_without_a_matching_promotion(self):
        Query.get("autre chose").editors_picks.create(page=self.pages[0])
        self.assertNotIn("Recommandé", get(self.client, q="pissenlit"))

    def test_a_promotion_stops_when_its_page_is_unpublished(self):
        promoted = self.pages[3]
        Query.get("pissenlit").editors_picks.create(page=promoted)
        promoted.unpublish()
        html = get(self.client, q="pissenlit")
        self.assertNotIn("Recommandé", html)
        self.assertNotIn("/pissenlit-03/", html)

    def test_the_title_says_the_query(self):
        html = get(self.client, q="pissenlit")
        self.assertIn(typeset("<title>Recherche : pissenlit"), html)

    def test_no_query_explains_and_suggests_the_sections(self):
        html = get(self.client)
        self.assertIn("Tapez un ou plusieurs mots", html)
        self.assertIn("Parcourir les rubriques", html)
        self.assertIn('href="/actualites/"', html)
        self.assertIn('href="/agenda/"', html)
        self.assertNotIn("search-results", html.split("<main", 1)[1])
        self.assertTrue(headings_in_order(html))

    def test_no_result_gives_tips_and_the_sections(self):
        html = get(self.client, q="zyxwvu")
        self.assertIn(typeset("Aucun résultat pour « zyxwvu »"), html)
        self.assertIn("moins de mots", html)
        self.assertIn("accents", html)
        self.assertIn("orthographe", html)
        self.assertIn('href="/actualites/"', html)
        self.assertIn('href="/agenda/"', html)
        self.assertTrue(headings_in_order(html))

    def test_the_form_is_a_labelled_search_landmark(self):
        html = get(self.client, q="pissenlit")
        self.assertIn('role="search"', html)
        self.assertIn('<label for="search-q">', html)
        self.assertIn('value="pissenlit"', html)
        self.assertIn("<h1>Rechercher sur le site</h1>", html)
        self.assertTrue(headings_in_order(html))


class QueryCountTests(TestCase):
    """Five or fifty matching pages: the page costs the same queries."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        for number in range(5):
            NewsPageFactory(parent=tree["news"], title=f"Tulipe {number}")
        for number in range(50):
            NewsPageFactory(parent=tree["news"], title=f"Capucine {number}")

    def count_queries(self, query):
        get(self.client, q=query)  # the first search of a word records it
        cache.clear()  # uncached: the site cache emptied, as after an edit
        with CaptureQueriesContext(connection) as queries:
            html = get(self.client, q=query)
        return len(queries), html, queries.captured_queries

    def test_the_number_of_queries_does_not_grow_with_the_results(self):
        few, few_html, _ = self.count_queries("tulipe")
        many, many_html, many_queries = self.count_queries("capucine")
        self.assertEqual(len(result_urls(few_html)), 5)
        self.assertEqual(len(result_urls(many_html)), 10)
        self.assertEqual(few, many, "\n".join(q["sql"][:150] for q in many_queries))
        # 30, and the two lookups of the French locale that the language
        # rule (French pages where a translation is missing) makes.
        self.assertLessEqual(many, 32)


HOSTILE_QUERIES = [
    '"',
    "'",
    "\\",
    "&",
    "|",
    "!",
    ":*",
    "(",
    ")",
    "<->",
    "jardin:*",
    "!jardin & (fete | 'x')",
    "a <-> b",
    "égalité:* & (",
    "''''",
    '"""',
    "\x00",
    "jar\x00din",
    "a" * 5000,
    "jardin " * 400,
    "😀" * 300,
    "مرحبا بكم في الحي",
    "İ" * 200,
    "ß" * 200,
    "e\u0301galite\u0301",
    "\u0301",
    "%",
    "_",
    "--",
    "; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "<mark>x</mark>",
    "{{ request }}",
    "\u202e\u200b",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_any_query_answers_200_on_postgresql(client, site_tree, query):
    assert connection.vendor == "postgresql"
    StandardPageFactory(
        parent=site_tree["home"], title="Jardin <b>partagé</b>", slug="jardin-partage"
    )
    for params in ({"q": query}, {"q": query, "type": query, "page": query}):
        response = client.get("/recherche/", params)
        # A NUL byte: 400 before the view (cooperation/middleware.py).
        assert response.status_code == (400 if "\x00" in query else 200)
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<mark>x</mark>" not in html
        assert "<b>partagé</b>" not in html


def test_snippet_marks_words_without_letting_markup_through():
    from search.snippets import snippet

    class FakePage:
        search_description = ""
        intro = '<b>Égalité</b> & "jardins" <script>alert(1)</script>'

    html = snippet(FakePage(), "egalite jardin <script>")
    assert "<script>" not in html
    assert "<b>" not in html
    assert "<mark>Égalité</mark>" in html
    assert "&quot;<mark>jardins</mark>&quot;" in html
    assert "&amp;" in html


def test_snippets_are_cut_at_thirty_words():
    from search.snippets import snippet

    class FakePage:
        intro = " ".join(f"mot{number}" for number in range(60))

    text = str(snippet(FakePage(), "rien"))
    assert len(text.split()) == 30
    assert text.endswith("…")


def test_the_wagtail_root_is_never_a_result(client, site_tree):
    root = Page.objects.get(depth=1)
    assert root.live
    assert result_urls(get(client, q=root.title)) == []
