"""The alternative texts move from the old `alt_text` field to Wagtail's own
`description` (images 0003), and back when the migrations are reversed."""

import pytest
from wagtail.models import Collection

from tests.helpers import migrate, migrate_to_latest

BEFORE = [("images", "0002_description_is_the_alt_text")]
AFTER = [("images", "0004_remove_alt_text")]
ALT = "Des enfants arrosent le jardin"


@pytest.mark.django_db(transaction=True)
def test_alt_texts_move_to_description_and_back():
    # A transactional test before this one may have flushed Wagtail's root
    # collection, which every image belongs to.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    common = {
        "file": "original_images/x.png",
        "width": 10,
        "height": 10,
        "collection_id": root.pk,
    }
    try:
        old = migrate(BEFORE, "images.CustomImage")
        described = old.objects.create(title="jardin.png", alt_text=ALT, **common)
        decorative = old.objects.create(title="motif.png", alt_text="", **common)

        new = migrate(AFTER, "images.CustomImage")
        assert new.objects.get(pk=described.pk).description == ALT
        assert new.objects.get(pk=decorative.pk).description == ""

        old = migrate(BEFORE, "images.CustomImage")
        assert old.objects.get(pk=described.pk).alt_text == ALT
    finally:
        # The rest of the run needs the schema as it is now: every app's
        # latest migration, those that depend on this app's included.
        migrate_to_latest()
