from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from blog.feeds import NewsAtomFeed, NewsFeed
from centres.feeds import CentreNewsAtomFeed, CentreNewsFeed
from cooperation import views
from cooperation.login_throttle import PasswordResetView
from search import views as search_views

urlpatterns = [
    # Wagtail's password reset form, throttled; before Wagtail's own address.
    path("admin/password_reset/", PasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", views.health, name="health"),
    # ESP delivery events (Anymail), refused without ANYMAIL_WEBHOOK_SECRET.
    path("anymail/", include("newsletter.webhooks")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages answer in French without a prefix, and under /en/ and /ar/.
urlpatterns += i18n_patterns(
    path("recherche/", search_views.search, name="search"),
    path("actualites/flux/rss/", NewsFeed(), name="news_feed_rss"),
    path("actualites/flux/atom/", NewsAtomFeed(), name="news_feed_atom"),
    path(
        "actualites/flux/<slug:centre_slug>/rss/",
        CentreNewsFeed(),
        name="centre_news_feed_rss",
    ),
    path(
        "actualites/flux/<slug:centre_slug>/atom/",
        CentreNewsAtomFeed(),
        name="centre_news_feed_atom",
    ),
    path("newsletter/inscription/", include("newsletter.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
