"""What nginx's cache must forget when a news item or an event changes,
besides its page and its ancestors (`cooperation.frontend_purge`): the
centre's news feeds and its « Programme du mois » for the event's months, in
every language."""

from wagtail import hooks

from agenda.models import EventPage
from agenda.purging import event_months
from blog.models import NewsPage
from blog.purging import feed_paths
from centres.models import CentrePage
from cooperation.frontend_purge import page_path
from cooperation.hooks import PURGE_PATHS

CENTRE_FEEDS = ("centre_news_feed_rss", "centre_news_feed_atom")


def centres_of(page):
    """The centres `page` is filed under or held at, in every language."""
    keys = set(
        CentrePage.objects.filter(
            path__in=[page.path[:end] for end in range(4, len(page.path), 4)]
        ).values_list("translation_key", flat=True)
    )
    place_id = getattr(page, "place_page_id", None)
    if place_id:
        keys.update(
            CentrePage.objects.filter(pk=place_id).values_list(
                "translation_key", flat=True
            )
        )
    return CentrePage.objects.live().filter(translation_key__in=keys)


@hooks.register(PURGE_PATHS)
def purge_paths(page):
    paths = []
    if isinstance(page, NewsPage):
        for centre in centres_of(page):
            paths += feed_paths(CENTRE_FEEDS, centre_slug=centre.slug)
    elif isinstance(page, EventPage):
        months = event_months(page)
        for centre in centres_of(page):
            url = page_path(centre)
            if url:
                paths += [url, f"{url}programme/"]
                paths += [f"{url}programme/{year}/{month}/" for year, month in months]
    return paths
