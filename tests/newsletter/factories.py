"""Factories for the newsletter's pages: the section and one issue."""

import wagtail_factories

from newsletter.models import NewsletterIndexPage, NewsletterPage


class NewsletterIndexPageFactory(wagtail_factories.PageFactory):
    title = "La lettre"
    slug = "lettre"

    class Meta:
        model = NewsletterIndexPage


class NewsletterPageFactory(wagtail_factories.PageFactory):
    title = "Lettre de mai"
    slug = "lettre-de-mai"
    subject = "La lettre de mai de La Coopération"
    preheader = "Fête des voisins, repair café et jardins partagés"
    intro = "Bonjour à toutes et à tous,"

    class Meta:
        model = NewsletterPage
