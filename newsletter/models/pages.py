"""The newsletter's pages: the section (sign-up and archive) and an issue."""

from django import forms
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from cooperation.languages import public
from cooperation.models import BaseIndexPage, BasePage
from newsletter.blocks import IssueStreamBlock
from newsletter.models.audience import in_default_language
from newsletter.rendering import render_issue, sample_links


class NewsletterIndexPage(BaseIndexPage):
    """Sign-up form and the archive of the issues (their web versions)."""

    subpage_types = ["newsletter.NewsletterPage"]
    template = "newsletter/newsletter_index_page.html"

    class Meta:
        verbose_name = _("rubrique Newsletter")
        verbose_name_plural = _("rubriques Newsletter")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The private sections from the site cache (cooperation.languages).
        context["issues"] = public(
            NewsletterPage.objects.child_of(self).live()
        ).order_by("-first_published_at")
        return context


class NewsletterPage(BasePage):
    """One issue of the newsletter: its web version, and what is emailed."""

    subject = models.CharField(
        _("objet du courriel"),
        max_length=200,
        help_text=_("Ce que les abonné·es lisent dans leur boîte de réception."),
    )
    preheader = models.CharField(
        _("texte d'aperçu"),
        max_length=200,
        blank=True,
        help_text=_(
            "Une phrase montrée après l'objet dans la plupart des messageries."
        ),
    )
    lists = ParentalManyToManyField(
        "newsletter.MailingList",
        verbose_name=_("listes visées"),
        blank=True,
        related_name="issues",
        limit_choices_to=in_default_language,
        help_text=_("Les personnes inscrites à l'une de ces listes la recevront."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(IssueStreamBlock(), verbose_name=_("sections"), blank=True)

    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    template = "newsletter/newsletter_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("subject"),
                FieldPanel("preheader"),
                FieldPanel("lists", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Courriel"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    @property
    def preview_modes(self):
        return [
            ("", _("Page web")),
            ("email", _("Courriel")),
            ("email-text", _("Courriel, version texte")),
        ]

    def serve_preview(self, request, mode_name):
        """The email modes show the message as it is being edited, with
        harmless links in place of each person's own."""
        if mode_name in ("email", "email-text"):
            html, text = render_issue(self, sample_links(self))
            if mode_name == "email":
                return HttpResponse(html)
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        return super().serve_preview(request, mode_name)

    def send_date(self):
        """The day the issue goes out: its latest campaign's (scheduled or
        started), else today. The agenda sections start from it."""
        campaign = self.campaigns.order_by("-created_at").first() if self.pk else None
        if campaign is not None:
            moment = campaign.scheduled_at or campaign.started_at or campaign.created_at
            return timezone.localdate(moment)
        return timezone.localdate()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["send_date"] = self.send_date()
        return context

    class Meta:
        verbose_name = _("numéro de la lettre")
        verbose_name_plural = _("numéros de la lettre")
