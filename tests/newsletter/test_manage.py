"""Managing: preferences, one-click unsubscribe, data export and erasure."""

import json

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from newsletter import tokens
from newsletter.models import ConsentRecord, Subscriber, Suppression
from newsletter.sending import batches, claims
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(mailing_lists):
    subscriber = make_subscriber("lea@example.fr", first_name="Léa")
    subscriber.lists.set([mailing_lists["agenda"]])
    ConsentRecord.objects.create(
        subscriber=subscriber,
        action=ConsentRecord.Action.CONFIRM,
        wording="texte",
        wording_version="v1",
    )
    return subscriber


def one_click(token):
    """What a mail provider sends: a bare POST, no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        reverse("newsletter:unsubscribe", args=[token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_one_click_unsubscribe_works_with_a_bare_post(subscriber):
    response = one_click(tokens.make_token(subscriber, tokens.UNSUBSCRIBE))

    assert response.status_code == 200
    assert b"<html" not in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert subscriber.consent_records.last().action == ConsentRecord.Action.UNSUBSCRIBE
    # Twice is harmless.
    assert (
        one_click(tokens.make_token(subscriber, tokens.UNSUBSCRIBE)).status_code == 200
    )


def test_get_on_the_unsubscribe_link_changes_nothing(client, site_tree, subscriber):
    token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
    response = client.get(reverse("newsletter:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert "Me désinscrire" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED

    # The page's button is a plain form POST and shows a page.
    response = client.post(reverse("newsletter:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert "désinscrit" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def _altered(token):
    value, signature = token.rsplit(":", 1)
    flipped = "A" if signature[0] != "A" else "B"
    return f"{value}:{flipped}{signature[1:]}"


@pytest.mark.parametrize(
    "make_bad_token",
    [
        pytest.param(lambda s: "n'importe-quoi", id="garbage"),
        pytest.param(
            lambda s: _altered(tokens.make_token(s, tokens.UNSUBSCRIBE)),
            id="altered-signature",
        ),
        pytest.param(
            lambda s: signing.dumps({"id": s.pk, "k": s.secret}, salt="autre"),
            id="wrong-salt",
        ),
        pytest.param(
            lambda s: signing.dumps(
                {"id": s.pk, "k": s.secret},
                key="une-autre-cle-secrete-assez-longue-0123456789",
                salt=tokens.UNSUBSCRIBE,
            ),
            id="forged-with-another-key",
        ),
        pytest.param(
            lambda s: signing.dumps(
                {"id": s.pk, "k": "devine"}, salt=tokens.UNSUBSCRIBE
            ),
            id="wrong-secret",
        ),
        pytest.param(
            lambda s: tokens.make_token(s, tokens.UNSUBSCRIBE)[:-3], id="truncated"
        ),
    ],
)
def test_forged_or_altered_token_fails(subscriber, make_bad_token):
    response = one_click(make_bad_token(subscriber))
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_another_subscribers_id_in_a_token_fails(subscriber):
    other = make_subscriber("autre@example.fr")
    payload = {"id": other.pk, "k": subscriber.secret}
    response = one_click(signing.dumps(payload, salt=tokens.UNSUBSCRIBE))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == Subscriber.Status.SUBSCRIBED


def test_rotating_the_secret_kills_every_link(client, site_tree, subscriber):
    manage = tokens.make_token(subscriber, tokens.MANAGE)
    unsubscribe = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
    subscriber.rotate_secret()
    assert client.get(reverse("newsletter:manage", args=[manage])).status_code == 404
    assert one_click(unsubscribe).status_code == 404


def test_unsubscribe_headers_follow_rfc_8058(subscriber, settings):
    """The headers a campaign puts on this person's message."""
    recipient = claims.Recipient(
        delivery=0,
        email=subscriber.email,
        subscriber=subscriber.pk,
        first_name=subscriber.first_name,
        language=subscriber.language,
        secret=subscriber.secret,
    )
    _, headers = batches.Links().for_person(recipient)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = (
        part.strip("<> ") for part in headers["List-Unsubscribe"].split(",")
    )
    assert https.startswith(
        f"{settings.BASE_URL}/newsletter/inscription/desinscription/"
    )
    assert mailto.startswith(
        f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}?subject="
    )
    token = https.rstrip("/").rsplit("/", 1)[1]
    assert mailto.endswith(token)
    assert tokens.read_token(token, tokens.UNSUBSCRIBE) == subscriber
    assert not any("\n" in value or "\r" in value for value in headers.values())
    # The campaign sender will put them on each message: Django accepts them.
    message = mail.EmailMessage(
        "Sujet", "Corps", to=[subscriber.email], headers=headers
    )
    assert (
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click"
        in message.message().as_string()
    )


def test_preferences_page_updates_lists_language_and_name(
    client, site_tree, subscriber, mailing_lists
):
    url = reverse(
        "newsletter:manage", args=[tokens.make_token(subscriber, tokens.MANAGE)]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert (
        f'value="{mailing_lists["agenda"].pk}" id="preferences-lists_0" checked'
        in page.content.decode()
    )

    response = client.post(
        url,
        {
            "first_name": "Léa\r\nBcc: x@evil.example",
            "language": "ar",
            "lists": [mailing_lists["projets"].pk, mailing_lists["la-monnaie"].pk],
        },
    )
    assert response.status_code == 200
    assert "Vos préférences sont enregistrées" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "ar"
    assert subscriber.first_name == "Léa Bcc: x@evil.example"
    assert {ml.slug for ml in subscriber.lists.all()} == {"projets", "la-monnaie"}
    assert subscriber.consent_records.last().action == ConsentRecord.Action.PREFERENCES


def test_data_export_downloads_everything_as_json(client, site_tree, subscriber):
    token = tokens.make_token(subscriber, tokens.MANAGE)
    response = client.post(reverse("newsletter:export", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["email"] == "lea@example.fr"
    assert data["first_name"] == "Léa"
    assert data["status"] == "subscribed"
    assert data["lists"] == [{"slug": "agenda", "name": "Agenda"}]
    assert data["consent_records"][0]["action"] == "confirm"
    assert data["consent_records"][0]["wording_version"] == "v1"
    assert "secret" not in json.dumps(data)


def test_data_export_by_email(
    client, site_tree, subscriber, django_capture_on_commit_callbacks
):
    token = tokens.make_token(subscriber, tokens.MANAGE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter:export", args=[token]), {"by_email": "1"}
        )
    assert response.status_code == 200
    (message,) = mail.outbox
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/json"
    assert json.loads(content)["email"] == "lea@example.fr"


def test_delete_my_data_asks_then_erases_and_suppresses(client, site_tree, subscriber):
    token = tokens.make_token(subscriber, tokens.MANAGE)
    unsubscribe_token = tokens.make_token(subscriber, tokens.UNSUBSCRIBE)
    url = reverse("newsletter:erase", args=[token])

    assert client.get(url).status_code == 200
    assert Subscriber.objects.exists()

    response = client.post(url)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert Suppression.is_suppressed("LEA@example.fr")
    assert "lea@example.fr" not in str(list(Suppression.objects.values()))
    # Every link sent before is dead.
    assert client.get(reverse("newsletter:manage", args=[token])).status_code == 404
    assert one_click(unsubscribe_token).status_code == 404


def test_campaign_token_maker_writes_the_same_tokens_as_make_token(
    subscriber, monkeypatch
):
    """Campaigns sign links with TokenMaker (one signer for a whole batch):
    its tokens are the ones make_token writes, read back for their purpose
    only."""
    monkeypatch.setattr("django.core.signing.time.time", lambda: 1_800_000_000)
    for purpose in (tokens.UNSUBSCRIBE, tokens.MANAGE):
        made = tokens.TokenMaker(purpose)(subscriber.pk, subscriber.secret)
        assert made == tokens.make_token(subscriber, purpose)
        assert tokens.read_token(made, purpose) == subscriber
    made = tokens.TokenMaker(tokens.MANAGE)(subscriber.pk, subscriber.secret)
    assert tokens.read_token(made, tokens.UNSUBSCRIBE) is None
    subscriber.rotate_secret()
    assert tokens.read_token(made, tokens.MANAGE) is None
