import datetime

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from agenda.models import EventCategory
from cooperation.typography import french as typeset
from tests.agenda.factories import EventPageFactory, build_agenda
from tests.browser_fixtures import check_accessibility, shared_by_module
from tests.factories import ImageFactory, StandardPageFactory, french

pytestmark = pytest.mark.browser


def category(name, slug):
    return EventCategory.objects.get_or_create(
        slug=slug, locale=french(), defaults={"name": name}
    )[0]


def build_agenda_site():
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
    return tree


agenda_site = shared_by_module(build_agenda_site)


def test_agenda_event_and_month_view_have_no_axe_violation(
    site_server, agenda_site, page_for, viewport
):
    name, size = viewport
    page = page_for(size)
    assert page.goto(f"{site_server.url}/agenda/").status == 200
    check_accessibility(page, f"agenda-index-{name}")
    page.get_by_role(
        "link", name=typeset("Agora : est-ce que jeter coûte de l'argent ?")
    ).first.click()
    page.wait_for_load_state()
    check_accessibility(page, f"agenda-event-{name}")
    today = timezone.localdate()
    url = (
        f"{site_server.url}{agenda_site['agenda'].url}mois/{today.year}/{today.month}/"
    )
    assert page.goto(url).status == 200
    check_accessibility(page, f"agenda-month-{name}")


@pytest.mark.usefixtures("agenda_site")
def test_agenda_category_filter_works_with_the_keyboard_alone(site_server, page_for):
    page = page_for({"width": 1280, "height": 900})
    page.goto(f"{site_server.url}/agenda/")
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


@pytest.mark.usefixtures("agenda_site")
def test_standard_page_has_no_axe_violation(site_server, page_for, viewport):
    name, size = viewport
    page = page_for(size)
    assert page.goto(f"{site_server.url}/accessibilite/").status == 200
    check_accessibility(page, f"standard-page-{name}")


@pytest.mark.usefixtures("agenda_site")
def test_month_picker_is_made_for_thumbs_and_works_with_the_keyboard(
    site_server, page_for
):
    page = page_for({"width": 375, "height": 800})
    assert page.goto(f"{site_server.url}/agenda/").status == 200
    picker = page.get_by_role("navigation", name="Choisir un mois")
    targets = picker.locator("a, select, button").all()
    assert len(targets) == 3  # the next month, the list of months, its button
    for target in targets:
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, target.evaluate(
            "element => element.outerHTML"
        )
    # No wider than the phone: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The list of months, with the keyboard alone: the month after this one.
    picker.locator("select").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = picker.locator("select").input_value()
    assert chosen
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**mois={chosen}**")

    # Then the previous month's link, reached with Tab, leads back.
    previous = page.locator('.month-picker a[rel="prev"]')
    assert previous.count() == 1
    year, month = map(int, chosen.split("-"))
    before = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    previous.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**mois={before}**")
    assert page.locator("#event-month").input_value() == before
