from django.utils.translation import gettext_lazy as _

from cooperation.models import BaseIndexPage


class NewsletterIndexPage(BaseIndexPage):
    subpage_types = []
    template = "components/index_page.html"

    class Meta:
        verbose_name = _("rubrique Newsletter")
        verbose_name_plural = _("rubriques Newsletter")
