"""How the listings, the feeds and the home page ask for news:
`NewsPage.objects.listed(locale).under(root)`."""

from django.db.models import Prefetch
from wagtail.models import PageQuerySet

from cooperation.renditions import card_images


class NewsQuerySet(PageQuerySet):
    def listed(self, locale):
        """Live, public news of `locale`, newest first, with what a card or a
        feed item shows fetched in bulk."""
        return (
            self.live()
            .public()
            .filter(locale=locale)
            .order_by("-date", "-first_published_at", "-pk")
            .prefetch_related(
                Prefetch("image", queryset=card_images()),
                Prefetch("listing_image", queryset=card_images()),
                "categories",
                "tags",
            )
        )

    def under(self, root):
        """Filed anywhere under `root` (the news section, a centre, a home)."""
        return self.descendant_of(root, inclusive=True)
