"""An editor's newsletter, in a real browser with a real Celery worker and
the fake Brevo service: compose an issue, send a test to oneself, send it;
the issue reaches the public archive only when its sending starts, and an
English-speaking subscriber receives the English version."""

import pytest
from django.contrib.auth import get_user_model

from newsletter.models import Campaign, MailingList, NewsletterPage, Subscriber
from tests.factories import build_site_tree
from tests.helpers import wait_for
from tests.newsletter.conftest import brevo_env
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    draft_translation,
    make_default_lists,
)
from tests.newsletter.fake_brevo import FakeBrevo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "un mot de passe assez long"


def build_newsletter_section():
    make_default_lists()
    tree = build_site_tree()
    index = NewsletterIndexPageFactory(parent=tree["home"])
    index.save_revision().publish()
    agenda = MailingList.objects.get(slug="agenda")
    people = {}
    for email, language in (
        ("marie@example.fr", "fr"),
        ("john@example.org", "en"),
        ("samira@example.fr", "ar"),
    ):
        person = Subscriber.objects.create(
            email=email, language=language, status=Subscriber.Status.SUBSCRIBED
        )
        person.lists.add(agenda)
        people[language] = person
    editor = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.fr", PASSWORD
    )
    return index, agenda, people, editor


@pytest.fixture
def fake_brevo():
    with FakeBrevo() as fake:
        yield fake


def open_action_menu(page):
    """The drop-up beside « Enregistrer le brouillon » at the editor's foot."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_editor_composes_tests_and_sends_an_issue_in_each_language(
    site_server, page_for, fake_brevo, celery_worker_factory
):
    index, agenda, people, editor = build_newsletter_section()
    worker = celery_worker_factory(brevo_env(fake_brevo))
    log = worker["log"]
    page = page_for({"width": 1280, "height": 900})
    page.set_default_timeout(20_000)
    base = site_server.url

    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "redaction")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(base + "/admin/")

    # Compose, from the Newsletter menu's list of issues.
    page.goto(base + "/admin/newsletter_issues/")
    page.get_by_role("link", name="Nouveau numéro").click()
    page.wait_for_url(f"**/admin/pages/add/newsletter/newsletterpage/{index.pk}/")
    page.fill("input[name=title]", "Lettre de juin")
    page.fill("input[name=subject]", "La lettre de juin")
    page.fill("textarea[name=intro]", "Bonjour à toutes et à tous,")
    page.get_by_role("checkbox", name=agenda.name).check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url("**/edit/")
    issue = NewsletterPage.objects.get(title="Lettre de juin")
    assert not issue.live

    # A test to oneself, through the worker and the ESP.
    open_action_menu(page)
    page.get_by_role("link", name="Envoyer un test").click()
    page.get_by_role("button", name="Envoyer le test").click()
    page.wait_for_url(f"**/admin/pages/{issue.pk}/edit/")
    assert wait_for(lambda: fake_brevo.subjects_of("redaction@example.fr"), 60), (
        log.read_text()[-3000:]
    )
    assert fake_brevo.subjects_of("redaction@example.fr") == [
        "[Test] La lettre de juin"
    ]
    assert not fake_brevo.subjects_of("marie@example.fr")

    # The English version, translated by hand and left a draft.
    draft_translation(
        issue,
        "en",
        title="June letter",
        slug="june-letter",
        subject="The June letter",
        intro="Hello everyone,",
    )

    # Not public before the send starts.
    assert "Lettre de juin" not in page.context.request.get(base + "/lettre/").text()
    issue_url = f"{base}{index.url}{issue.slug}/"
    assert page.context.request.get(issue_url).status == 404

    open_action_menu(page)
    page.get_by_role("link", name="Envoyer la lettre").click()
    assert page.get_by_role(
        "checkbox", name=f"{agenda.name} (3 abonné·es)"
    ).is_checked()
    page.get_by_role("button", name="Confirmer l'envoi à 3 personnes").click()
    page.wait_for_url("**/admin/newsletter/campaigns/*/")

    campaign = Campaign.objects.get(page=issue)
    assert wait_for(
        lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.DONE,
        60,
    ), log.read_text()[-3000:]
    assert fake_brevo.subjects_of("john@example.org") == ["The June letter"]
    assert fake_brevo.subjects_of("marie@example.fr") == ["La lettre de juin"]
    assert fake_brevo.subjects_of("samira@example.fr") == ["La lettre de juin"]

    # In the archive once sent; the report counts each language.
    assert "Lettre de juin" in page.context.request.get(base + "/lettre/").text()
    assert page.context.request.get(issue_url).status == 200
    page.reload()
    assert page.get_by_role("row", name="English 1 1").is_visible()
    assert page.get_by_role("row", name="Français 2 2").is_visible()
