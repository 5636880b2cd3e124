"""Which translations of an issue go out with it: a translation made with
wagtail-localize is sent once every string is translated, even as a draft;
one still waiting for strings is not (its readers get the French)."""

import html

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from newsletter import actions, issues
from tests.newsletter.factories import NewsletterIndexPageFactory, NewsletterPageFactory

ENGLISH = {
    "Lettre de mai": "May letter",
    "lettre-de-mai": "may-letter",
    "La lettre de mai de La Coopération": "The May letter of La Coopération",
    "Fête des voisins, repair café et jardins partagés": (
        "Neighbours' party, repair café and shared gardens"
    ),
    "Bonjour à toutes et à tous,": "Hello everyone,",
}


@pytest.fixture
def issue(site_tree, mailing_lists):
    index = NewsletterIndexPageFactory(parent=site_tree["home"])
    index.save_revision().publish()
    issue = NewsletterPageFactory(parent=index, live=False)
    issue.lists.set([mailing_lists["agenda"]])
    issue.save_revision()
    return issue


def localize_draft(page, strings):
    """Translate `page` into English with wagtail-localize, as a translator
    would, leaving the translation a draft; `strings` maps the French
    strings to their English text."""
    english = Locale.objects.get(language_code="en")
    page.copy_for_translation(english, copy_parents=True)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=english, enabled=True
    )
    segments = StringSegment.objects.filter(source=source).select_related(
        "string", "context"
    )
    for segment in segments:
        text = strings.get(html.unescape(segment.string.data))
        if text:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data=StringValue.from_plaintext(text).data,
            )
    return translation


@pytest.mark.django_db
def test_a_fully_translated_draft_goes_out_with_its_own_text(issue):
    translation = localize_draft(issue, ENGLISH)
    total, done = translation.get_progress()
    assert total == done

    campaign = actions.campaign_for_issue(issue, user=None)

    assert campaign.translations["en"]["subject"] == "The May letter of La Coopération"
    assert "Hello everyone," in campaign.translations["en"]["text_body"]
    english = issue.get_translation(Locale.objects.get(language_code="en"))
    assert not Page.objects.get(pk=english.pk).live


@pytest.mark.django_db
def test_a_translation_still_waiting_for_strings_is_not_sent(issue):
    partial = dict(ENGLISH)
    del partial["Bonjour à toutes et à tous,"]
    localize_draft(issue, partial)

    assert issues.ready_translations(issue) == {}
    campaign = actions.campaign_for_issue(issue, user=None)
    assert campaign.translations == {}
    assert campaign.languages == ["fr"]
