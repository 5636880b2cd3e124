"""The alternative texts move from the old `alt_text` field to Wagtail's own
`description` (images 0003), and back when the migrations are reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("images", "0002_description_is_the_alt_text")]
AFTER = [("images", "0004_remove_alt_text")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_alt_texts_move_to_description_and_back():
    old = migrate(BEFORE).get_model("images", "CustomImage")
    common = {"file": "original_images/x.png", "width": 10, "height": 10}
    described = old.objects.create(
        title="jardin.png", alt_text="Des enfants arrosent le jardin", **common
    )
    decorative = old.objects.create(title="motif.png", alt_text="", **common)
    try:
        new = migrate(AFTER).get_model("images", "CustomImage")
        assert new.objects.get(pk=described.pk).description == (
            "Des enfants arrosent le jardin"
        )
        assert new.objects.get(pk=decorative.pk).description == ""

        old = migrate(BEFORE).get_model("images", "CustomImage")
        assert old.objects.get(pk=described.pk).alt_text == (
            "Des enfants arrosent le jardin"
        )
    finally:
        migrate(AFTER)
