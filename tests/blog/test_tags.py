"""Tags keep the capitals they were typed with (« Berlin », « La Fonda »,
« CAF »), in the admin, the demo and on the site; their slugs, the filter's
address, stay in lower case; and blog 0009 gives the demo's old lower-case
tags their capitals."""

import importlib
import json

import pytest
from django.apps import apps
from django.conf import settings
from taggit.models import Tag

from blog.models import NewsPage
from tests.blog.factories import NewsPageFactory
from tests.form_data import news_form_data

pytestmark = pytest.mark.django_db

capitals = importlib.import_module("blog.migrations.0009_demo_tag_capitals")


def test_tags_typed_in_the_admin_keep_their_capitals(admin_client, site_tree):
    news = site_tree["news"]
    response = admin_client.post(
        f"/admin/pages/add/blog/newspage/{news.pk}/",
        news_form_data(tags="CAF, La Fonda, jardins"),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="repair-cafe")
    assert sorted(tag.name for tag in page.tags.all()) == ["CAF", "La Fonda", "jardins"]
    assert sorted(tag.slug for tag in page.tags.all()) == ["caf", "jardins", "la-fonda"]


def test_a_tag_typed_again_in_lower_case_is_the_same_tag(site_tree):
    first = NewsPageFactory(parent=site_tree["news"], tags=["CAF"])
    second = NewsPageFactory(parent=site_tree["news"], tags=["caf"])
    assert [tag.name for tag in second.tags.all()] == ["CAF"]
    assert Tag.objects.filter(name__iexact="caf").count() == 1
    assert first.tags.get() == second.tags.get()


def test_the_listing_shows_the_names_as_typed_in_alphabetical_order(client, site_tree):
    NewsPageFactory(
        parent=site_tree["news"], tags=["CAF", "bénévolat", "Berlin", "accès"]
    )
    response = client.get(site_tree["news"].url)
    names = [link["name"] for link in response.context["tag_links"]]
    assert names == ["accès", "bénévolat", "Berlin", "CAF"]
    assert "?etiquette=caf" in response.content.decode()
    filtered = client.get(site_tree["news"].url, {"etiquette": "berlin"})
    assert "« Berlin »" in filtered.content.decode() or "«\u202fBerlin\u202f»" in (
        filtered.content.decode()
    )


def test_the_migration_gives_the_demo_tags_their_capitals(site_tree):
    page = NewsPageFactory(parent=site_tree["news"], tags=["la fonda", "compost"])
    capitals.capitalise(apps, None)
    assert sorted(tag.name for tag in page.tags.all()) == ["La Fonda", "compost"]
    assert Tag.objects.get(name="La Fonda").slug == "la-fonda"


def test_the_migration_moves_news_onto_a_capitalised_tag_made_since(site_tree):
    typed = NewsPageFactory(parent=site_tree["news"], tags=["Berlin"])
    # Made before case-insensitive tags: a second, lower-case tag.
    old = Tag.objects.create(name="berlin", slug="berlin_1")
    loaded = NewsPageFactory(parent=site_tree["news"])
    loaded.tags.add(old)
    loaded.save()
    capitals.capitalise(apps, None)
    assert not Tag.objects.filter(name="berlin").exists()
    assert [tag.name for tag in loaded.tags.all()] == ["Berlin"]
    assert [tag.name for tag in typed.tags.all()] == ["Berlin"]


def test_the_demo_writes_the_proper_names_with_their_capitals():
    data = json.loads((settings.BASE_DIR / "demo" / "data" / "news.json").read_text())
    tags = {tag for item in data["items"] for tag in item["tags"]}
    assert {"Berlin", "La Fonda", "CAF"} <= tags
    assert not tags & set(capitals.CAPITALS), "a name the migration renames"
    assert set(capitals.CAPITALS.values()) <= tags
