import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from newsletter import tokens
from newsletter.models import MailingList, Subscriber

default_lists_migration = importlib.import_module(
    "newsletter.migrations.0006_default_lists"
)


@pytest.fixture
def mailing_lists(db):
    """The lists of the data migration (run again: a transactional test may
    have flushed them), by slug."""
    default_lists_migration.create_default_lists(apps, None)
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


def make_subscriber(email="lea@example.fr", status=Subscriber.Status.SUBSCRIBED, **kw):
    return Subscriber.objects.create(email=email, status=status, **kw)


def token_for(subscriber, purpose):
    return tokens.make_token(subscriber, purpose)
