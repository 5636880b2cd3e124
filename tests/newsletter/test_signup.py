"""Joining: the form, double opt-in, no enumeration, honeypot, rate limit."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import tokens
from newsletter.consent import CONSENT_WORDING, WORDING_VERSION
from newsletter.models import ConsentRecord, Subscriber, Suppression
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def confirm_link(message):
    return re.search(r"https?://\S+/confirmer/\S+/", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_signup_creates_a_pending_subscriber_and_sends_a_confirmation(
    signup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup("  Lea.Martin@Example.FR ", first_name="Léa")

    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lea.martin@example.fr"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == "Léa"
    assert [ml.slug for ml in subscriber.lists.all()] == ["agenda"]
    assert subscriber.confirmation_sent_at is not None
    record = subscriber.consent_records.get()
    assert record.action == ConsentRecord.Action.SUBSCRIBE
    assert record.wording == str(CONSENT_WORDING)
    assert record.wording_version == WORDING_VERSION
    assert record.source_url == "/"
    assert len(record.ip_hash) == 64 and "127.0.0.1" not in record.ip_hash
    (message,) = mail.outbox
    assert message.to == ["lea.martin@example.fr"]
    assert "Bonjour Léa" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "/confirmer/" in message.alternatives[0][0]


def test_confirmation_link_shows_a_page_and_only_a_post_confirms(
    signup, client, mailing_lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup("lea@example.fr")
    url = path_of(confirm_link(mail.outbox[0]))

    page = client.get(url)
    assert page.status_code == 200
    assert "Je confirme mon inscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    response = client.post(
        url, {"lists": [mailing_lists["agenda"].pk, mailing_lists["les-ors"].pk]}
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None
    assert {ml.slug for ml in subscriber.lists.all()} == {"agenda", "les-ors"}
    assert list(subscriber.consent_records.values_list("action", flat=True)) == [
        "subscribe",
        "confirm",
    ]


def test_confirmation_link_expires(signup, client, settings):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = tokens.make_token(subscriber, tokens.CONFIRM)
    settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS = 0
    response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_confirm_token_cannot_unsubscribe_and_manage_token_cannot_confirm(
    client, site_tree
):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    confirm_token = tokens.make_token(subscriber, tokens.CONFIRM)
    manage_token = tokens.make_token(subscriber, tokens.MANAGE)
    assert (
        client.post(reverse("newsletter:confirm", args=[manage_token])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("newsletter:unsubscribe", args=[confirm_token]),
            {"List-Unsubscribe": "One-Click"},
        ).status_code
        == 404
    )
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def _answer(response):
    """What a visitor sees: the page after the redirect, minus the CSRF token."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    )


def test_the_answer_is_the_same_whatever_the_address(
    signup, django_capture_on_commit_callbacks
):
    make_subscriber("abonne@example.fr", Subscriber.Status.SUBSCRIBED)
    make_subscriber("attente@example.fr", Subscriber.Status.PENDING)
    make_subscriber("parti@example.fr", Subscriber.Status.UNSUBSCRIBED)
    Suppression.objects.create(
        email_hash=Suppression.hash_email("efface@example.fr"),
        reason=Suppression.Reason.ERASED,
    )
    answers = set()
    for email in (
        "inconnu@example.fr",
        "abonne@example.fr",
        "attente@example.fr",
        "parti@example.fr",
        "efface@example.fr",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = signup(email, client=Client())
        assert response.status_code == 302
        answers.add((response.status_code, response["Location"]))
        followed = Client().get(response["Location"])
        answers.add(_answer(followed))
    assert len(answers) == 2  # one redirect, one page

    by_email = {message.to[0]: message for message in mail.outbox}
    assert "/confirmer/" in by_email["inconnu@example.fr"].body
    assert "/gerer/" in by_email["abonne@example.fr"].body
    assert "/confirmer/" not in by_email["abonne@example.fr"].body
    assert "/confirmer/" in by_email["parti@example.fr"].body
    assert "/confirmer/" in by_email["efface@example.fr"].body
    assert Subscriber.objects.get(email="parti@example.fr").status == "pending"
    assert Subscriber.objects.get(email="abonne@example.fr").status == "subscribed"
    # The pending one was created just now with nothing sent yet: it gets one.
    assert "attente@example.fr" in by_email


def test_pending_resend_is_throttled(signup, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            signup("lea@example.fr", client=Client(REMOTE_ADDR="10.0.0.9"))
    assert len(mail.outbox) == 1

    Subscriber.objects.update(confirmation_sent_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        signup("lea@example.fr")
    assert len(mail.outbox) == 2


def test_suppressed_address_is_mailed_again_only_after_confirming(
    signup, client, django_capture_on_commit_callbacks
):
    Suppression.objects.create(
        email_hash=Suppression.hash_email("efface@example.fr"),
        reason=Suppression.Reason.ERASED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        signup("efface@example.fr")
    assert Suppression.is_suppressed("efface@example.fr")
    assert not Subscriber.objects.mailable().exists()

    client.post(path_of(confirm_link(mail.outbox[0])))
    assert not Suppression.is_suppressed("efface@example.fr")
    assert Subscriber.objects.mailable().get().email == "efface@example.fr"


def test_honeypot_answers_like_success_and_saves_nothing(
    signup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup("robot@example.fr", website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check_inbox")
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_sixth_signup_within_a_minute_is_refused_with_429(
    signup, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="192.0.2.44")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            assert signup(f"p{number}@example.fr", client=client).status_code == 302
        response = signup("sixieme@example.fr", client=client)

    assert response.status_code == 429
    assert "trop de fois" in response.content.decode()
    assert Subscriber.objects.count() == 5
    assert not Subscriber.objects.filter(email="sixieme@example.fr").exists()
    # Another client is not affected.
    assert (
        signup("autre@example.fr", client=Client(REMOTE_ADDR="192.0.2.45")).status_code
        == 302
    )


def test_errors_are_clear_and_in_french(signup):
    response = signup("pas-une-adresse", consent="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cette adresse de courriel n&#x27;est pas valide" in page
    assert "Cochez la case pour accepter" in page
    assert 'role="alert"' in page
    assert not Subscriber.objects.exists()


def test_signup_page_works_without_javascript(client, site_tree, mailing_lists):
    response = client.get(reverse("newsletter:subscribe"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<form class="newsletter-form" method="post"' in page
    assert "<legend>Ce qui vous intéresse</legend>" in page
    assert 'tabindex="-1"' in page and 'autocomplete="off"' in page


def test_home_page_shows_its_own_form_and_the_footer_links_to_it(
    client, site_tree, mailing_lists
):
    page = client.get("/").content.decode()
    assert page.count('<form class="newsletter-form') == 1
    assert 'id="newsletter-home-email"' in page
    footer = page[page.index("<footer") :]
    assert "<form" not in footer
    assert 'href="#newsletter-home-email"' in footer
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]


def test_a_page_without_its_own_form_has_the_footer_one(
    client, site_tree, mailing_lists
):
    page = client.get(site_tree["news"].url).content.decode()
    assert page.count('<form class="newsletter-form') == 1
    # The footer stays light: email and consent, no lists.
    footer = page[page.index("<footer") :]
    assert 'id="newsletter-footer-email"' in footer
    assert 'name="lists"' not in footer
    assert 'name="consent"' in footer


def test_newsletter_page_shows_the_full_form(client, site_tree, mailing_lists):
    from newsletter.models import NewsletterIndexPage

    page = NewsletterIndexPage(title="Newsletter", slug="newsletter", intro="Intro")
    site_tree["home"].add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert 'id="newsletter-page-email"' in html
    assert 'id="newsletter-page-lists_0"' in html
    assert reverse("newsletter:manage_link") in html


def test_lost_link_form_answers_the_same_and_sends_only_to_known_addresses(
    client, site_tree, django_capture_on_commit_callbacks
):
    make_subscriber("abonne@example.fr")
    url = reverse("newsletter:manage_link")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "abonne@example.fr"})
        unknown = client.post(url, {"email": "inconnu@example.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [["abonne@example.fr"]]
    assert "/gerer/" in mail.outbox[0].body


def test_emails_are_written_in_the_subscriber_language(
    signup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup("sam@example.org", language="en")
    (message,) = mail.outbox
    assert "/en/newsletter/inscription/confirmer/" in message.body
