"""The roles as the migration and `sync_roles` make them."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
)

from roles import sync
from tests.centres.factories import CentrePageFactory
from tests.factories import french
from tests.form_data import centre_form_data
from tests.roles.conftest import MONNAIE, ORS

pytestmark = pytest.mark.django_db


def snapshot():
    """Every group with its model, page and collection permissions."""
    return {
        group.name: (
            sorted(group.permissions.values_list("pk", flat=True)),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission_id"
                )
            ),
            sorted(
                GroupCollectionPermission.objects.filter(group=group).values_list(
                    "collection_id", "permission_id"
                )
            ),
        )
        for group in Group.objects.order_by("name")
    }


def test_sync_roles_can_run_again_and_changes_nothing(roles_site):
    before = snapshot()
    call_command("sync_roles", stdout=io.StringIO())
    call_command("sync_roles", stdout=io.StringIO())
    assert snapshot() == before
    assert set(before) == {
        "Administrateurs",
        "Communication",
        "Traduction",
        MONNAIE,
        ORS,
    }


def test_every_permission_named_for_communication_exists():
    for app_label, model, actions in sync.COMMUNICATION_MODELS:
        for action in actions:
            assert Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename=f"{action}_{model}",
            ).exists(), (app_label, model, action)


def test_a_new_centre_gets_its_group_and_a_renamed_one_keeps_it(roles_site):
    ors = roles_site["ors"]
    group = Group.objects.get(name=ORS)
    new = CentrePageFactory(
        parent=roles_site["centres"], locale=french(), title="Maison de Fontbarlettes"
    )
    ors.title = "Maison de quartier des Ors et Jacquemart"
    ors.save()

    call_command("sync_roles", stdout=io.StringIO())

    group.refresh_from_db()
    assert group.name == "Maison de quartier des Ors et Jacquemart"
    created = Group.objects.get(name="Maison de Fontbarlettes")
    pages = set(created.page_permissions.values_list("page_id", flat=True))
    assert pages == {new.pk, roles_site["projects"].pk}


def test_a_centre_group_holds_its_centre_in_every_language(roles_site):
    ors = roles_site["ors"]
    english = ors.copy_for_translation(roles_site["en_home"].locale, copy_parents=True)
    sync.sync_roles(apps)
    pages = set(
        Group.objects.get(name=ORS)
        .page_permissions.filter(permission__codename="change_page")
        .values_list("page_id", flat=True)
    )
    assert pages == {ors.pk, english.pk}


def test_wagtail_default_groups_and_workflow_are_replaced(db):
    """On the database as Wagtail's migrations leave it (rebuilt here if a
    transactional test flushed it): its moderators join Communication."""
    root = Page.get_first_root_node()
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Editors")
    someone = get_user_model().objects.create_user("modo", "modo@example.fr", "x")
    someone.groups.add(moderators)
    Workflow.objects.filter(name=sync.WORKFLOW).update(
        name=sync.WAGTAIL_DEFAULT_WORKFLOW
    )

    sync.sync_roles(apps)

    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert list(someone.groups.values_list("name", flat=True)) == ["Communication"]
    workflow = Workflow.objects.get()
    assert workflow.name == "Relecture"
    assert root.get_workflow() == workflow
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert task.name == "Validation par la communication"
    assert list(task.groups.values_list("name", flat=True)) == ["Communication"]


def test_editors_with_members_are_left_for_a_person_to_place(db):
    editors, _ = Group.objects.get_or_create(name="Editors")
    get_user_model().objects.create_user("ed", "ed@example.fr", "x").groups.add(editors)
    messages = []
    sync.sync_roles(apps, log=messages.append)
    assert Group.objects.filter(name="Editors").exists()
    assert any("Editors" in message for message in messages)


def test_publishing_a_new_centre_in_the_admin_makes_its_group(
    roles_site, login, django_capture_on_commit_callbacks
):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("centres", "centrepage", roles_site["centres"].pk),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login("comm").post(
            url, centre_form_data(**{"action-publish": "publish"})
        )
    assert response.status_code == 302, response.content[:2000]
    # The test site already has a centre of that name: the slug tells them apart.
    group = Group.objects.get(name=f"{MONNAIE} (maison-citoyenne)")
    centre = Page.objects.get(slug="maison-citoyenne")
    assert set(group.page_permissions.values_list("page_id", flat=True)) == {
        centre.pk,
        roles_site["projects"].pk,
    }
    first = Group.objects.get(name=MONNAIE)
    assert first.page_permissions.filter(page=roles_site["monnaie"]).exists()


def test_a_centre_never_takes_over_a_role_or_a_group_made_by_hand(roles_site):
    by_hand = Group.objects.create(name="Jardins partagés")
    named_like_a_role = CentrePageFactory(
        parent=roles_site["centres"], locale=french(), title=sync.COMMUNICATION
    )
    ors = Page.objects.get(pk=roles_site["ors"].pk).specific
    ors.title = "Jardins partagés"
    ors.save()

    sync.sync_roles(apps)

    communication = Group.objects.get(name=sync.COMMUNICATION)
    assert not communication.page_permissions.filter(page=named_like_a_role).exists()
    assert Group.objects.get(
        name=f"{sync.COMMUNICATION} ({named_like_a_role.slug})"
    ).page_permissions.filter(
        page=named_like_a_role, permission__codename="change_page"
    )
    by_hand.refresh_from_db()
    assert not by_hand.page_permissions.exists()
    assert Group.objects.get(name="Jardins partagés (ors)").page_permissions.filter(
        page=ors
    )


def test_publishing_an_unchanged_centre_does_not_sync_again(
    roles_site, monkeypatch, django_capture_on_commit_callbacks
):
    runs = []
    monkeypatch.setattr("roles.tasks.sync_roles", lambda apps: runs.append(apps))
    ors = Page.objects.get(pk=roles_site["ors"].pk).specific
    with django_capture_on_commit_callbacks(execute=True):
        ors.save_revision().publish()
    assert runs == []

    ors.title = "Maison des Ors"
    with django_capture_on_commit_callbacks(execute=True):
        ors.save_revision().publish()
    assert len(runs) == 1


def test_publishing_a_centre_translation_gives_its_group_that_page(
    roles_site, django_capture_on_commit_callbacks
):
    ors = roles_site["ors"]
    english = ors.copy_for_translation(roles_site["en_home"].locale, copy_parents=True)
    group = Group.objects.get(name=ORS)
    assert not group.page_permissions.filter(page=english).exists()

    with django_capture_on_commit_callbacks(execute=True):
        english.save_revision().publish()

    assert group.page_permissions.filter(
        page=english, permission__codename="change_page"
    ).exists()
