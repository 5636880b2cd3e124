"""The contract every page type of the site keeps: it is routable (with its
sub-routes), renderable and previewable, lives only under its parent types
and holds only its subpage types, and an editor creates then edits it in the
admin. The checks that belong to one type (its fields, its validation, its
inline panels) stay in that app's tests."""

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, rich_text, streamfield

from agenda.models import EventIndexPage, EventPage
from blog.models import NewsIndexPage, NewsPage
from centres.models import CentreIndexPage, CentrePage, Weekday
from home.models import HomePage, StandardPage
from newsletter.models import MailingList, NewsletterIndexPage, NewsletterPage
from projects.models import ProjectIndexPage, ProjectPage
from tests.agenda.factories import EventCategoryFactory, EventPageFactory, add_agenda
from tests.blog.factories import NewsCategoryFactory, NewsPageFactory
from tests.centres.factories import (
    CentreContactFactory,
    CentreIndexPageFactory,
    CentrePageFactory,
    CentreServiceFactory,
    ClosureFactory,
    add_week,
)
from tests.factories import ImageFactory, StandardPageFactory
from tests.form_data import (
    centre_form_data,
    event_form_data,
    hours_row,
    index_form_data,
    issue_form_data,
    news_form_data,
    project_form_data,
    standard_form_data,
)
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    make_default_lists,
)
from tests.projects.factories import (
    DimensionFactory,
    KeywordFactory,
    PartnerTypeFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    audience,
)


def build_every_page_type(tree):
    """One page of each type in the three-language tree of `tree`, filled as
    an editor would fill it (image, categories, opening hours…), with what
    their forms refer to."""
    home, news_index = tree["home"], tree["news"]
    agenda = add_agenda(tree)["agenda"]
    make_default_lists()
    site = {
        "tree": tree,
        "image": ImageFactory(),
        "news_category": NewsCategoryFactory(name="Jeunesse", slug="jeunesse"),
        "event_category": EventCategoryFactory(
            name="Atelier vélo", slug="atelier-velo"
        ),
        "dimension": DimensionFactory(name="Citoyenneté", slug="citoyennete"),
        "keyword": KeywordFactory(name="Mixité sociale", slug="mixite-sociale"),
        "caf": PartnerTypeFactory(name="Caf", slug="caf"),
        "mailing_list": MailingList.objects.get(slug="agenda"),
    }
    news = NewsPageFactory(
        parent=news_index,
        title="Fête de quartier aux Ors",
        image=site["image"],
        categories=[site["news_category"]],
        tags=["fête", "été"],
    )
    event = EventPageFactory(
        parent=agenda,
        title="Atelier de réparation de vélos",
        image=site["image"],
        categories=[site["event_category"]],
        registration_url="https://example.org/inscription",
        registration_phone="04 75 00 00 00",
        capacity=12,
        registration_deadline=datetime.date(2026, 3, 20),
        accessibility_notes="Salle de plain-pied.",
        transport_notes="Covoiturage au départ de la MQ Saint-Nicolas.",
    )
    projects = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(
        parent=projects,
        title="Repas interculturels",
        image=site["image"],
        dimension=site["dimension"],
        keywords=[site["keyword"]],
        audiences=[audience("familles")],
        initiators=["groupe-habitants"],
        territory="plusieurs-quartiers",
        description=RichText("<p>Chaque mois, une cuisine du monde.</p>"),
    )
    centres = CentreIndexPageFactory(parent=home)
    centre = CentrePageFactory(
        parent=centres,
        title="Maison de quartier des Ors",
        short_name="MQ des Ors",
        image=site["image"],
        body=[("paragraph", RichText("<p>Bienvenue aux Ors.</p>"))],
    )
    add_week(centre)
    ClosureFactory(
        page=centre,
        start_date=datetime.date(2099, 8, 3),
        end_date=datetime.date(2099, 8, 21),
        reason="Vacances d'été",
    )
    CentreServiceFactory(page=centre, title="Accueil de loisirs")
    CentreContactFactory(page=centre, name="Claire M.", role="Directrice")
    newsletters = NewsletterIndexPageFactory(parent=home)
    issue = NewsletterPageFactory(
        parent=newsletters,
        body=[
            ("news", {"heading": "Actualités", "items": [news]}),
            (
                "highlight",
                {
                    "heading": "Le projet du mois",
                    "text": "Les jardins partagés des Ors.",
                    "image": site["image"],
                    "page": news,
                },
            ),
            ("text", RichText('<p>Voir <a href="/agenda/">l\'agenda</a>.</p>')),
            ("call_to_action", {"label": "Nous rejoindre", "page": None, "url": ""}),
        ],
    )
    issue.lists.set([site["mailing_list"]])
    issue.save_revision().publish()
    site["pages"] = {
        HomePage: home,
        StandardPage: StandardPageFactory(parent=home, title="Mentions légales"),
        NewsIndexPage: news_index,
        NewsPage: news,
        EventIndexPage: agenda,
        EventPage: event,
        ProjectIndexPage: projects,
        ProjectPage: project,
        CentreIndexPage: centres,
        CentrePage: centre,
        NewsletterIndexPage: newsletters,
        NewsletterPage: issue,
    }
    return site


@pytest.fixture(scope="module")
def module_site(module_site_tree, django_db_blocker):
    with django_db_blocker.unblock():
        return build_every_page_type(module_site_tree)


@pytest.fixture
def site(module_site, db):
    """build_every_page_type(), built once for the module, copied per test."""
    return copy.deepcopy(module_site)


@pytest.fixture
def wagtail(client):
    """Wagtail's page assertions (those of WagtailPageTestCase), for pytest
    functions: its client is pytest-django's."""
    assertions = WagtailPageTestCase()
    assertions.client = client
    assertions.dummy_request = get_dummy_request()
    return assertions


def under_arabic_home(site):
    """The Arabic home page holds no section yet: one can be added there."""
    return site["tree"]["translations"]["ar"]


@dataclass(frozen=True)
class PageType:
    model: type
    parents: set
    subpages: set
    # Sub-routes of a RoutablePageMixin page, routed besides the page itself.
    routes: tuple = ()
    # What the preview posts for the site's page; None: Wagtail reads the
    # edit form, which works where no field is drawn by JavaScript.
    preview: Any = None
    # Where an editor adds one in the admin, and what the add form posts;
    # None for the home page, made once per language with the site.
    parent: Any = None
    form: Any = None
    # Fields the edit changes, each shown on the published page.
    edited: dict = field(default_factory=dict)

    def __str__(self):
        return self.model._meta.label


SECTION = {"intro": "Workshops, debates and outings."}
SECTION_PARENTS = {HomePage}

PAGE_TYPES = [
    PageType(
        HomePage,
        parents={Page},
        subpages={
            StandardPage,
            NewsIndexPage,
            EventIndexPage,
            ProjectIndexPage,
            CentreIndexPage,
            NewsletterIndexPage,
        },
    ),
    PageType(
        StandardPage,
        parents={HomePage, StandardPage, CentrePage},
        subpages={StandardPage},
        preview=lambda site: standard_form_data(
            title="Mentions légales",
            slug=site["pages"][StandardPage].slug,
            intro=rich_text("<p>Qui publie ce site.</p>"),
            body=streamfield([("paragraph", rich_text("<p>Un paragraphe.</p>"))]),
        ),
        parent=lambda site: site["tree"]["home"],
        form=lambda site: standard_form_data(),
        edited={"title": "Nous écrire"},
    ),
    PageType(
        NewsIndexPage,
        parents=SECTION_PARENTS,
        subpages={NewsPage},
        parent=under_arabic_home,
        form=lambda site: index_form_data(),
        edited=SECTION,
    ),
    PageType(
        NewsPage,
        parents={NewsIndexPage, CentrePage},
        subpages=set(),
        preview=lambda site: news_form_data(
            title=site["pages"][NewsPage].title,
            slug=site["pages"][NewsPage].slug,
            image=site["image"].pk,
            categories=[site["news_category"].pk],
            tags="fête, été",
        ),
        parent=lambda site: site["tree"]["news"],
        form=lambda site: news_form_data(),
        edited={"title": "Repair café nouvelle date"},
    ),
    PageType(
        EventIndexPage,
        parents=SECTION_PARENTS,
        subpages={EventPage},
        routes=("passes/", "mois/2026/3/", "ical/"),
        parent=under_arabic_home,
        form=lambda site: index_form_data(),
        edited=SECTION,
    ),
    PageType(
        EventPage,
        parents={EventIndexPage, CentrePage},
        subpages=set(),
        routes=("ical/",),
        preview=lambda site: event_form_data(
            title=site["pages"][EventPage].title,
            slug=site["pages"][EventPage].slug,
            image=site["image"].pk,
            categories=[site["event_category"].pk],
        ),
        parent=lambda site: site["pages"][EventIndexPage],
        form=lambda site: event_form_data(),
        edited={"title": "Agora chaque mardi"},
    ),
    PageType(
        ProjectIndexPage,
        parents=SECTION_PARENTS,
        subpages={ProjectPage},
        parent=under_arabic_home,
        form=lambda site: index_form_data(),
        edited=SECTION,
    ),
    PageType(
        ProjectPage,
        parents={ProjectIndexPage},
        subpages=set(),
        preview=lambda site: project_form_data(
            title=site["pages"][ProjectPage].title,
            slug=site["pages"][ProjectPage].slug,
            image=site["image"].pk,
            dimension=site["dimension"].pk,
            keywords=[site["keyword"].pk],
            audiences=[audience("familles").pk],
            initiators=["groupe-habitants"],
            partners=inline_formset([{"partner_type": site["caf"].pk}]),
        ),
        parent=lambda site: site["pages"][ProjectIndexPage],
        form=lambda site: project_form_data(),
        edited={"title": "Jardin partagé saison 2"},
    ),
    PageType(
        CentreIndexPage,
        parents=SECTION_PARENTS,
        subpages={CentrePage},
        parent=under_arabic_home,
        form=lambda site: index_form_data(),
        edited=SECTION,
    ),
    PageType(
        CentrePage,
        parents={CentreIndexPage},
        subpages={NewsPage, EventPage, StandardPage},
        routes=("programme/", "programme/2026/3/"),
        preview=lambda site: centre_form_data(
            title=site["pages"][CentrePage].title,
            slug=site["pages"][CentrePage].slug,
            image=site["image"].pk,
            opening_hours=[hours_row(Weekday.TUESDAY, "09:30", "11:30")],
        ),
        parent=lambda site: site["pages"][CentreIndexPage],
        form=lambda site: centre_form_data(
            services=inline_formset([]), contacts=inline_formset([])
        ),
        edited={"title": "Maison des habitants de la Monnaie"},
    ),
    PageType(
        NewsletterIndexPage,
        parents=SECTION_PARENTS,
        subpages={NewsletterPage},
        parent=under_arabic_home,
        form=lambda site: index_form_data(),
        edited=SECTION,
    ),
    PageType(
        NewsletterPage,
        parents={NewsletterIndexPage},
        subpages=set(),
        preview=lambda site: issue_form_data(
            title="Lettre de mai", slug="lettre-de-mai", subject="La lettre de mai"
        ),
        parent=lambda site: site["pages"][NewsletterIndexPage],
        form=lambda site: issue_form_data(lists=[site["mailing_list"].pk]),
        edited={"title": "Lettre de juillet"},
    ),
]
SITE_PAGE_MODELS = {page_type.model for page_type in PAGE_TYPES}
EVERY_PAGE_TYPE = pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)


def test_every_page_model_of_the_site_keeps_the_contract():
    page_models = {
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page
    }
    assert page_models == SITE_PAGE_MODELS


@EVERY_PAGE_TYPE
def test_page_is_routable(page_type, site, wagtail):
    page = site["pages"][page_type.model]
    wagtail.assertPageIsRoutable(page)
    for route in page_type.routes:
        wagtail.assertPageIsRoutable(page, route)


@EVERY_PAGE_TYPE
def test_page_is_renderable(page_type, site, wagtail):
    wagtail.assertPageIsRenderable(site["pages"][page_type.model])


@EVERY_PAGE_TYPE
def test_page_is_previewable(page_type, site, wagtail):
    post_data = page_type.preview(site) if page_type.preview else None
    wagtail.assertPageIsPreviewable(site["pages"][page_type.model], post_data=post_data)


@EVERY_PAGE_TYPE
def test_page_lives_only_under_its_parent_types(page_type, wagtail):
    wagtail.assertAllowedParentPageTypes(page_type.model, page_type.parents)
    for other in SITE_PAGE_MODELS - page_type.parents:
        wagtail.assertCanNotCreateAt(other, page_type.model)


@EVERY_PAGE_TYPE
def test_page_holds_only_its_subpage_types(page_type, wagtail):
    wagtail.assertAllowedSubpageTypes(page_type.model, page_type.subpages)


@pytest.mark.parametrize(
    "page_type",
    [page_type for page_type in PAGE_TYPES if page_type.model.max_count_per_parent],
    ids=str,
)
def test_home_and_sections_are_one_per_parent(page_type, site):
    page = site["pages"][page_type.model]
    assert not page_type.model.can_create_at(page.get_parent())


@pytest.mark.parametrize(
    "page_type", [page_type for page_type in PAGE_TYPES if page_type.form], ids=str
)
def test_editor_creates_then_edits_the_page_in_the_admin(page_type, site, admin_client):
    meta = page_type.model._meta
    parent = page_type.parent(site)
    add_url = reverse(
        "wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk)
    )
    assert admin_client.get(add_url).status_code == 200
    data = {**page_type.form(site), "action-publish": "publish"}
    response = admin_client.post(add_url, data)
    assert response.status_code == 302, response.content[:3000]

    page = page_type.model.objects.child_of(parent).get(slug=data["slug"])
    assert page.live
    assert page.locale_id == parent.locale_id

    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert admin_client.get(edit_url).status_code == 200
    response = admin_client.post(edit_url, {**data, **page_type.edited})
    assert response.status_code == 302, response.content[:3000]

    page = Page.objects.get(pk=page.pk).specific
    response = admin_client.get(page.url)
    assert response.status_code == 200
    for name, value in page_type.edited.items():
        assert getattr(page, name) == value
        assert escape(value) in response.content.decode()
