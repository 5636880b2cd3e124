"""The demo agenda, from events.json: the 2018 events announced in the news,
the regular activities and a few events placed from today.

The regular and upcoming events are dated from the day the loader runs, so
that the agenda always has something to show; running it again moves them.
An event at a centre points at the centre's page (its address, map and
feed); an event whose data names a more precise place keeps that address.
"""

import datetime
import html

from django.utils import timezone
from wagtail.rich_text import RichText

from agenda.models import EventCategory, EventPage
from agenda.recurrence import MonthlyBy, Recurrence, week_of_month, weekday_code
from cooperation.models import Public

from .content import generated_image, load_data, paragraphs_to_blocks
from .pictures import ALT_TEXTS

WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}

# The data describes the public in words; the model has a fixed list. A text
# that says more than its choice (an invitation, a team) is also kept in the
# body of the event, see `audience_paragraph`.
AUDIENCES = {
    "Tous publics": Public.EVERYONE,
    "Familles": Public.FAMILIES,
    "Adultes": Public.ADULTS,
    "Adultes et familles": Public.FAMILIES,
    "Délégation de la Coopération (sur invitation)": Public.ADULTS,
    "Équipes des maisons de quartier et invités": Public.ADULTS,
    "Salariés des maisons de quartier": Public.ADULTS,
    "Membres de la commission": Public.ADULTS,
    "Porteurs de projets (sur invitation)": Public.ADULTS,
    "Participants au programme": Public.ADULTS,
    "Équipes et partenaires de la Coopération": Public.ADULTS,
}

# The picture of an event follows its category.
CATEGORY_MOTIFS = {
    "agora": "speech",
    "startup": "rocket",
    "atelier": "jar",
    "sortie": "globe",
    "fete": "circles",
    "reunion": "people",
    "commission": "house",
    "gardens": "garden",
}

# `is_free: null` in the data means the source does not say.
PRICE_NOT_GIVEN = "Non précisé"


def build_agenda(builder):
    """Create or update every event of events.json; return them by key."""
    data = load_data("events.json")
    french = builder.locales["fr"]
    agenda = AgendaDemo(builder, french, build_categories(french, data["categories"]))
    today = timezone.localdate()
    events = {}
    for index, config in enumerate(data["events"]):
        events[config["key"]] = agenda.save_event(
            config, agenda.dated_fields(config), index
        )
    offset = len(events)
    for index, config in enumerate(data["recurring"], start=offset):
        events[config["key"]] = agenda.save_event(
            config, recurring_fields(config, today), index
        )
    offset = len(events)
    for index, config in enumerate(data["upcoming"], start=offset):
        events[config["key"]] = agenda.save_event(
            config, upcoming_fields(config, today), index
        )
    builder.log(f"Agenda : {len(events)} événements.")
    return events


def build_categories(locale, configs):
    """The agenda's migration made the usual categories: reuse them by slug
    or by name, and create the ones it does not have."""
    categories = {}
    for config in configs:
        in_locale = EventCategory.objects.filter(locale=locale)
        category = (
            in_locale.filter(slug=config["slug"]).first()
            or in_locale.filter(name=config["name"]).first()
        )
        if category is None:
            category = EventCategory.objects.create(
                locale=locale, slug=config["slug"], name=config["name"]
            )
        categories[config["key"]] = category
    return categories


def parse_moment(value):
    """`2018-01-25T15:30` → (date, time); `2018-01-30` → (date, None)."""
    if not value:
        return None, None
    if "T" in value:
        moment = datetime.datetime.fromisoformat(value)
        return moment.date(), moment.time()
    return datetime.date.fromisoformat(value), None


def parse_time(value):
    return datetime.time.fromisoformat(value) if value else None


def one_off(start_date, start_time=None, end_date=None, end_time=None):
    """The date fields of an event that happens once."""
    return {
        "start_date": start_date,
        "start_time": start_time,
        "end_date": end_date if end_date and end_date != start_date else None,
        "end_time": end_time,
        "all_day": start_time is None,
        "recurrence": Recurrence.NONE,
        "recurrence_weekdays": [],
        "recurrence_until": None,
    }


def recurring_fields(config, today):
    """Weekly on the given days, or monthly on the nth weekday, from the first
    such day on or after `today` until `weeks_ahead` weeks later."""
    until = today + datetime.timedelta(weeks=config["weeks_ahead"])
    rule = config.get("monthly_rule")
    if rule:
        code = WEEKDAYS[rule["weekday"]]
        first = next_day(
            today,
            lambda day: weekday_code(day) == code and week_of_month(day) == rule["nth"],
        )
        extra = {
            "recurrence": Recurrence.MONTHLY,
            "recurrence_monthly_by": MonthlyBy.WEEKDAY,
            "recurrence_weekdays": [],
        }
    else:
        codes = [WEEKDAYS[name] for name in config["weekdays"]]
        first = next_day(today, lambda day: weekday_code(day) in codes)
        extra = {"recurrence": Recurrence.WEEKLY, "recurrence_weekdays": codes}
    fields = one_off(
        first, parse_time(config["start_time"]), None, parse_time(config["end_time"])
    )
    fields.update(extra, recurrence_until=until)
    return fields


def next_day(today, matches):
    """The first day on or after `today` that `matches` (within two months)."""
    for offset in range(62):
        day = today + datetime.timedelta(days=offset)
        if matches(day):
            return day
    raise ValueError("Aucun jour ne correspond à la règle de répétition.")


def upcoming_fields(config, today):
    day = today + datetime.timedelta(days=config["days_from_today"])
    if config.get("all_day"):
        return one_off(day)
    return one_off(
        day, parse_time(config["start_time"]), None, parse_time(config["end_time"])
    )


class AgendaDemo:
    def __init__(self, builder, locale, categories):
        self.builder = builder
        self.locale = locale
        self.categories = categories
        self.parent = builder.sections["agenda"]

    def dated_fields(self, config):
        start_date, start_time = parse_moment(config["start"])
        end_date, end_time = parse_moment(config.get("end"))
        if config.get("all_day"):
            start_time = end_time = None
        return one_off(start_date, start_time, end_date, end_time)

    def place_fields(self, config):
        """The data's own place when it gives one (the most precise), else
        the centre's name and neighbourhood."""
        place = config.get("place")
        if place:
            return {
                "place_name": place["name"],
                "street": place["street"],
                "postcode": place["postcode"],
                "city": place["city"],
            }
        page = self.builder.centre_pages.get(config["centre"])
        if page is not None:
            # The centre's own page gives the address, the map and the feed.
            return {
                "place_page": page,
                "place_name": "",
                "street": "",
                "postcode": "",
                "city": "",
            }
        centre = self.builder.centres[config["centre"]]
        return {
            "place_name": centre["name"],
            "street": centre["street"],
            "postcode": centre["postcode"],
            "city": centre["city"],
        }

    def price_fields(self, config):
        if config["is_free"] is None:
            return {"is_free": False, "price": PRICE_NOT_GIVEN}
        return {"is_free": config["is_free"], "price": config.get("price", "")}

    def registration_fields(self, config, start_date):
        registration = config.get("registration") or {}
        deadline = None
        if registration.get("deadline_days_before") is not None:
            deadline = start_date - datetime.timedelta(
                days=registration["deadline_days_before"]
            )
        return {
            "registration_required": bool(registration.get("required")),
            "registration_deadline": deadline,
        }

    def body(self, config):
        """The data's paragraphs, then what the model has no field for: the
        public's exact words when they say more than the choice, the price
        words of a free event, how to register, and the news items about it."""
        paragraphs = list(config["body"])
        audience = config["audience"]
        if audience != AUDIENCES[audience].label:
            paragraphs.append(f"Public : {audience}.")
        price = config.get("price", "")
        if config["is_free"] and price not in ("", "Gratuit"):
            # The model keeps no price for a free event.
            paragraphs.append(f"Tarif : {price}.")
        how = (config.get("registration") or {}).get("how")
        if how:
            paragraphs.append(f"{how}.")
        return paragraphs_to_blocks(paragraphs) + self.news_links(config)

    def news_links(self, config):
        """A link to each news item that announced the event."""
        pages = [self.builder.news[key] for key in config.get("news", [])]
        if not pages:
            return []
        links = "".join(
            f'<li><a linktype="page" id="{page.pk}">{html.escape(page.title)}</a></li>'
            for page in pages
        )
        return [("paragraph", RichText(f"<p>À lire aussi :</p><ul>{links}</ul>"))]

    def save_event(self, config, dates, index):
        if config["audience"] not in AUDIENCES:
            raise ValueError(f"Public inconnu dans events.json : {config['audience']}")
        motif = CATEGORY_MOTIFS.get(config["category"], "circles")
        image = generated_image(
            f"event-{config['key']}",
            config["title"],
            ALT_TEXTS[motif],
            motif=motif,
            variant=index,
        )
        fields = {
            "title": config["title"],
            "intro": config["intro"],
            "search_description": config["intro"],
            "image": image,
            "body": self.body(config),
            **dates,
            "place_page": None,
            **self.place_fields(config),
            "audience": AUDIENCES[config["audience"]],
            **self.price_fields(config),
            **self.registration_fields(config, dates["start_date"]),
            "transport_notes": config.get("transport_notes", ""),
            "is_cancelled": False,
        }
        page = EventPage.objects.filter(locale=self.locale, slug=config["slug"]).first()
        if page is None:
            page = EventPage(slug=config["slug"], locale=self.locale, **fields)
            self.parent.add_child(instance=page)
            self.parent.refresh_from_db()
        for name, value in fields.items():
            setattr(page, name, value)
        page.categories.set([self.categories[config["category"]]])
        page.save_revision().publish()
        return page
