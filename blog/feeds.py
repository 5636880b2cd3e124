"""RSS 2.0 and Atom feeds of the site's news, in the current language."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

from blog.models import NewsIndexPage, news_queryset

FEED_LENGTH = 20


class NewsFeed(Feed):
    """The latest news of the whole site (one centre's: `CentreNewsFeed`)."""

    title = _("Actualités de la Coopération, maisons de quartier de Romans-sur-Isère")
    description = _("Les dernières nouvelles des maisons de quartier.")

    def get_object(self, request, *args, **kwargs):
        site = Site.find_for_request(request)
        locale = Locale.get_active()
        root = site.root_page.get_translation_or_none(locale) or site.root_page
        return {"request": request, "root": root, "locale": locale}

    def link(self, obj):
        index = (
            NewsIndexPage.objects.live()
            .public()
            .descendant_of(obj["root"])
            .filter(locale=obj["locale"])
            .first()
        )
        page = index or obj["root"]
        return page.get_full_url(obj["request"])

    # Feed objects are shared between requests: the request travels in `obj`,
    # and item URLs come from the Site records (cached by Wagtail).
    def items(self, obj):
        return news_queryset(obj["root"], obj["locale"])[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return item.get_full_url()

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.date, datetime.time())
        )

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description


class CentreNewsFeed(NewsFeed):
    """The latest news filed under one maison de quartier, found by its slug
    in the current language. Drafts, private pages and unknown slugs: 404."""

    def get_object(self, request, *args, **kwargs):
        from centres.models import CentrePage

        obj = super().get_object(request)
        centre = (
            CentrePage.objects.live()
            .public()
            .filter(locale=obj["locale"], slug=kwargs["centre_slug"])
            .descendant_of(obj["root"])
            .first()
        )
        if centre is None:
            raise Http404
        return {**obj, "root": centre, "centre": centre}

    def title(self, obj):
        return _("Actualités de %(name)s") % {"name": obj["centre"].title}

    def description(self, obj):
        return _("Les dernières nouvelles de %(name)s.") % {"name": obj["centre"].title}

    def link(self, obj):
        return obj["centre"].get_full_url(obj["request"])


class CentreNewsAtomFeed(CentreNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
