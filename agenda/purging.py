"""What nginx's cache must forget when an event changes, besides its page and
its ancestors (`cooperation.frontend_purge`): the agenda's calendar files,
its past archive and the month views the event falls in, in every language
(an event not translated stands in its French version everywhere), and the
event's own calendar file."""

from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from agenda.models import EventIndexPage, EventPage
from agenda.months import add_months
from cooperation.frontend_purge import page_path
from cooperation.hooks import PURGE_PATHS

# Month views purged around today: the months before are rarely read, and
# a cached one expires within minutes anyway.
MONTHS_BEFORE = 1
MONTHS_AFTER = 12


def months_between(first_day, last_day):
    """(year, month) of each month from `first_day` to `last_day`."""
    year, month = first_day.year, first_day.month
    while (year, month) <= (last_day.year, last_day.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def paris_today():
    return timezone.localdate()


def event_months(event, today=None):
    """The months `event` has a date in, within the ones purged."""
    today = today or paris_today()
    first = max(event.start_date, add_months(today, -MONTHS_BEFORE))
    last = min(event.last_date or event.start_date, add_months(today, MONTHS_AFTER + 1))
    if last < first:
        return []
    return list(months_between(first, last))


def place_ids(event):
    """The place's page and its translations: the calendar of a place is
    asked by the id of the page the reader saw."""
    if event.place_page_id is None:
        return []
    return list(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk=event.place_page_id).values(
                "translation_key"
            )
        ).values_list("pk", flat=True)
    )


def event_paths(event):
    paths = []
    months = event_months(event)
    places = place_ids(event)
    category_keys = list(event.categories.values_list("translation_key", flat=True))
    for index in EventIndexPage.objects.live():
        url = page_path(index)
        if not url:
            continue
        paths += [url, f"{url}ical/", f"{url}passes/"]
        paths += [f"{url}mois/{year}/{month}/" for year, month in months]
        paths += [f"{url}ical/lieu/{pk}/" for pk in places]
        slugs = index.get_categories().filter(translation_key__in=category_keys)
        paths += [
            f"{url}ical/categorie/{slug}/"
            for slug in slugs.values_list("slug", flat=True)
        ]
    for translation in EventPage.objects.filter(translation_key=event.translation_key):
        url = page_path(translation)
        if url:
            paths.append(f"{url}ical/")
    return paths


@hooks.register(PURGE_PATHS)
def purge_paths(page):
    if isinstance(page, EventPage):
        return event_paths(page)
    return []
