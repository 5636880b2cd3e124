import pytest
from django.urls import reverse

from cooperation.celery import app as celery_app
from newsletter import tokens
from newsletter.models import MailingList, Subscriber
from tests.factories import french
from tests.newsletter.factories import make_default_lists
from tests.outages import free_port


@pytest.fixture
def mailing_lists(db):
    """The lists of the data migration (run again: a transactional test may
    have flushed them, and the French locale they are written in), by slug."""
    french()
    make_default_lists()
    return {
        mailing_list.slug: mailing_list for mailing_list in MailingList.objects.all()
    }


@pytest.fixture
def signup(client, site_tree, mailing_lists):
    """Send the sign-up form as a browser would, on commit hooks run."""

    def post(email, *, client=client, lists=("agenda",), **extra):
        data = {
            "email": email,
            "first_name": "",
            "language": "fr",
            "lists": [mailing_lists[slug].pk for slug in lists],
            "consent": "on",
            "website": "",
            "source": "/",
            **extra,
        }
        return client.post(reverse("newsletter:subscribe"), data)

    return post


@pytest.fixture
def broker_down():
    """This process queues tasks as production does (not eagerly), to a
    Redis broker on a port nobody listens on: a broker that is down.

    Only the settings change; the connection pools are left alone, since
    queuing on commit opens a connection of its own and fails on it.
    """
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    conf.task_always_eager = False
    yield conf.broker_url
    conf.broker_url, conf.task_always_eager = previous


def make_subscriber(email="lea@example.fr", status=Subscriber.Status.SUBSCRIBED, **kw):
    return Subscriber.objects.create(email=email, status=status, **kw)


def token_for(subscriber, purpose):
    return tokens.make_token(subscriber, purpose)


@pytest.fixture
def fake_brevo():
    """The fake Brevo service, running on 127.0.0.1 for one test."""
    from tests.newsletter.fake_brevo import FakeBrevo

    with FakeBrevo() as fake:
        yield fake


def brevo_env(fake):
    """What a worker process needs to send through Anymail to `fake`."""
    return {
        "EMAIL_BACKEND": "anymail.backends.brevo.EmailBackend",
        "ANYMAIL_BREVO_API_URL": fake.url,
        "ANYMAIL_BREVO_API_KEY": fake.api_key,
    }


@pytest.fixture
def use_fake_brevo(settings, fake_brevo):
    """This process sends through Anymail's Brevo backend to the fake."""
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = {
        **settings.ANYMAIL,
        "BREVO_API_URL": fake_brevo.url,
        "BREVO_API_KEY": fake_brevo.api_key,
    }
    return fake_brevo


def make_audience(count, mailing_list, *, prefix="personne", status="subscribed"):
    """`count` subscribers on `mailing_list`, written in bulk."""
    people = Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{number}@example.fr", status=status)
        for number in range(count)
    )
    Through = Subscriber.lists.through
    Through.objects.bulk_create(
        Through(subscriber_id=person.pk, mailinglist_id=mailing_list.pk)
        for person in people
    )
    return people


def make_campaign(*mailing_lists, subject="La lettre de mai"):
    from newsletter.models import Campaign

    campaign = Campaign.objects.create(
        subject=subject,
        text_body="Bonjour {{ params.first_name }}\n{{ params.unsubscribe_url }}",
        html_body=(
            "<p>Bonjour</p><a href='{{ params.unsubscribe_url }}'>Se désinscrire</a>"
        ),
    )
    campaign.lists.set(mailing_lists)
    return campaign
