"""Wagtail's autosave makes a new page a draft as soon as its form has a
title. An editor who leaves that form and starts again with the same title
is told which draft holds the address, with a link to it, instead of a bare
« slug already in use »."""

import pytest

from blog.models import NewsPage
from tests.blog.factories import NewsPageFactory
from tests.form_data import news_form_data

pytestmark = pytest.mark.django_db


def add_url(parent):
    return f"/admin/pages/add/blog/newspage/{parent.pk}/"


def autosave(client, parent, **fields):
    """What the create form's autosave posts: a draft save, asking for JSON."""
    response = client.post(
        add_url(parent), news_form_data(**fields), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    return NewsPage.objects.get(pk=response.json()["pk"])


def test_a_new_attempt_is_told_which_autosaved_draft_holds_the_address(
    admin_client, site_tree
):
    news = site_tree["news"]
    # The first attempt: autosaved with only a title, then left.
    draft = autosave(admin_client, news, intro="")
    assert not draft.live
    assert draft.slug == "repair-cafe"

    response = admin_client.post(
        add_url(news), news_form_data(**{"action-publish": "publish"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "déjà prise par un brouillon jamais publié" in html
    assert f'<a href="/admin/pages/{draft.pk}/edit/">Reprenez ce brouillon</a>' in html
    assert NewsPage.objects.filter(slug="repair-cafe").count() == 1


def test_a_published_page_keeps_wagtails_own_message(admin_client, site_tree):
    news = site_tree["news"]
    NewsPageFactory(parent=news, slug="repair-cafe")
    response = admin_client.post(
        add_url(news), news_form_data(**{"action-publish": "publish"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "brouillon jamais publié" not in html
    assert "repair-cafe" in html


def test_the_autosaved_draft_itself_saves_and_publishes(admin_client, site_tree):
    draft = autosave(admin_client, site_tree["news"], intro="")
    response = admin_client.post(
        f"/admin/pages/{draft.pk}/edit/",
        news_form_data(**{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
