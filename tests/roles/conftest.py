"""A small site with two centres, their sections and one member per role."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from agenda.models import EventPage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from roles.sync import COMMUNICATION, TRANSLATION, sync_roles
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.centres.factories import CentreIndexPageFactory, CentrePageFactory
from tests.factories import build_site_tree, french
from tests.form_data import event_form_data
from tests.projects.factories import ProjectIndexPageFactory, ProjectPageFactory

PASSWORD = "motdepasse-des-tests"
ORS = "Maison de quartier des Ors"
MONNAIE = "Maison citoyenne de la Monnaie"


def build_roles_site():
    """The tree, the roles synchronised, and one user per role (by username)."""
    tree = build_site_tree()
    fr = french()
    home = tree["home"]
    centres = CentreIndexPageFactory(parent=home, locale=fr)
    tree["ors"] = CentrePageFactory(parent=centres, locale=fr, title=ORS, slug="ors")
    tree["monnaie"] = CentrePageFactory(
        parent=centres, locale=fr, title=MONNAIE, slug="monnaie"
    )
    tree["agenda"] = EventIndexPageFactory(parent=home, locale=fr)
    tree["ors_event"] = EventPageFactory(parent=tree["ors"], locale=fr)
    tree["monnaie_event"] = EventPageFactory(parent=tree["monnaie"], locale=fr)
    tree["projects"] = ProjectIndexPageFactory(parent=home, locale=fr)
    tree["project"] = ProjectPageFactory(parent=tree["projects"], locale=fr)
    letters = NewsletterIndexPage(title="Newsletter", slug="newsletter", locale=fr)
    home.add_child(instance=letters)
    issue = NewsletterPage(title="Lettre de mai", slug="mai", subject="En mai")
    letters.add_child(instance=issue)
    tree["issue"] = issue
    tree["en_home"] = tree["translations"]["en"]
    tree["centres"] = centres

    sync_roles(apps)
    User = get_user_model()
    members = {
        "comm": COMMUNICATION,
        "ors": ORS,
        "monnaie": MONNAIE,
        "trad": TRANSLATION,
        "admin": "Administrateurs",
    }
    for username, group in members.items():
        user = User.objects.create_user(
            username, f"{username}@example.fr", PASSWORD, first_name=username
        )
        user.groups.add(Group.objects.get(name=group))
    Locale.objects.get_or_create(language_code="ar")
    return tree


@pytest.fixture(scope="module")
def module_roles_site(module_db, django_db_blocker):
    if module_db is None:
        return None
    with django_db_blocker.unblock():
        return build_roles_site()


@pytest.fixture
def roles_site(module_roles_site, db):
    return module_roles_site


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


def submit_event(client, centre):
    """A centre member creates an event under their centre and submits it."""
    url = reverse("wagtailadmin_pages:add", args=("agenda", "eventpage", centre.pk))
    response = client.post(url, event_form_data(**{"action-submit": "submit"}))
    assert response.status_code == 302, response.content[:2000]
    return EventPage.objects.get(slug="agora-marche")
