"""Wagtail's workflow emails, sent by the workers instead of the web request.

Wagtail connects four notifiers to its workflow signals (a submission to
the reviewing group and to superusers, an approval and a rejection, with
its comment, to the person who submitted). Here each signal queues a
background task instead (`cooperation.tasks_backend`: on the Celery
workers), and the task calls Wagtail's own notifier: same recipients, same
templates, in each recipient's admin language, without the request waiting
for the mail service.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

# The notifier's name in wagtail.admin.signal_handlers: (its signal, its
# sender, the dispatch_uid Wagtail connects it with).
NOTIFIERS = {
    "task_submission_email_notifier": (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
    ),
    "workflow_submission_email_notifier": (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
    ),
    "workflow_rejection_email_notifier": (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
    ),
    "workflow_approval_email_notifier": (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
    ),
}


@task()
def send_workflow_notification(notifier, model, pk, user_id):
    """Run Wagtail's `notifier` for the state `model`/`pk`, triggered by
    the user `user_id`."""
    if notifier not in NOTIFIERS:
        raise ValueError(f"Notification inconnue : {notifier}")
    instance = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if instance is None:  # deleted meanwhile (the page with it)
        return
    user = get_user_model()._default_manager.filter(pk=user_id).first()
    getattr(wagtail_notifiers, notifier)(instance=instance, user=user)


class QueuedNotifier:
    """A signal receiver that queues one of Wagtail's notifiers."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, sender, instance, user=None, **kwargs):
        send_workflow_notification.enqueue(
            self.notifier,
            instance._meta.label_lower,
            instance.pk,
            user.pk if user is not None else None,
        )


def queue_workflow_notifications():
    """Put the queued notifiers in the place of Wagtail's, whichever app is
    ready first: Wagtail's are disconnected if already there, and a receiver
    already connected under their dispatch_uid makes Wagtail's connect a
    no-op if they are not."""
    for notifier, (signal, sender, dispatch_uid) in NOTIFIERS.items():
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(
            QueuedNotifier(notifier),
            sender=sender,
            dispatch_uid=dispatch_uid,
            weak=False,
        )
