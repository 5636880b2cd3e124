"""The newsletter pages in a real browser: no axe-core violation at phone
and desktop widths, and the sign-up form works with the keyboard alone."""

import datetime

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from newsletter import tokens
from newsletter.models import MailingList, Subscriber
from tests.agenda.factories import EventIndexPageFactory, EventPageFactory
from tests.blog.factories import NewsPageFactory
from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import ImageFactory, build_site_tree, french
from tests.newsletter.factories import (
    NewsletterIndexPageFactory,
    NewsletterPageFactory,
    make_default_lists,
)

pytestmark = pytest.mark.browser


def build_newsletter_site():
    tree = build_site_tree()
    # After the tree: the lists are written in its French locale.
    make_default_lists()
    agenda = EventIndexPageFactory(parent=tree["home"], locale=french())
    event = EventPageFactory(
        parent=agenda,
        title="Pique-nique du quartier",
        start_date=timezone.localdate() + datetime.timedelta(days=5),
        image=ImageFactory(description="Des tables au soleil"),
    )
    news = NewsPageFactory(parent=tree["news"], title="Repair café")
    index = NewsletterIndexPageFactory(parent=tree["home"])
    issue = NewsletterPageFactory(
        parent=index,
        body=[
            ("news", {"heading": "Actualités", "items": [news]}),
            ("chosen_events", [event]),
            ("next_events", {"title": "Ce mois-ci", "weeks": 4, "centre": None}),
            ("text", RichText("<p>À bientôt dans les maisons de quartier.</p>")),
            ("call_to_action", {"label": "Nous rejoindre", "page": None, "url": ""}),
        ],
    )
    issue.save_revision().publish()
    return index, issue


def build_newsletter_site_with_subscribers():
    """The newsletter site, a person who has not confirmed yet and one who
    has, each on the first list."""
    index, issue = build_newsletter_site()
    pending = Subscriber.objects.create(
        email="lea@example.fr", status=Subscriber.Status.PENDING
    )
    subscribed = Subscriber.objects.create(
        email="sam@example.fr", status=Subscriber.Status.SUBSCRIBED
    )
    for person in (pending, subscribed):
        person.lists.set(MailingList.objects.all()[:1])
    return {
        "index": index,
        "issue": issue,
        "pending": pending,
        "subscribed": subscribed,
    }


newsletter_site = shared_by_module(build_newsletter_site_with_subscribers)


def test_newsletter_pages_have_no_axe_violation(
    site_server, newsletter_site, page_for, viewport
):
    index, issue = newsletter_site["index"], newsletter_site["issue"]
    name, size = viewport
    page = page_for(size)

    assert page.goto(site_server.url + index.url).status == 200
    check_accessibility(page, f"newsletter-index-{name}")

    assert page.goto(f"{site_server.url}/newsletter/inscription/merci/").status == 200
    check_accessibility(page, f"newsletter-check-inbox-{name}")

    token = tokens.make_token(newsletter_site["pending"], tokens.CONFIRM)
    assert (
        page.goto(f"{site_server.url}/newsletter/inscription/confirmer/{token}/").status
        == 200
    )
    check_accessibility(page, f"newsletter-confirm-{name}")

    token = tokens.make_token(newsletter_site["subscribed"], tokens.MANAGE)
    assert (
        page.goto(f"{site_server.url}/newsletter/inscription/gerer/{token}/").status
        == 200
    )
    check_accessibility(page, f"newsletter-manage-{name}")

    assert page.goto(site_server.url + issue.url).status == 200
    assert page.get_by_text("Pique-nique du quartier").first.is_visible()
    check_accessibility(page, f"newsletter-issue-{name}")


@pytest.mark.django_db(transaction=True)
def test_signup_form_works_with_the_keyboard_alone(site_server, page_for):
    index, _issue = build_newsletter_site()
    page = page_for({"width": 1280, "height": 900})
    page.goto(site_server.url + index.url)

    def tab_to(element_id):
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        pytest.fail(f"#{element_id} is not reachable with Tab")

    form = page.locator("main form.newsletter-form").first
    email_id = form.locator("input[type=email]").get_attribute("id")
    consent_id = form.locator("input[name=consent]").get_attribute("id")
    tab_to(email_id)
    page.keyboard.type("clavier@example.fr")
    tab_to(consent_id)
    page.keyboard.press("Space")
    assert form.locator("input[name=consent]").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url("**/newsletter/inscription/merci/")
    assert Subscriber.objects.filter(email="clavier@example.fr").exists()
