"""How translations go live: never before someone publishes them.

wagtail-localize publishes a translation at once when its source is live
(« Traduire cette page »), and offers « Publier immédiatement » when the
French source changes. Here neither publishes:
`WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False` (settings) makes the
new translation a draft, and this view, mounted in place of
wagtail-localize's « Mettre à jour les traductions » (`wagtail_hooks.py`),
synchronises without the « publish » box: the source's changes wait on the
translation screen, the live translation unchanged, until someone publishes
it there.
"""

from wagtail_localize.views.update_translations import (
    UpdateTranslationsForm,
    UpdateTranslationsView,
)


class DraftUpdateTranslationsForm(UpdateTranslationsForm):
    """wagtail-localize's form without « Publier immédiatement »."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish_translations"]

    def clean(self):
        cleaned = super().clean()
        cleaned["publish_translations"] = False
        return cleaned


class DraftUpdateTranslationsView(UpdateTranslationsView):
    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return DraftUpdateTranslationsForm(data)
