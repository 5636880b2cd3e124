"""Build the demo site from the data files in `data/`.

Every step looks things up by a stable key (slug, locale, username) before it
creates them, so running the loader twice leaves one copy of everything.
"""

import html
from datetime import date
from itertools import zip_longest

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.blocks import StreamValue
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from blog.models import NewsCategory, NewsPage
from cooperation.models import FooterAddress, SiteSettings
from cooperation.sites import host_and_port
from home.models import HomePage, StandardPage
from roles.sync import sync_roles
from search.models import SynonymGroup

from .agenda import build_agenda
from .centres import build_centres
from .content import generated_image, load_data, paragraphs_to_blocks
from .projects import build_projects
from .translations import load_translations, translate_demo


def tree_root():
    """Wagtail's root page (and root collection), made again if a database
    flush removed what Wagtail's migrations had created."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.get_default())
        )
    return root


class DemoBuilder:
    def __init__(self, stdout=None, admin_password=None):
        self.stdout = stdout
        self.admin_password = admin_password
        self.data = load_data("site.json")
        self.sections = {}
        self.legal_pages = {}

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def build(self):
        # No outer transaction: wagtail-localize publishes translations on
        # commit, and deferring every publish to one final commit makes them
        # overwrite tree fields (child counts) with stale copies.
        self.locales = self.build_locales()
        tree_root()
        self.home = self.build_home()
        self.build_sections()
        self.build_legal_pages()
        self.build_home_links()
        self.site = self.build_site()
        self.build_settings()
        self.build_synonyms()
        centres_data = load_data("centres.json")
        self.centres = {centre["key"]: centre for centre in centres_data["centres"]}
        self.centre_pages = build_centres(self, centres_data)
        self.build_news()
        self.events = build_agenda(self)
        self.projects = build_projects(self)
        self.translate_tree()
        self.admin = self.build_admin()
        # One group per centre now that the centres exist (roles/sync.py).
        sync_roles(apps, log=self.log)
        return self

    # Locales and site -----------------------------------------------------

    def build_locales(self):
        locales = {}
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            locales[code], _created = Locale.objects.get_or_create(language_code=code)
        return locales

    def build_site(self):
        config = self.data["site"]
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(is_default_site=True)
        # BASE_URL, not the data file: the canonical and social links must
        # name the address the site is served at.
        site.hostname, site.port = host_and_port(settings.BASE_URL)
        site.site_name = config["site_name"]
        site.root_page = self.home
        site.save()
        # Wagtail's first migration made a welcome page; the demo replaces it.
        for page in Page.objects.filter(depth=2).exclude(
            translation_key=self.home.translation_key
        ):
            if not isinstance(page.specific, HomePage):
                page.delete()
        return site

    # Pages ----------------------------------------------------------------

    def build_home(self):
        config = self.data["home"]
        french = self.locales["fr"]
        home = HomePage.objects.filter(locale=french).first()
        if home is None:
            root = tree_root()
            home = HomePage(
                title=config["title"],
                slug="accueil",
                locale=french,
                hero_title=config["hero_title"],
            )
            root.add_child(instance=home)
            home.refresh_from_db()
        image_config = config["hero_image"]
        home.title = config["title"]
        home.seo_title = config["seo_title"]
        home.search_description = config["search_description"]
        home.hero_title = config["hero_title"]
        home.hero_text = config["hero_text"]
        home.hero_link_text = config["hero_link_text"]
        home.hero_image = generated_image(
            image_config["key"],
            image_config["title"],
            image_config["alt_text"],
            image_config.get("credit", ""),
        )
        home.save_revision().publish()
        return home

    def _child_page(self, parent, model, slug, **fields):
        page = parent.get_children().filter(slug=slug).specific().first()
        if page is None:
            page = model(slug=slug, locale=parent.locale, **fields)
            parent.add_child(instance=page)
            parent.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page

    def build_sections(self):
        for config in self.data["sections"]:
            model = apps.get_model(config["model"])
            self.sections[config["key"]] = self._child_page(
                self.home,
                model,
                config["slug"],
                title=config["title"],
                intro=config["intro"],
                show_in_menus=True,
            )

    def build_legal_pages(self):
        for config in self.data["legal_pages"]:
            # The blocks keep their ids from one run to the next: the
            # translations of their text are filed under them.
            existing = StandardPage.objects.filter(
                locale=self.home.locale, slug=config["slug"]
            ).first()
            ids = [block.id for block in existing.body] if existing else []
            body = StreamValue(
                StandardPage._meta.get_field("body").stream_block,
                [
                    ("paragraph", RichText(f"<p>{html.escape(text)}</p>"), block_id)
                    for text, block_id in zip_longest(config["paragraphs"], ids)
                    if text is not None
                ],
            )
            self.legal_pages[config["key"]] = self._child_page(
                self.home,
                StandardPage,
                config["slug"],
                title=config["title"],
                intro=f"<p>{html.escape(config['intro'])}</p>",
                body=body,
                show_in_menus=False,
            )

    def build_home_links(self):
        target = self.sections.get(self.data["home"]["hero_link_section"])
        if target is not None and self.home.hero_link_page_id != target.pk:
            self.home.hero_link_page = target
            self.home.save_revision().publish()

    def build_settings(self):
        config = self.data["settings"]
        site_settings = SiteSettings.for_site(self.site)
        site_settings.contact_email = config["contact_email"]
        site_settings.contact_phone = config["contact_phone"]
        site_settings.legal_notice_page = self.legal_pages.get("legal_notice")
        site_settings.privacy_page = self.legal_pages.get("privacy")
        site_settings.accessibility_page = self.legal_pages.get("accessibility")
        site_settings.save()
        FooterAddress.objects.filter(settings=site_settings).delete()
        for order, address in enumerate(config["addresses"]):
            FooterAddress.objects.create(
                settings=site_settings, sort_order=order, **address
            )

    def build_synonyms(self):
        """The search's synonym groups (data/search.json), in French."""
        french = Locale.get_default()
        for terms in load_data("search.json")["synonyms"]:
            SynonymGroup.objects.get_or_create(terms=terms, locale=french)

    # News -----------------------------------------------------------------

    def build_news(self):
        """The fifteen news items of the old site (2018), in new words."""
        data = load_data("news.json")
        french = self.locales["fr"]
        categories = {}
        for config in data["categories"]:
            category, _created = NewsCategory.objects.update_or_create(
                slug=config["slug"], locale=french, defaults={"name": config["name"]}
            )
            categories[config["key"]] = category
        parent = self.sections["news"]
        self.news = {}
        for index, item in enumerate(data["items"]):
            picture = item["image"]
            image = generated_image(
                picture["key"],
                item["title"],
                picture["alt_text"],
                motif=picture.get("motif", "circles"),
                variant=index,
            )
            page = NewsPage.objects.filter(locale=french, slug=item["slug"]).first()
            if page is None:
                page = NewsPage(
                    slug=item["slug"],
                    locale=french,
                    title=item["title"],
                    date=date.fromisoformat(item["date"]),
                    intro=item["intro"],
                )
                parent.add_child(instance=page)
                parent.refresh_from_db()
            page.title = item["title"]
            page.date = date.fromisoformat(item["date"])
            page.intro = item["intro"]
            page.search_description = item["intro"]
            page.image = image
            page.is_focus = item.get("is_focus", False)
            page.body = paragraphs_to_blocks(item["body"], item.get("links", []))
            page.categories.set(
                [categories[key] for key in item["categories"] if key in categories]
            )
            page.tags.set(item["tags"], clear=True)
            page.save_revision().publish()
            self.news[item["key"]] = page

    # Translations ---------------------------------------------------------

    def translate_tree(self):
        """The home page, sections, legal pages, centres, the Coopération's
        projects and every vocabulary in English and Arabic, through
        wagtail-localize: editors find ordinary translations they can keep
        updating (`translations.py`)."""
        translate_demo(self, load_translations())

    # Accounts -------------------------------------------------------------

    def build_admin(self):
        config = self.data["admin"]
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=config["username"],
            defaults={
                "email": config["email"],
                "first_name": config["first_name"],
                "last_name": config["last_name"],
            },
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        if self.admin_password and (
            created or not user.check_password(self.admin_password)
        ):
            user.set_password(self.admin_password)
        user.save()
        return user
