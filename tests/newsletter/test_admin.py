"""The newsletter in the Wagtail admin: listing, search, filters, counts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from newsletter.models import (
    Campaign,
    ConsentRecord,
    Delivery,
    MailingList,
    Subscriber,
    Suppression,
)
from tests.newsletter.conftest import make_subscriber
from tests.newsletter.factories import make_default_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, site_tree):
    user = get_user_model().objects.create_superuser(
        "admin", "admin@example.fr", "motdepasse"
    )
    client.force_login(user)
    return client


@pytest.fixture
def people(mailing_lists):
    lea = make_subscriber("lea@example.fr", first_name="Léa")
    lea.lists.set([mailing_lists["agenda"], mailing_lists["les-ors"]])
    nour = make_subscriber("nour@example.fr", Subscriber.Status.PENDING)
    nour.lists.set([mailing_lists["agenda"]])
    make_subscriber("sam@example.org", Subscriber.Status.UNSUBSCRIBED, language="en")
    return lea, nour


def listing(admin_client, **params):
    url = reverse("wagtailsnippets_newsletter_subscriber:list")
    response = admin_client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


STATE_LABELS = [
    MailingList.Kind,
    Subscriber.Status,
    ConsentRecord.Action,
    Suppression.Reason,
    Campaign.Status,
    Delivery.Status,
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_state_labels_are_capitalised_like_wagtails(language):
    """« Brouillon », as Wagtail writes its own states, in every language
    that has case (Arabic has none)."""
    with translation.override(language):
        for choices in STATE_LABELS:
            for label in choices.labels:
                assert label[0].isupper(), (choices, label)
    with translation.override("en"):
        assert Campaign.Status.DRAFT.label == "Draft"
        assert Subscriber.Status.SUBSCRIBED.label == "Subscribed"


def test_subscriber_listing_shows_counts_by_status_and_by_list(admin_client, people):
    page = listing(admin_client)
    assert "lea@example.fr" in page and "nour@example.fr" in page
    assert "Résumé (3 adresses)" in page
    assert "<td>Abonné·e</td><td>1</td>" in page
    assert "<td>En attente de confirmation</td><td>1</td>" in page
    assert "<td>Agenda</td><td>1</td><td>1</td>" in page
    assert "<td>Maison de quartier des Ors</td><td>1</td><td>0</td>" in page


def test_subscriber_listing_searches_and_filters(admin_client, people, mailing_lists):
    page = listing(admin_client, q="nour")
    assert "nour@example.fr" in page and "lea@example.fr" not in page

    page = listing(admin_client, status="unsubscribed")
    assert "sam@example.org" in page and "lea@example.fr" not in page

    page = listing(admin_client, lists=mailing_lists["les-ors"].pk)
    assert "lea@example.fr" in page and "nour@example.fr" not in page

    page = listing(admin_client, language="en")
    assert "sam@example.org" in page and "nour@example.fr" not in page


def test_mailing_lists_are_editable_in_the_admin(admin_client, mailing_lists):
    url = reverse("wagtailsnippets_newsletter_mailinglist:add")
    response = admin_client.post(
        url,
        {
            "name": "Jardins partagés",
            "slug": "jardins",
            "description": "Les nouvelles des jardins.",
            "kind": "topic",
            "is_active": "on",
            "sort_order": "70",
        },
    )
    assert response.status_code == 302
    garden = MailingList.objects.get(slug="jardins")
    edit = reverse("wagtailsnippets_newsletter_mailinglist:edit", args=[garden.pk])
    response = admin_client.post(
        edit,
        {"name": "Jardins", "slug": "jardins", "kind": "topic", "sort_order": "70"},
    )
    assert response.status_code == 302
    garden.refresh_from_db()
    assert garden.name == "Jardins" and garden.is_active is False


def test_inactive_lists_are_not_offered_on_the_form(client, site_tree, mailing_lists):
    MailingList.objects.filter(slug="projets").update(is_active=False)
    page = client.get(reverse("newsletter:subscribe")).content.decode()
    assert "Agenda" in page and "Projets" not in page


def test_data_migration_creates_the_default_lists(db):
    MailingList.objects.all().delete()

    make_default_lists()
    make_default_lists()  # idempotent
    assert list(MailingList.objects.values_list("name", "kind")) == [
        ("Agenda", "topic"),
        ("Actualités", "topic"),
        ("Projets", "topic"),
        ("Maison de quartier des Ors", "centre"),
        ("Maison de quartier Saint-Nicolas", "centre"),
        ("Maison Citoyenne — la Monnaie", "centre"),
    ]


def test_email_is_unique_whatever_its_case(db):
    from django.db import IntegrityError, transaction

    make_subscriber("lea@example.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.bulk_create([Subscriber(email="LEA@Example.fr")])
    assert Subscriber.objects.count() == 1
