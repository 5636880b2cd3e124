from django.utils.translation import gettext_lazy as _

from cooperation.models import BaseIndexPage


class ProjectIndexPage(BaseIndexPage):
    subpage_types = []
    template = "components/index_page.html"

    class Meta:
        verbose_name = _("rubrique Projets")
        verbose_name_plural = _("rubriques Projets")
