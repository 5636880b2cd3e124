"""Each role's boundaries, tried through the admin views as its members."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowState

from agenda.models import EventPage
from blog.models import NewsPage
from projects.models import ProjectPage
from tests.form_data import event_form_data, news_form_data, project_form_data

pytestmark = pytest.mark.django_db

REFUSED = "Désolé, vous n&#x27;avez pas les autorisations pour accéder à cette zone."


def assert_refused(response):
    """Wagtail's answer to a refused admin view: back to the dashboard, with
    its message in French."""
    assert response.status_code == 200, response.status_code
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert REFUSED in response.content.decode()


def get(client, name, *args, **params):
    return client.get(reverse(name, args=args), params, follow=True)


def edit(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def add(model, parent):
    meta = model._meta
    return reverse(
        "wagtailadmin_pages:add", args=(meta.app_label, meta.model_name, parent.pk)
    )


# A centre's group ---------------------------------------------------------


def test_centre_member_edits_their_centre_and_its_events(roles_site, login):
    client = login("ors")
    assert client.get(edit(roles_site["ors"])).status_code == 200
    assert client.get(edit(roles_site["ors_event"])).status_code == 200
    assert client.get(add(EventPage, roles_site["ors"])).status_code == 200
    assert client.get(add(NewsPage, roles_site["ors"])).status_code == 200


def test_centre_member_is_refused_another_centre(roles_site, login):
    client = login("ors")
    assert_refused(client.get(edit(roles_site["monnaie"]), follow=True))
    assert_refused(client.get(edit(roles_site["monnaie_event"]), follow=True))
    assert_refused(client.get(add(EventPage, roles_site["monnaie"]), follow=True))
    response = client.post(
        add(NewsPage, roles_site["monnaie"]),
        news_form_data(**{"action-submit": "submit"}),
        follow=True,
    )
    assert_refused(response)
    assert not NewsPage.objects.filter(slug="repair-cafe").exists()


def test_centre_member_is_refused_the_rest_of_the_site(roles_site, login):
    client = login("ors")
    assert_refused(client.get(edit(roles_site["home"]), follow=True))
    assert_refused(client.get(add(EventPage, roles_site["agenda"]), follow=True))
    assert_refused(client.get(edit(roles_site["issue"]), follow=True))


def test_centre_member_submits_for_review_and_cannot_publish(roles_site, login):
    client = login("ors")
    response = client.post(
        add(EventPage, roles_site["ors"]),
        event_form_data(**{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="agora-marche")
    assert not event.live, "a centre member published"

    response = client.post(edit(event), event_form_data(**{"action-submit": "submit"}))
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.live
    state = event.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Relecture"
    assert state.current_task_state.task.name == "Validation par la communication"


def test_centre_member_does_not_see_publish_in_the_menu(roles_site, login):
    page = login("ors").get(edit(roles_site["ors_event"])).content.decode()
    assert "Soumettre à Relecture" in page
    assert 'name="action-publish"' not in page
    assert "Moderators" not in page


def test_centre_member_can_neither_unpublish_nor_delete_live_pages(roles_site, login):
    client = login("ors")
    event = roles_site["ors_event"]
    for name in ("wagtailadmin_pages:unpublish", "wagtailadmin_pages:delete"):
        assert_refused(get(client, name, event.pk))
        response = client.post(reverse(name, args=(event.pk,)), follow=True)
        assert_refused(response)
    assert EventPage.objects.get(pk=event.pk).live


def test_centre_member_creates_action_sheets_and_edits_only_their_own(
    roles_site, login
):
    client = login("ors")
    assert_refused(client.get(edit(roles_site["project"]), follow=True))
    response = client.post(
        add(ProjectPage, roles_site["projects"]),
        project_form_data(**{"action-submit": "submit"}),
    )
    assert response.status_code == 302, response.content[:2000]
    sheet = ProjectPage.objects.get(slug="jardin-partage")
    assert not sheet.live
    assert client.get(edit(sheet)).status_code == 200
    assert_refused(login("monnaie").get(edit(sheet), follow=True))


def test_centre_member_has_no_newsletter_nor_subscriber_data(roles_site, login):
    client = login("ors")
    issue = roles_site["issue"]
    assert_refused(get(client, "newsletter_admin:send", issue.pk))
    assert_refused(get(client, "newsletter_admin:campaigns"))
    assert_refused(get(client, "wagtailsnippets_newsletter_subscriber:list"))
    assert_refused(get(client, "newsletter_admin:import"))
    assert_refused(get(client, "wagtailusers_users:index"))


# Communication --------------------------------------------------------------


def test_communication_edits_and_publishes_every_page(roles_site, login):
    client = login("comm")
    for name in ("home", "ors", "monnaie_event", "issue", "en_home"):
        assert client.get(edit(roles_site[name])).status_code == 200, name
    response = client.post(
        add(EventPage, roles_site["agenda"]),
        event_form_data(**{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    assert EventPage.objects.get(slug="agora-marche").live


def test_communication_sends_newsletters_and_manages_lists(roles_site, login):
    client = login("comm")
    issue = roles_site["issue"]
    issue.save_revision().publish()
    assert get(client, "newsletter_admin:send", issue.pk).status_code == 200
    for name in (
        "newsletter_admin:campaigns",
        "wagtailsnippets_newsletter_subscriber:list",
        "wagtailsnippets_newsletter_mailinglist:list",
        "wagtailsnippets_agenda_eventcategory:list",
        "wagtailsnippets_blog_newscategory:list",
        "wagtailimages:index",
        "wagtaildocs:index",
    ):
        response = get(client, name)
        assert response.redirect_chain == [], name
        assert response.status_code == 200, name


def test_communication_has_no_user_administration(roles_site, login):
    client = login("comm")
    assert_refused(get(client, "wagtailusers_users:index"))
    assert_refused(get(client, "wagtailusers_groups:index"))


# Traduction -----------------------------------------------------------------


def test_translator_translates_into_a_draft_and_cannot_publish(roles_site, login):
    client = login("trad")
    centre = roles_site["ors"]
    arabic = Locale.objects.get(language_code="ar")
    url = reverse("wagtail_localize:submit_page_translation", args=(centre.pk,))
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [arabic.pk]})
    assert response.status_code == 302, response.content[:2000]
    translated = Page.objects.get(translation_key=centre.translation_key, locale=arabic)
    assert not translated.live

    assert client.get(edit(translated)).status_code == 200
    response = client.post(edit(translated), {"action": "publish"}, follow=True)
    assert_refused(response)
    translated.refresh_from_db()
    assert not translated.live


def test_translator_is_refused_french_pages_and_newsletters(roles_site, login):
    client = login("trad")
    assert_refused(client.get(edit(roles_site["ors"]), follow=True))
    assert_refused(client.get(edit(roles_site["home"]), follow=True))
    assert_refused(get(client, "newsletter_admin:send", roles_site["issue"].pk))
    assert_refused(get(client, "wagtailsnippets_newsletter_subscriber:list"))


# Administrateurs --------------------------------------------------------------


def test_administrators_manage_users_and_groups(roles_site, login):
    client = login("admin")
    for name in ("wagtailusers_users:index", "wagtailusers_groups:index"):
        response = get(client, name)
        assert response.redirect_chain == [] and response.status_code == 200
    assert client.get(edit(roles_site["monnaie"])).status_code == 200
