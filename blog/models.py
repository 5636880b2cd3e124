from django.utils.translation import gettext_lazy as _

from cooperation.models import BaseIndexPage


class NewsIndexPage(BaseIndexPage):
    subpage_types = []
    template = "components/index_page.html"

    class Meta:
        verbose_name = _("rubrique Actualités")
        verbose_name_plural = _("rubriques Actualités")
