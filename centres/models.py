from django.utils.translation import gettext_lazy as _

from cooperation.models import BaseIndexPage


class CentreIndexPage(BaseIndexPage):
    subpage_types = []
    template = "components/index_page.html"

    class Meta:
        verbose_name = _("rubrique Maisons de quartier")
        verbose_name_plural = _("rubriques Maisons de quartier")
