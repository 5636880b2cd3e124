"""Sign-up and « mon lien » answer alike and queue alike for every address,
and the data export by email is throttled."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter import tasks, tokens
from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscriber, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The tasks the web process queues, recorded instead of run."""
    calls = []

    def record(task):
        def apply_async(args=(), **options):
            calls.append((task.name, args))

        return apply_async

    for task in (
        tasks.handle_signup,
        tasks.handle_manage_link_request,
        tasks.send_confirmation,
        tasks.send_manage_link,
    ):
        monkeypatch.setattr(task, "apply_async", record(task))
    return calls


def _shape(value):
    """The structure of a task's arguments, without the values."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_shape(item) for item in value]
    return type(value).__name__


def _page(response):
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()
    )


def test_signup_queues_one_task_of_one_shape_for_known_and_unknown(
    signup, queued, django_capture_on_commit_callbacks
):
    make_subscriber("abonne@example.fr", Subscriber.Status.SUBSCRIBED)
    responses = []
    for email in ("abonne@example.fr", "inconnu@example.fr"):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(signup(email, client=Client()))

    assert [name for name, _ in queued] == [
        "newsletter.tasks.handle_signup",
        "newsletter.tasks.handle_signup",
    ]
    (known_args,), (unknown_args,) = (args for _, args in queued)
    assert _shape(known_args) == _shape(unknown_args)
    assert known_args["email"] == "abonne@example.fr"
    # The web process wrote nothing for either: the worker decides.
    assert not Subscriber.objects.filter(email="inconnu@example.fr").exists()
    known, unknown = responses
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert _page(Client().get(known["Location"])) == _page(
        Client().get(unknown["Location"])
    )


def test_manage_link_queues_one_task_of_one_shape_for_known_and_unknown(
    client, site_tree, queued, django_capture_on_commit_callbacks
):
    make_subscriber("abonne@example.fr")
    url = reverse("newsletter:manage_link")
    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(url, {"email": "abonne@example.fr"})
        unknown = Client().post(url, {"email": "inconnu@example.fr"})
    assert queued == [
        ("newsletter.tasks.handle_manage_link_request", ("abonne@example.fr",)),
        ("newsletter.tasks.handle_manage_link_request", ("inconnu@example.fr",)),
    ]
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_the_worker_sends_the_link_to_a_known_address_only(mailing_lists):
    make_subscriber("abonne@example.fr")
    assert tasks.handle_manage_link_request("Abonne@Example.fr ") is True
    assert tasks.handle_manage_link_request("inconnu@example.fr") is False
    assert [message.to for message in mail.outbox] == [["abonne@example.fr"]]


def test_the_worker_decides_between_confirmation_and_preferences_link(
    mailing_lists,
):
    make_subscriber("abonne@example.fr")
    form = {"first_name": "", "language": "fr", "source_url": "/", "ip_hash": ""}
    lists = [mailing_lists["agenda"].pk]
    assert tasks.handle_signup({**form, "email": "abonne@example.fr", "lists": lists})
    assert tasks.handle_signup({**form, "email": "neuf@example.fr", "lists": lists})
    by_email = {message.to[0]: message.body for message in mail.outbox}
    assert "/gerer/" in by_email["abonne@example.fr"]
    assert "/confirmer/" in by_email["neuf@example.fr"]
    assert Subscriber.objects.get(email="neuf@example.fr").status == "pending"


def test_data_export_email_is_throttled_per_subscriber_and_per_client(
    site_tree, mailing_lists, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_EXPORT_EMAIL_RATE_PER_SUBSCRIBER = "2/h"
    settings.NEWSLETTER_EXPORT_EMAIL_RATE_PER_CLIENT = "3/h"
    lea, sam, tom, zoe = (
        make_subscriber(f"{name}@example.fr") for name in ("lea", "sam", "tom", "zoe")
    )

    def ask(subscriber, address):
        url = reverse("newsletter:export", args=[token_for(subscriber, tokens.MANAGE)])
        return Client(REMOTE_ADDR=address).post(url, {"by_email": "1"})

    with django_capture_on_commit_callbacks(execute=True):
        # Per subscriber: the third request, from anywhere, is refused.
        assert ask(lea, "192.0.2.1").status_code == 200
        assert ask(lea, "192.0.2.2").status_code == 200
        refused = ask(lea, "192.0.2.3")
        assert refused.status_code == 429
        assert "Réessayez plus tard" in refused.content.decode()
        # Per client: the fourth request of one client, whoever it is for.
        for subscriber in (sam, tom, zoe):
            assert ask(subscriber, "192.0.2.9").status_code == 200
        assert ask(lea, "192.0.2.9").status_code == 429
        assert ask(lea, "192.0.2.9").status_code == 429
    assert sorted(message.to[0] for message in mail.outbox) == [
        "lea@example.fr",
        "lea@example.fr",
        "sam@example.fr",
        "tom@example.fr",
        "zoe@example.fr",
    ]


def test_head_works_on_the_forms_and_never_unsubscribes(site_tree, mailing_lists):
    subscriber = make_subscriber("lea@example.fr")
    unsubscribe = reverse(
        "newsletter:unsubscribe", args=[token_for(subscriber, tokens.UNSUBSCRIBE)]
    )
    for url in (
        reverse("newsletter:subscribe"),
        reverse("newsletter:manage_link"),
        reverse("newsletter:check_inbox"),
        unsubscribe,
    ):
        response = Client().head(url)
        assert response.status_code == 200, url
        assert response.content == b""
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
