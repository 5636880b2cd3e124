"""The admin's forms: the sign-in form and the base form of every page."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's own leaves the password field without a label, which Django
    then names « Password » in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mot de passe")


class BasePageForm(WagtailAdminPageForm):
    """The admin form of every page type (`BasePage.base_form_class`).

    Wagtail's autosave makes a new page exist as a draft as soon as its form
    has a title: an editor who leaves the form and starts again with the same
    title then meets « slug already in use », from a draft they never saved
    themselves. When the slug is held by such a draft (never published), the
    error says so and links to it, to take it up again or delete it."""

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors and self.parent_page is not None:
            draft = self.unpublished_sibling(self.data.get("slug", ""))
            if draft is not None:
                self.errors["slug"] = self.error_class(
                    [draft_holds_slug_message(draft)]
                )
        return cleaned_data

    def unpublished_sibling(self, slug):
        """The never-published page under the same parent holding `slug`."""
        siblings = self.parent_page.get_children().filter(
            slug=slug, live=False, first_published_at__isnull=True
        )
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        return siblings.first()


def draft_holds_slug_message(draft):
    return format_html(
        _(
            "Cette adresse est déjà prise par un brouillon jamais publié, "
            "« {title} », sans doute enregistré automatiquement lors d'un essai "
            'précédent. <a href="{url}">Reprenez ce brouillon</a> (ou '
            "supprimez-le), ou changez l'adresse de cette page."
        ),
        title=draft.get_admin_display_title(),
        url=reverse("wagtailadmin_pages:edit", args=[draft.pk]),
    )
