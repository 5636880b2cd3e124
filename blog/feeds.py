"""RSS 2.0 and Atom feeds of the site's news, in the current language (one
centre's news: `centres.feeds`)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from blog.models import NewsIndexPage, NewsPage
from cooperation.languages import active_locale, in_language
from cooperation.site_cache import remembered

FEED_LENGTH = 20


class NewsFeed(Feed):
    """The latest news of the whole site (one centre's: `CentreNewsFeed`)."""

    title = _("Actualités de la Coopération, maisons de quartier de Romans-sur-Isère")
    description = _("Les dernières nouvelles des maisons de quartier.")

    @method_decorator(require_safe)
    def __call__(self, request, *args, **kwargs):
        """GET and HEAD only: a feed is read, never posted to."""
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        locale = active_locale()
        root = remembered(
            "news-feed-root",
            lambda: site.root_page.get_translation_or_none(locale) or site.root_page,
            site.root_page.pk,
            locale.pk,
        )
        return {"request": request, "root": root, "locale": locale}

    def link(self, obj):
        return remembered(
            "news-feed-link",
            lambda: self._find_link(obj),
            obj["root"].pk,
            obj["locale"].pk,
        )

    def _find_link(self, obj):
        index = in_language(
            NewsIndexPage.objects.live().public(), obj["locale"]
        ).first()
        page = index or obj["root"]
        return page.get_full_url(obj["request"])

    # Feed objects are shared between requests: the request travels in `obj`,
    # and each item carries its address, found once (with the request, the
    # Site records are read once, not per item and per use).
    def items(self, obj):
        items = list(
            NewsPage.objects.listed(obj["locale"])
            .under(obj["root"])
            .prefetch_related("categories")[:FEED_LENGTH]
        )
        for item in items:
            item.feed_url = item.get_full_url(obj["request"])
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.feed_url

    def item_guid(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.shown_date, datetime.time())
        )

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description
