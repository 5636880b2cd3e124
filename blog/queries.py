"""How the listings, the feeds and the home page ask for news:
`NewsPage.objects.listed(locale).under(root)`."""

from django.db.models import Prefetch

from cooperation.languages import ReaderQuerySet
from cooperation.renditions import card_images


class NewsQuerySet(ReaderQuerySet):
    def listed(self, locale):
        """Live, public news of `locale` (and the French ones not translated
        in it), newest first (`blog_news_date_idx`), with the images a card
        shows fetched in bulk. No card shows categories or tags: the feeds
        prefetch the categories they list."""
        return (
            self.live()
            .public()
            .in_language(locale)
            .order_by("-date", "-first_published_at", "-pk")
            .prefetch_related(
                Prefetch("image", queryset=card_images()),
                Prefetch("listing_image", queryset=card_images()),
            )
        )
