"""The sign-up form fed with hostile input never fails and never lets a
header be injected into an email."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsletter.forms import clean_first_name
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "\r\nBcc: x@evil.example",
    "\nCc: x@evil.example",
    "%0d%0aBcc: x@evil.example",
    "\r\n\r\n<html>corps remplacé</html>",
    "<script>alert(1)</script>",
    "\u2028Bcc: x@evil.example",
    "\x85Bcc: x@evil.example",
]

hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(INJECTIONS),
    st.builds(
        lambda prefix, injection: prefix + injection,
        st.text(max_size=40),
        st.sampled_from(INJECTIONS),
    ),
    st.text(alphabet="🙂ﷺ𝕏é<>\"'&\u202e\u200b", min_size=200, max_size=2000),
)

hostile_email = st.one_of(
    st.emails(),
    hostile_text,
    st.builds(
        lambda address, injection: address + injection,
        st.emails(),
        st.sampled_from(INJECTIONS),
    ),
    st.builds(lambda local: f"{local}@example.fr", st.text(min_size=1, max_size=300)),
)

ALLOWED_HEADERS = {
    "Content-Type",
    "MIME-Version",
    "Subject",
    "From",
    "To",
    "Date",
    "Message-ID",
    "Content-Transfer-Encoding",
}


def assert_clean(message, expected_to):
    assert message.recipients() == [expected_to]
    assert message.cc == [] and message.bcc == []
    parsed = message.message()
    for name, value in parsed.items():
        assert name in ALLOWED_HEADERS, name
        # Long headers are folded (a line break followed by a space): legal.
        unfolded = re.sub(r"\r?\n[ \t]", " ", str(value))
        assert "\r" not in unfolded and "\n" not in unfolded, (name, value)
        assert "evil.example" not in unfolded, (name, value)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    email=hostile_email,
    first_name=hostile_text,
    language=st.one_of(st.sampled_from(["fr", "en", "ar"]), st.text(max_size=10)),
    lists=st.lists(st.one_of(st.integers(), st.text(max_size=20)), max_size=4),
    source=hostile_text,
    consent=st.sampled_from(["on", "", "1"]),
)
@example(
    email="lea@example.fr\r\nBcc: x@evil.example",
    first_name="Léa",
    language="fr",
    lists=[],
    source="/",
    consent="on",
)
@example(
    email="lea@example.fr",
    first_name="Léa\r\nBcc: x@evil.example",
    language="fr",
    lists=[],
    source="//evil.example/\r\n",
    consent="on",
)
def test_hostile_signup_never_fails_nor_injects_headers(
    site_tree,
    mailing_lists,
    django_capture_on_commit_callbacks,
    email,
    first_name,
    language,
    lists,
    source,
    consent,
):
    cache.clear()  # one example, one fresh rate-limit window
    mail.outbox = []
    client = Client(raise_request_exception=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter:subscribe"),
            {
                "email": email,
                "first_name": first_name,
                "language": language,
                "lists": lists,
                "source": source,
                "consent": consent,
            },
        )

    assert response.status_code in (302, 400), response.status_code
    for message in mail.outbox:
        subscriber = Subscriber.objects.get(email=message.to[0])
        assert_clean(message, subscriber.email)
        assert "\n" not in subscriber.first_name and "\r" not in subscriber.first_name
        assert len(subscriber.first_name) <= 80
    if response.status_code == 302:
        assert len(mail.outbox) <= 1


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Léa\r\nBcc: x@evil.example", "Léa Bcc: x@evil.example"),
        ("  Ana\tMaria  ", "Ana Maria"),
        ("\x00Nour\u2028", "Nour"),
        ("x" * 500, "x" * 80),
        ("<b>Zoé</b>", "<b>Zoé</b>"),  # kept as typed, escaped when shown
    ],
)
def test_first_name_is_cleaned_of_control_characters(raw, cleaned):
    assert clean_first_name(raw) == cleaned


def test_html_in_a_first_name_is_escaped_in_the_email(
    signup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup("zoe@example.fr", first_name="<script>alert(1)</script>")
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
