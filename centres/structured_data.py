"""schema.org description of a maison de quartier, built in Python."""

from django.utils import timezone

from cooperation.dates import PARIS
from cooperation.structured_data import json_ld

# schema.org's day names, Monday first like Python's weekday(); its
# openingHours text uses their first two letters (« Tu 09:30-11:30 »).
SCHEMA_DAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]


def opening_hours_text(item):
    """schema.org's openingHours text of one range: « Tu 09:30-11:30 »."""
    return f"{SCHEMA_DAYS[item.weekday][:2]} {item.opens:%H:%M}-{item.closes:%H:%M}"


def opening_hours_specification(item):
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[item.weekday]}",
        "opens": f"{item.opens:%H:%M}",
        "closes": f"{item.closes:%H:%M}",
    }


def closure_specification(closure):
    # schema.org: opens and closes both at 00:00 means closed all day.
    return {
        "@type": "OpeningHoursSpecification",
        "validFrom": closure.start_date.isoformat(),
        "validThrough": closure.end_date.isoformat(),
        "opens": "00:00",
        "closes": "00:00",
    }


def centre_data(centre, request=None):
    """A maison de quartier is a public place (CivicStructure, which carries
    `openingHours`) run by an association (Organization, which carries
    `email`)."""
    url = centre.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": ["CivicStructure", "Organization"],
        "@id": f"{url}#maison",
        "name": centre.title,
        "url": url,
        "address": centre.postal_address(),
    }
    if centre.short_name:
        data["alternateName"] = centre.short_name
    if centre.card_summary:
        data["description"] = centre.card_summary
    if centre.phone:
        data["telephone"] = centre.phone
    if centre.email:
        data["email"] = centre.email
    if centre.has_map:
        data["geo"] = centre.geo_coordinates()
        data["hasMap"] = centre.osm_url
    ranges = centre.sorted_opening_hours()
    if ranges:
        data["openingHours"] = [opening_hours_text(item) for item in ranges]
        data["openingHoursSpecification"] = [
            opening_hours_specification(item) for item in ranges
        ]
    closures = centre.upcoming_closures(timezone.now().astimezone(PARIS).date())
    if closures:
        data["specialOpeningHoursSpecification"] = [
            closure_specification(item) for item in closures
        ]
    return data


def centre_json_ld(centre, request=None):
    """The structured data as text safe inside a <script> element."""
    return json_ld(centre_data(centre, request))
