"""schema.org Event JSON-LD for an event page, built in Python."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from agenda import recurrence
from cooperation.dates import PARIS
from cooperation.renditions import SHARE
from cooperation.structured_data import json_ld

PRICE = re.compile(r"\d+(?:[.,]\d{1,2})?")
SCHEMA_DAYS = {
    "MO": "https://schema.org/Monday",
    "TU": "https://schema.org/Tuesday",
    "WE": "https://schema.org/Wednesday",
    "TH": "https://schema.org/Thursday",
    "FR": "https://schema.org/Friday",
    "SA": "https://schema.org/Saturday",
    "SU": "https://schema.org/Sunday",
}


def place(event, request):
    data = {"@type": "Place", "name": event.place_title or event.location_text}
    if event.public_place_page:
        data["url"] = event.public_place_page.get_full_url(request)
    address = event.address_source
    if address.street or address.city:
        data["address"] = address.postal_address()
    point = event.map_point
    if point:
        data["geo"] = point.geo_coordinates()
    return data


def offer(event, url):
    data = {"@type": "Offer", "url": event.registration_url or url}
    if event.is_free:
        data.update({"price": "0", "priceCurrency": "EUR"})
    else:
        data["description"] = event.price
        amount = PRICE.search(event.price or "")
        if amount:
            data.update(
                {"price": amount.group().replace(",", "."), "priceCurrency": "EUR"}
            )
    if event.registration_deadline:
        data["validThrough"] = event.registration_deadline.isoformat()
    return data


def schedule(event):
    """The repetition as a schema.org Schedule."""
    data = {
        "@type": "Schedule",
        "startDate": event.start_date.isoformat(),
        "endDate": event.recurrence_until.isoformat(),
        "scheduleTimezone": PARIS.key,
    }
    if not event.all_day:
        data["startTime"] = event.start_time.isoformat(timespec="minutes")
        if event.end_time:
            data["endTime"] = event.end_time.isoformat(timespec="minutes")
    if event.recurrence == "weekly":
        data["repeatFrequency"] = "P1W"
        data["byDay"] = [SCHEMA_DAYS[code] for code in event.weekday_codes()]
    else:
        data["repeatFrequency"] = "P1M"
        if event.recurrence_monthly_by == "date":
            data["byMonthDay"] = event.start_date.day
        else:
            code = recurrence.weekday_code(event.start_date)
            data["byDay"] = SCHEMA_DAYS[code]
    exceptions = event.exception_date_list()
    if exceptions:
        data["exceptDate"] = [day.isoformat() for day in exceptions]
    return data


def event_data(event, request=None):
    url = event.get_full_url(request)
    upcoming = event.occurrences(first_day=timezone.localdate())
    shown = upcoming[0] if upcoming else event.first_occurrence
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.card_summary,
        "url": url,
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(event, request),
        "organizer": {
            "@type": "Organization",
            "name": _("La Coopération, maisons de quartier de Romans-sur-Isère"),
            "url": _site_url(event, request),
        },
        "offers": offer(event, url),
        "isAccessibleForFree": event.is_free,
        "inLanguage": event.locale.language_code,
    }
    if shown:
        data["startDate"] = shown.start_iso
        if shown.end:
            data["endDate"] = shown.end_iso
    if event.is_recurring:
        data["eventSchedule"] = schedule(event)
    image = event.share_image
    if image:
        rendition_url = image.get_rendition(SHARE).url
        if rendition_url.startswith("/"):
            rendition_url = _site_url(event, request) + rendition_url
        data["image"] = [rendition_url]
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def _site_url(event, request):
    # The request's site is found once per request (Wagtail keeps it on it).
    site = Site.find_for_request(request) if request else event.get_site()
    if site:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/") if request else ""


def event_json_ld(event, request=None):
    """The JSON-LD of `event`, safe to put inside a <script> element."""
    return json_ld(event_data(event, request))
