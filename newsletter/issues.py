"""An issue and its translations as a campaign: which versions go out, and
their publication when the sending starts.

An issue need not be public to be sent. Its latest revision is what goes
out, draft or not; the campaign publishes that revision (and the
translations sent with it) when its sending starts, so the issue enters the
public archive then, not before (or at the time the editor chose, through
Wagtail's own scheduled publishing).
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import Translation

from newsletter.models import NewsletterPage
from newsletter.rendering import render_issue


def sendable():
    """The issues in the site's main language, newest first: the ones a
    campaign starts from (the others are their translations)."""
    return NewsletterPage.objects.filter(
        locale__language_code=settings.LANGUAGE_CODE
    ).order_by("-latest_revision_created_at", "-pk")


def latest(page):
    """The page as its latest revision has it (a draft, if there is one)."""
    return page.get_latest_revision_as_object()


def _localize_translation(page):
    """wagtail-localize's translation into `page`'s locale, if it made it."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
        )
        .select_related("source")
        .first()
    )


def ready_translations(source, user=None, write=False):
    """{language code: page} of the issue's translations fit to be sent.

    A translation is fit when it is live, or when it is fully translated in
    wagtail-localize (with `write`, its draft is written from the
    translations first), or when it was made by hand and saved as a draft.
    A translation still waiting for some strings is not: those readers get
    the original.
    """
    ready = {}
    translations = NewsletterPage.objects.filter(
        translation_key=source.translation_key
    ).exclude(locale_id=source.locale_id)
    for page in translations.select_related("locale"):
        language = page.locale.language_code
        if page.live:
            ready[language] = latest(page)
            continue
        translation = _localize_translation(page)
        if translation is None:
            if page.latest_revision_id:
                ready[language] = latest(page)
            continue
        total, done = translation.get_progress()
        if not total or done < total:
            continue
        if write:
            translation.save_target(user=user, publish=False)
            page.refresh_from_db()
        ready[language] = latest(page)
    return ready


def freeze(source, user=None, send_date=None):
    """The original and its ready translations, rendered for a campaign:
    (original html, text, {language: {subject, html_body, text_body}})."""
    html, text = render_issue(source, send_date=send_date)
    translations = {}
    for language, page in ready_translations(source, user, write=True).items():
        other_html, other_text = render_issue(page, send_date=send_date)
        translations[language] = {
            "subject": page.subject,
            "html_body": other_html,
            "text_body": other_text,
        }
    return html, text, translations


def publish(campaign):
    """Publish the latest revision of the issue and of the translations the
    campaign is sent in, unless already live with nothing newer."""
    if campaign.page_id is None:
        return 0
    pages = Page.objects.filter(
        translation_key=campaign.page.translation_key,
        locale__language_code__in=campaign.languages,
    )
    published = 0
    with transaction.atomic():
        for page in pages:
            if page.live and not page.has_unpublished_changes:
                continue
            revision = page.get_latest_revision()
            if revision is None:
                revision = page.specific.save_revision(user=campaign.created_by)
            revision.publish(user=campaign.created_by)
            published += 1
    return published
