"""The « Relecture » email goes through a real Celery worker to the mail
service (the fake Brevo, reached by Anymail's real backend)."""

import pytest
from django.contrib.auth import get_user_model

from tests.helpers import wait_for
from tests.newsletter.conftest import brevo_env
from tests.newsletter.fake_brevo import FakeBrevo
from tests.roles.conftest import build_roles_site, submit_event


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_submission_email_is_sent_by_the_worker(celery_worker_factory, client):
    site = build_roles_site()
    with FakeBrevo() as fake:
        worker = celery_worker_factory(brevo_env(fake))
        client.force_login(get_user_model().objects.get(username="ors"))

        event = submit_event(client, site["ors"])

        assert not event.live
        assert wait_for(lambda: fake.recipients()["comm@example.fr"] == 1, 60), worker[
            "log"
        ].read_text()
        assert "cooperation.tasks_backend.run_by_path" in worker["log"].read_text()
        assert set(fake.recipients()) == {"comm@example.fr"}
