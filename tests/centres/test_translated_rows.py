"""The rows of a centre page (services here) are translated with it by
wagtail-localize, instead of being copied in French."""

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.strings import StringValue

from tests.centres.factories import (
    CentreIndexPageFactory,
    CentrePageFactory,
    CentreServiceFactory,
)
from tests.factories import build_site_tree


class TranslatedRowsTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site_tree()
        cls.index = CentreIndexPageFactory(parent=tree["home"])
        cls.centre = CentrePageFactory(parent=cls.index)
        CentreServiceFactory(page=cls.centre, title="Vélo-école", description="")
        cls.english = Locale.objects.get(language_code="en")

    def test_a_row_takes_its_pages_locale_and_a_translation_key(self):
        service = self.centre.services.get()
        assert service.locale_id == self.centre.locale_id
        assert service.translation_key

    def test_wagtail_localize_translates_the_services_of_a_centre(self):
        source, _created = TranslationSource.get_or_create_from_instance(self.centre)
        segment = source.stringsegment_set.get(string__data="Vélo-école")
        assert segment.context.path.startswith("services.")
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=self.english,
            context=segment.context,
            data=StringValue.from_plaintext("Cycling school").data,
        )

        translation, _created = source.create_or_update_translation(
            self.english, copy_parent_pages=True, fallback=True
        )

        english = translation.services.get()
        assert (english.title, english.locale) == ("Cycling school", self.english)
        assert english.translation_key == self.centre.services.get().translation_key
        assert self.centre.services.get().title == "Vélo-école"
