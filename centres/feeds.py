"""The news feeds of one maison de quartier: the site's news feeds
(`blog.feeds`) narrowed to the news filed under the centre's page."""

from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blog.feeds import NewsFeed
from centres.models import CentrePage


class CentreNewsFeed(NewsFeed):
    """The latest news filed under one maison de quartier, found by its slug
    in the current language. Drafts, private pages and unknown slugs: 404."""

    def get_object(self, request, *args, **kwargs):
        obj = super().get_object(request)
        centre = (
            CentrePage.objects.live()
            .public()
            .in_language(obj["locale"])
            .under(obj["root"])
            .filter(slug=kwargs["centre_slug"])
            .first()
        )
        if centre is None:
            raise Http404
        return {**obj, "root": centre, "centre": centre}

    def title(self, obj):
        return _("Actualités %(name)s") % {"name": obj["centre"].of_name}

    def description(self, obj):
        return _("Les dernières nouvelles %(name)s.") % {"name": obj["centre"].of_name}

    def link(self, obj):
        return obj["centre"].get_full_url(obj["request"])


class CentreNewsAtomFeed(CentreNewsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
