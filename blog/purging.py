"""What nginx's cache must forget when a news item changes, besides its page
and its ancestors (`cooperation.frontend_purge`): the site's news feeds, in
every language (a news item not translated is listed in its French version
everywhere)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from blog.models import NewsPage
from cooperation.hooks import PURGE_PATHS

FEEDS = ("news_feed_rss", "news_feed_atom")


def feed_paths(names, **kwargs):
    """The feeds' paths in each of the site's languages."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths += [reverse(name, kwargs=kwargs or None) for name in names]
    return paths


@hooks.register(PURGE_PATHS)
def purge_paths(page):
    if isinstance(page, NewsPage):
        return feed_paths(FEEDS)
    return []
