"""Which pages a query finds and in which order (search/ranking.py): the
pages holding most of the words first, sections and the home page after
the page about the subject, synonyms from the admin."""

from django.test import TestCase
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail.search.models import IndexEntry

from search.models import SynonymGroup
from search.ranking import MAX_UNITS, query_units
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import StandardPageFactory, build_site_tree, french
from tests.search.helpers import result_urls


def paragraph(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]


def page(parent, title, slug, body, intro=""):
    return StandardPageFactory(
        parent=parent,
        title=title,
        slug=slug,
        intro=f"<p>{intro}</p>" if intro else "",
        body=paragraph(body),
        locale=french(),
    )


class RankingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.home = tree["home"]
        cls.news_index = tree["news"]
        home = cls.home
        # The home page speaks of the maisons de quartier three times.
        home.hero_title = "Trois maisons de quartier, une envie d'agir ensemble"
        home.hero_text = (
            "Les maisons de quartier de Romans ouvrent leurs portes : "
            "maisons de quartier pour tous, quartier par quartier."
        )
        home.save_revision().publish()
        cls.hours = page(
            home,
            "Nos horaires d'été",
            "horaires",
            "Les maisons de quartier ferment trois semaines en août.",
        )
        cls.all_three = page(
            home,
            "Atelier du samedi",
            "atelier-samedi",
            "Un atelier compost au jardin, chaque samedi.",
        )
        cls.two = page(
            home,
            "Le compost partagé",
            "compost-partage",
            "Un atelier pour apprendre le compost.",
        )
        cls.one = page(
            home,
            "Le marché du samedi",
            "marche",
            "Samedi, samedi et encore samedi : le marché du samedi matin.",
        )
        cls.news = NewsPageFactory(
            parent=cls.news_index,
            title="Retour sur la fête",
            slug="retour-fete",
            intro="Toutes les actualités de la fête des voisins.",
            locale=french(),
        )
        cls.seniors = page(
            home,
            "Après-midi jeux",
            "apres-midi-jeux",
            "Un goûter pour les personnes âgées du quartier.",
        )
        cls.bike = page(
            home,
            "Réparation",
            "reparation",
            "Réparer son cycle avec des bénévoles.",
        )
        cls.bikes = page(
            home,
            "Bourse aux vélos",
            "bourse-velos",
            "Des vélos d'occasion à petit prix.",
        )

    def found(self, query, path="/recherche/"):
        response = self.client.get(path, {"q": query})
        self.assertEqual(response.status_code, 200)
        return result_urls(response.content.decode())

    def test_pages_holding_most_of_the_words_come_first(self):
        found = self.found("atelier compost samedi girafe")
        self.assertEqual(
            found[:3], [self.all_three.url, self.two.url, self.one.url], found
        )

    def test_every_word_held_outranks_a_word_repeated(self):
        # « samedi » four times on the market page, once on the workshop's.
        found = self.found("samedi compost")
        self.assertEqual(found[0], self.all_three.url)
        self.assertEqual(set(found), {self.all_three.url, self.two.url, self.one.url})

    def test_nothing_found_when_no_page_holds_any_word(self):
        self.assertEqual(self.found("girafe hippopotame"), [])

    def test_the_home_page_comes_after_the_page_about_the_subject(self):
        # The database alone ranks the home page first for these words...
        pages = Page.objects.live().descendant_of(self.home, inclusive=True)
        raw = [found.pk for found in pages.search("maisons quartier")]
        self.assertEqual(raw[0], self.home.pk)
        # ...the site search puts the page about them first.
        found = self.found("maisons quartier")
        self.assertEqual(found[0], self.hours.url)
        self.assertIn(self.home.url, found)

    def test_a_section_named_by_the_query_comes_first(self):
        found = self.found("actualités")
        self.assertEqual(found[0], self.news_index.url)
        self.assertIn(self.news.url, found)

    def test_a_section_not_named_by_the_query_comes_after_the_content(self):
        # The news section's intro says « quartiers », its title does not.
        found = self.found("quartier")
        self.assertLess(found.index(self.hours.url), found.index(self.home.url))
        self.assertLess(found.index(self.hours.url), found.index(self.news_index.url))

    def test_synonyms_find_the_other_terms_of_their_group(self):
        SynonymGroup.objects.create(
            terms="seniors, personnes âgées, aînés", locale=french()
        )
        SynonymGroup.objects.create(terms="vélo\ncycle", locale=french())
        self.assertEqual(self.found("seniors"), [self.seniors.url])
        self.assertEqual(self.found("Aînés"), [self.seniors.url])
        self.assertEqual(set(self.found("VELO")), {self.bike.url, self.bikes.url})
        # The group as a whole counts as one word held.
        found = self.found("vélo réparation")
        self.assertEqual(found[0], self.bike.url)

    def test_without_the_group_a_synonym_finds_nothing(self):
        self.assertEqual(self.found("seniors"), [])
        self.assertNotIn(self.bike.url, self.found("vélo"))

    def test_singular_and_plural_find_each_other_where_the_stemmer_parts_them(self):
        # Snowball keeps the s of « vélos » (root « velos », « vélo » → « velo »).
        self.assertEqual(self.found("vélo"), [self.bikes.url])
        self.assertEqual(self.found("VELOS"), [self.bikes.url])
        SynonymGroup.objects.create(terms="vélo, cycle", locale=french())
        # « vélos » names the group « vélo, cycle »: both pages.
        self.assertEqual(set(self.found("vélos")), {self.bike.url, self.bikes.url})

    def test_another_language_groups_do_not_apply(self):
        english, _ = Locale.objects.get_or_create(language_code="en")
        SynonymGroup.objects.create(terms="seniors, personnes âgées", locale=english)
        self.assertEqual(self.found("seniors"), [])


class QueryUnitsTests(TestCase):
    def test_stop_words_are_left_out_and_words_counted_once(self):
        units = query_units("le jardin des jardins et la fête", french())
        self.assertEqual([unit.wordings for unit in units], [("jardin",), ("fête",)])

    def test_a_multi_word_term_of_a_group_is_one_unit(self):
        SynonymGroup.objects.create(terms="seniors, personnes âgées", locale=french())
        units = query_units("goûter personnes agees", french())
        self.assertEqual(
            [unit.wordings for unit in units],
            [("goûter",), ("seniors", "personnes âgées")],
        )

    def test_a_long_query_keeps_the_first_words(self):
        words = " ".join(f"mot{number}" for number in range(30))
        self.assertEqual(len(query_units(words, french())), MAX_UNITS)

    def test_a_group_with_one_term_is_ignored(self):
        SynonymGroup.objects.create(terms="vélo, , ;", locale=french())
        self.assertEqual(
            [unit.wordings for unit in query_units("vélo", french())], [("vélo",)]
        )


class PlaceNameTests(TestCase):
    """An event held at a centre, or a sheet it organises, names the centre
    in its text, not in its title."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        home = tree["home"]
        centres = CentreIndexPageFactory(parent=home)
        cls.centre = CentrePageFactory(
            parent=centres,
            title="Maison de quartier des Ors",
            slug="ors",
            intro="Un lieu d'accueil pour les habitants.",
        )
        agenda = EventIndexPageFactory(parent=home)
        cls.party = EventPageFactory(
            parent=agenda,
            title="Fête de quartier aux Ors",
            slug="fete-ors",
            place_page=cls.centre,
            place_name="",
            intro="Jeux, musique et repas partagé : tout le quartier est invité.",
            body=paragraph(
                " ".join(["La maison de quartier des Ors vous attend."] * 8)
            ),
        )

    def test_the_centre_comes_before_an_event_held_there(self):
        # As on the demo: the title norms Wagtail keeps (refreshed only for
        # new entries) may weigh a short event title over the centre's.
        IndexEntry.objects.filter(object_id=str(self.party.pk)).update(title_norm=1.5)
        IndexEntry.objects.filter(object_id=str(self.centre.pk)).update(title_norm=0.6)
        found = result_urls(
            self.client.get(
                "/recherche/", {"q": "maison de quartier des Ors"}
            ).content.decode()
        )
        self.assertEqual(found[:2], [self.centre.url, self.party.url])

    def test_the_centre_still_finds_its_events(self):
        found = result_urls(
            self.client.get("/recherche/", {"q": "fête Ors"}).content.decode()
        )
        self.assertEqual(found[0], self.party.url)
