"""Factories for the newsletter's pages: the section and one issue."""

import importlib

import wagtail_factories
from django.apps import apps
from wagtail.models import Locale

from newsletter.models import NewsletterIndexPage, NewsletterPage
from tests.factories import french


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


def draft_translation(page, language_code, **fields):
    """A translation of `page` into `language_code`, saved as a draft (not
    live) with the given field values, as an editor who translated it by
    hand would leave it."""
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision()
    return translated


_default_lists = importlib.import_module("newsletter.migrations.0006_default_lists")


def make_default_lists():
    """The lists the migrations create, made again after a flush: French
    (mailing lists are translatable), so the French locale comes first."""
    french()
    _default_lists.create_default_lists(apps, None)
