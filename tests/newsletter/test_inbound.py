"""The mailto: of List-Unsubscribe: Brevo's inbound webhook through Anymail."""

import base64
import json

import pytest
from django.urls import reverse

from newsletter import inbound, tokens
from newsletter.models import ConsentRecord, Subscriber
from tests.newsletter.conftest import make_subscriber, token_for

pytestmark = pytest.mark.django_db

SECRET = "brevo:un-secret-assez-long"
URL = "/anymail/brevo/inbound/"
MAILBOX = "desinscription@retour.cooperation-romans.fr"


@pytest.fixture(autouse=True)
def mailbox(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = MAILBOX


def brevo_item(subject, *, to=MAILBOX, sender="lea@example.fr"):
    """One received email as Brevo's inbound parsing posts it: the parsed
    fields, and the headers (which Anymail builds its message from)."""
    return {
        "Uuid": ["5d8b0c3e-8a8e-4a7e-9d59-0b4cfe0e7a11"],
        "MessageId": "<CAF1234@mail.example.fr>",
        "InReplyTo": None,
        "From": {"Name": "Lea", "Address": sender},
        "To": [{"Name": None, "Address": to}],
        "Cc": [],
        "ReplyTo": None,
        "SentAtDate": "Thu, 21 Nov 2026 10:12:00 +0100",
        "Subject": subject,
        "Attachments": [],
        "Headers": {
            "Received": [
                "from mx.example.fr by inbound1.sendinblue.com; ...",
                "from [10.0.0.2] by mx.example.fr; ...",
            ],
            "MIME-Version": "1.0",
            "From": f"Lea <{sender}>",
            "Date": "Thu, 21 Nov 2026 10:12:00 +0100",
            "Message-ID": "<CAF1234@mail.example.fr>",
            "Subject": subject,
            "To": to,
            "Content-Type": "text/plain; charset=UTF-8",
        },
        "SpamScore": 0.2,
        "ExtractedMarkdownMessage": "",
        "ExtractedMarkdownSignature": None,
        "RawHtmlBody": "",
        "RawTextBody": "\r\n",
    }


def post_inbound(client, *items, auth=SECRET):
    headers = {}
    if auth:
        token = base64.b64encode(auth.encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client.post(
        URL,
        json.dumps({"items": list(items)}),
        content_type="application/json",
        **headers,
    )


def unsubscribe_token(subscriber):
    return token_for(subscriber, tokens.UNSUBSCRIBE)


def test_inbound_address_is_anymails():
    assert reverse("anymail:brevo_inbound_webhook") == URL


@pytest.mark.parametrize(
    "subject",
    [
        "{token}",
        "Re: {token}",
        "  RE : Fwd:{token}  ",
        "TR:\t{token} ",
    ],
)
def test_mail_with_a_valid_token_unsubscribes(client, subject):
    lea = make_subscriber()

    subject = subject.format(token=unsubscribe_token(lea))
    response = post_inbound(client, brevo_item(subject))

    assert response.status_code == 200
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.UNSUBSCRIBED
    assert lea.unsubscribed_at is not None
    [record] = lea.consent_records.all()
    assert record.action == ConsentRecord.Action.UNSUBSCRIBE
    assert record.source_url == f"mailto:{MAILBOX}"


def test_it_is_the_same_unsubscribing_as_the_one_click_post(client, monkeypatch):
    """The rule lives in subscriptions.unsubscribe, for both ways in."""
    from newsletter import subscriptions

    calls = []
    monkeypatch.setattr(
        subscriptions, "unsubscribe", lambda person, **kw: calls.append(person.pk)
    )
    lea = make_subscriber()
    post_inbound(client, brevo_item(unsubscribe_token(lea)))
    client.post(
        reverse("newsletter:unsubscribe", args=[unsubscribe_token(lea)]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert calls == [lea.pk, lea.pk]


def test_a_pending_person_is_unsubscribed_too(client):
    sam = make_subscriber("sam@example.fr", status=Subscriber.Status.PENDING)
    post_inbound(client, brevo_item(unsubscribe_token(sam)))
    sam.refresh_from_db()
    assert sam.status == Subscriber.Status.UNSUBSCRIBED


def test_the_same_mail_twice_leaves_one_trace(client):
    lea = make_subscriber()
    item = brevo_item(unsubscribe_token(lea))
    post_inbound(client, item)
    post_inbound(client, item)
    assert lea.consent_records.count() == 1


def test_mailbox_address_is_matched_whatever_its_case_and_display_name(client):
    lea = make_subscriber()
    item = brevo_item(unsubscribe_token(lea))
    item["Headers"]["To"] = f"La Coopération <{MAILBOX.upper()}>"
    post_inbound(client, item)
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.UNSUBSCRIBED


def altered(token):
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


@pytest.mark.parametrize(
    "make_subject",
    [
        pytest.param(lambda lea: altered(unsubscribe_token(lea)), id="altered"),
        pytest.param(lambda lea: token_for(lea, tokens.MANAGE), id="other-purpose"),
        pytest.param(lambda lea: token_for(lea, tokens.CONFIRM), id="confirm-token"),
        pytest.param(lambda lea: "Désinscription", id="no-token"),
        pytest.param(lambda lea: "", id="empty"),
        pytest.param(
            lambda lea: f"Re: merci {unsubscribe_token(lea)}", id="token-in-a-sentence"
        ),
    ],
)
def test_mail_without_a_valid_token_changes_nothing(client, caplog, make_subject):
    lea = make_subscriber()

    with caplog.at_level("INFO", logger="newsletter.inbound"):
        response = post_inbound(client, brevo_item(make_subject(lea)))

    assert response.status_code == 200
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.SUBSCRIBED
    assert not lea.consent_records.exists()
    assert [record.levelname for record in caplog.records] == ["INFO"]
    assert "without a valid token" in caplog.records[0].getMessage()


def test_a_revoked_token_changes_nothing(client):
    lea = make_subscriber()
    token = unsubscribe_token(lea)
    lea.rotate_secret()
    post_inbound(client, brevo_item(token))
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.SUBSCRIBED


def test_mail_to_another_address_is_ignored(client, caplog):
    lea = make_subscriber()

    with caplog.at_level("INFO", logger="newsletter.inbound"):
        response = post_inbound(
            client,
            brevo_item(
                unsubscribe_token(lea), to="contact@retour.cooperation-romans.fr"
            ),
        )

    assert response.status_code == 200
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.SUBSCRIBED
    assert "another address" in caplog.records[0].getMessage()
    assert caplog.records[0].levelname == "INFO"


def test_inbound_without_the_secret_is_refused(client):
    lea = make_subscriber()
    item = brevo_item(unsubscribe_token(lea))

    assert post_inbound(client, item, auth=None).status_code in (400, 401, 403)
    assert post_inbound(client, item, auth="brevo:faux").status_code in (400, 401, 403)
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.SUBSCRIBED


def test_inbound_is_refused_when_no_secret_is_configured(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    lea = make_subscriber()

    response = post_inbound(client, brevo_item(unsubscribe_token(lea)))

    assert response.status_code == 403
    lea.refresh_from_db()
    assert lea.status == Subscriber.Status.SUBSCRIBED


def test_token_from_subject():
    assert inbound.token_from_subject("Re: RE:  abc:def ") == "abc:def"
    assert inbound.token_from_subject(None) == ""
