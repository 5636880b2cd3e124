"""Factories for the page tree the tests need, built with wagtail-factories,
and what every app's factories share: the French locale and images."""

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from blog.models import NewsIndexPage
from demo.builder import tree_root
from home.models import HomePage, StandardPage


def french():
    """The site's default locale (made by the migrations, or again after a
    transactional test has flushed the database)."""
    return Locale.objects.get_or_create(language_code="fr")[0]


def related(name):
    """A post-generation declaration that adds the values given to the
    factory to the new page's `name` relation (many-to-many or tags), then
    saves the page: `categories = related("categories")`."""

    def add_values(page, create, extracted, **kwargs):
        if create and extracted:
            getattr(page, name).add(*extracted)
            page.save()

    return factory.PostGeneration(add_values)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.Sequence(lambda n: f"Des habitants au jardin partagé {n}")
    credit = "Photo : MQ des Ors"


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = "Trois maisons de quartier, une même envie d'agir ensemble"
    hero_text = "Les maisons de quartier de Romans-sur-Isère ouvrent leurs portes."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page de contenu {n}")

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Actualités"
    slug = "actualites"
    intro = "Ce qui se passe dans les quartiers."
    show_in_menus = True

    class Meta:
        model = NewsIndexPage


TRANSLATED_HERO = {
    "en": "Three neighbourhood centres, one wish to act together",
    "ar": "ثلاث دور أحياء، ورغبة واحدة في العمل معًا",
}


def translate(page, language_code, **fields):
    """Publish a translation of `page` with the given field values."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated.specific_class.objects.get(pk=translated.pk)


def build_site_tree():
    """The smallest site: a French home page with English and Arabic
    translations, one section in the menu, served by the default Site."""
    fr = french()
    for code in ("en", "ar"):
        Locale.objects.get_or_create(language_code=code)
    root = tree_root()
    home = HomePageFactory(parent=root, locale=fr)
    news = NewsIndexPageFactory(parent=home, locale=fr)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    # Wagtail's own first page (made by its migrations) is not part of our tree.
    Page.objects.filter(depth=2).exclude(pk=home.pk).exclude(
        translation_key=home.translation_key
    ).delete()
    home.refresh_from_db()
    translations = {
        code: translate(home, code, title=code, hero_title=hero)
        for code, hero in TRANSLATED_HERO.items()
    }
    translate(news, "en", title="News", slug="news")
    return {"home": home, "news": news, "translations": translations}
