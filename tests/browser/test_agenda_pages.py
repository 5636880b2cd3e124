import datetime

import pytest
from django.utils import timezone

from agenda.models import EventCategory
from tests.agenda.factories import EventPageFactory, build_agenda
from tests.browser.conftest import check_accessibility
from tests.factories import ImageFactory, StandardPageFactory, french

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def category(name, slug):
    return EventCategory.objects.get_or_create(
        slug=slug, locale=french(), defaults={"name": name}
    )[0]


def agenda_site():
    tree = build_agenda()
    today = timezone.localdate()
    # The agenda's migration may already have made these categories.
    agora = category("Agora – débat public", "agora-debat-public")
    workshop = category("Atelier", "atelier")
    EventPageFactory(
        parent=tree["agenda"],
        title="Agora : est-ce que jeter coûte de l'argent ?",
        start_date=today + datetime.timedelta(days=3),
        image=ImageFactory(),
        categories=[agora],
    )
    EventPageFactory(
        parent=tree["agenda"],
        title="Atelier conserverie",
        start_date=today + datetime.timedelta(days=5),
        recurrence="weekly",
        recurrence_weekdays=[
            ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][
                (today + datetime.timedelta(days=5)).weekday()
            ]
        ],
        recurrence_until=today + datetime.timedelta(days=40),
        categories=[workshop],
    )
    return tree


def test_agenda_event_and_month_view_have_no_axe_violation(
    live_server, page_for, viewport
):
    tree = agenda_site()
    name, size = viewport
    page = page_for(size)
    assert page.goto(f"{live_server.url}/agenda/").status == 200
    check_accessibility(page, f"agenda-index-{name}")
    page.get_by_role(
        "link", name="Agora : est-ce que jeter coûte de l'argent ?"
    ).first.click()
    page.wait_for_load_state()
    check_accessibility(page, f"agenda-event-{name}")
    today = timezone.localdate()
    url = f"{live_server.url}{tree['agenda'].url}mois/{today.year}/{today.month}/"
    assert page.goto(url).status == 200
    check_accessibility(page, f"agenda-month-{name}")


def test_agenda_category_filter_works_with_the_keyboard_alone(live_server, page_for):
    agenda_site()
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/agenda/")
    for _ in range(80):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent.trim()")
        if (
            label.startswith("Atelier")
            and page.evaluate("document.activeElement.tagName") == "A"
        ):
            break
    else:
        pytest.fail("the Atelier filter is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**categorie=atelier**")
    titles = set(page.locator("article h2").all_inner_texts())
    assert titles == {"Atelier conserverie"}


def test_standard_page_has_no_axe_violation(live_server, page_for, viewport):
    from wagtail.rich_text import RichText

    tree = agenda_site()
    StandardPageFactory(
        parent=tree["home"],
        title="Accessibilité",
        slug="accessibilite",
        intro="<p>Le site doit pouvoir être lu par tout le monde.</p>",
        body=[
            ("heading", {"text": "Ce que nous vérifions", "level": "h2"}),
            ("paragraph", RichText("<p>Le clavier, les contrastes, les images.</p>")),
            ("quote", {"text": "Un site pour tous.", "attribution": "L'équipe"}),
        ],
    )
    name, size = viewport
    page = page_for(size)
    assert page.goto(f"{live_server.url}/accessibilite/").status == 200
    check_accessibility(page, f"standard-page-{name}")
