from django.utils.translation import gettext_lazy as _

from cooperation.models import BaseIndexPage


class EventIndexPage(BaseIndexPage):
    subpage_types = []
    template = "components/index_page.html"

    class Meta:
        verbose_name = _("rubrique Agenda")
        verbose_name_plural = _("rubriques Agenda")
