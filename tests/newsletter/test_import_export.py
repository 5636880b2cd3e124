"""CSV import (dry run first), CSV export and the dashboard panel."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsletter import importing
from newsletter.models import Campaign, ConsentRecord, Subscriber, Suppression
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

CSV = (
    "email;first_name;language;lists;consent_date;consent_source\n"
    "Amina@Example.fr;Amina;fr;agenda|les-ors;2024-03-02;formulaire papier MQ des Ors\n"
    "bruno@example.fr;Bruno;en;agenda;;\n"
    "deja@example.fr;;fr;agenda;;\n"
    "bloque@example.fr;;fr;;;\n"
    "pas-une-adresse;;fr;;;\n"
    "chloe@example.fr;;fr;inconnue;;\n"
)


@pytest.fixture
def known(mailing_lists):
    make_subscriber("deja@example.fr")
    Suppression.objects.create(
        email_hash=Suppression.hash_email("bloque@example.fr"), reason="erased"
    )


def test_dry_run_reports_and_writes_nothing(known):
    report = importing.import_csv(CSV.encode(), dry_run=True)

    assert (report.subscribed, report.pending) == (1, 1)
    assert (report.existing, report.suppressed) == (1, 1)
    assert [line for line, _ in report.errors] == [6, 7]
    assert Subscriber.objects.count() == 1
    assert mail.outbox == []


def test_import_subscribes_proven_rows_and_asks_the_others_to_confirm(
    known, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_csv(CSV.encode(), dry_run=False)

    amina = Subscriber.objects.get(email="amina@example.fr")
    assert amina.status == Subscriber.Status.SUBSCRIBED
    assert sorted(amina.lists.values_list("slug", flat=True)) == ["agenda", "les-ors"]
    record = amina.consent_records.get()
    assert record.action == ConsentRecord.Action.CONFIRM
    assert "formulaire papier" in record.wording
    assert timezone.localtime(record.created_at).date().isoformat() == "2024-03-02"

    bruno = Subscriber.objects.get(email="bruno@example.fr")
    assert bruno.status == Subscriber.Status.PENDING
    assert bruno.language == "en"
    [message] = mail.outbox
    assert message.to == ["bruno@example.fr"]
    assert not Subscriber.objects.filter(email="bloque@example.fr").exists()


def test_admin_import_page_dry_run_then_import(admin_client, known):
    upload = SimpleUploadedFile("abonnes.csv", CSV.encode(), "text/csv")
    response = admin_client.post(
        "/admin/newsletter/subscribers/import/", {"file": upload, "dry_run": "on"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Simulation" in content
    assert "Ligne 6" in content
    assert Subscriber.objects.count() == 1

    upload = SimpleUploadedFile("abonnes.csv", CSV.encode(), "text/csv")
    response = admin_client.post(
        "/admin/newsletter/subscribers/import/", {"file": upload}
    )
    assert "Import terminé" in response.content.decode()
    assert Subscriber.objects.count() == 3


def test_subscribers_export_as_csv(admin_client, mailing_lists):
    make_subscriber("lea@example.fr", first_name="Léa")
    response = admin_client.get("/admin/snippets/newsletter/subscriber/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "lea@example.fr" in body
    assert "Léa" in body


def test_dashboard_panel_shows_subscribers_and_last_campaigns(
    admin_client, mailing_lists
):
    make_subscriber("lea@example.fr", confirmed_at=timezone.now())
    Campaign.objects.create(subject="La lettre d'avril", status="done")
    response = admin_client.get("/admin/")
    content = response.content.decode()
    assert "1 personne abonnée" in content
    assert "La lettre d&#x27;avril" in content or "La lettre d'avril" in content
