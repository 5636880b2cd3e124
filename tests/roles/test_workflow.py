"""« Relecture »: a centre submits, Communication is told, approves or sends
back with a comment; every step through the admin views."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_rejected

from roles.notifications import QueuedNotifier
from tests.roles.conftest import submit_event

pytestmark = pytest.mark.django_db


def act(client, event, action, comment=""):
    task_state = event.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(event.pk, action, task_state.pk)
    )
    return client.post(url, {"comment": comment})


def test_wagtail_s_notifiers_are_replaced_by_queued_ones():
    for signal, sender, notifier in (
        (task_submitted, TaskState, "task_submission_email_notifier"),
        (workflow_rejected, WorkflowState, "workflow_rejection_email_notifier"),
    ):
        receivers = list(signal._live_receivers(sender)[0])
        assert [r.notifier for r in receivers if isinstance(r, QueuedNotifier)] == [
            notifier
        ]
        assert getattr(wagtail_notifiers, notifier) not in receivers


def test_a_submission_tells_communication_by_email(roles_site, login):
    event = submit_event(login("ors"), roles_site["ors"])
    assert not event.live
    [message] = [m for m in mail.outbox if "comm@example.fr" in m.to]
    assert "Agora : la place du marché" in message.subject
    assert "Validation par la communication" in message.subject
    assert "soumise" in message.subject  # Wagtail's French wording
    assert not [m for m in mail.outbox if "monnaie@example.fr" in m.to]


def test_a_request_for_changes_comes_back_with_its_comment(roles_site, login):
    event = submit_event(login("ors"), roles_site["ors"])
    mail.outbox.clear()

    response = act(login("comm"), event, "reject", "Ajoutez l'horaire de fin.")
    assert response.status_code == 302

    event.refresh_from_db()
    assert not event.live
    state = event.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [message] = mail.outbox
    assert message.to == ["ors@example.fr"]
    assert "Ajoutez l'horaire de fin." in message.body
    assert "Relecture" in message.body


def test_communication_approves_and_the_event_is_published(roles_site, login):
    event = submit_event(login("ors"), roles_site["ors"])
    mail.outbox.clear()

    assert act(login("comm"), event, "approve").status_code == 302

    event.refresh_from_db()
    assert event.live
    assert [message.to for message in mail.outbox] == [["ors@example.fr"]]


def test_a_centre_member_cannot_approve_their_own_submission(roles_site, login):
    client = login("ors")
    event = submit_event(client, roles_site["ors"])
    response = act(client, event, "approve")
    assert response.status_code in (302, 403)
    event.refresh_from_db()
    assert not event.live
    state = event.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
