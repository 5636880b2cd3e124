"""Import of existing subscribers from a CSV file, dry run first.

Columns (a header row, comma or semicolon separated, UTF-8): `email`
(required), `first_name`, `language`, `lists` (list identifiers separated
by `|`), `consent_date` and `consent_source`. A row with both consent
columns is proof of consent: the person is subscribed, and the proof kept
as their consent record. A row without becomes pending and gets the
confirmation email, as if they had signed up on the site.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cooperation.queueing import enqueue_on_commit
from newsletter import tasks
from newsletter.models import (
    ConsentRecord,
    MailingList,
    Subscriber,
    Suppression,
)
from newsletter.models.audience import in_default_language, normalise_email

LANGUAGES = {value for value, _label in Subscriber.Language.choices}


@dataclass
class ImportReport:
    subscribed: int = 0
    pending: int = 0
    existing: int = 0
    suppressed: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def total(self):
        return self.subscribed + self.pending


def _consent_time(value):
    value = (value or "").strip()
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        moment = datetime.datetime(day.year, day.month, day.day)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def read_rows(data):
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;")
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def import_csv(data, *, dry_run=True):
    """Read the file and (unless `dry_run`) write what it says."""
    report = ImportReport()
    lists = {
        mailing_list.slug: mailing_list
        for mailing_list in MailingList.objects.filter(**in_default_language())
    }
    try:
        rows = read_rows(data)
    except (UnicodeDecodeError, csv.Error):
        report.errors.append((1, _("Fichier illisible : CSV en UTF-8 attendu.")))
        return report
    if not rows.fieldnames or "email" not in rows.fieldnames:
        report.errors.append((1, _("La colonne « email » manque.")))
        return report
    seen = set()
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            email = normalise_email(row.get("email"))
            try:
                validate_email(email)
            except ValidationError:
                report.errors.append((line, _("Adresse invalide.")))
                continue
            wanted = [slug.strip() for slug in (row.get("lists") or "").split("|")]
            wanted = [slug for slug in wanted if slug]
            unknown = [slug for slug in wanted if slug not in lists]
            if unknown:
                report.errors.append(
                    (line, _("Liste inconnue : %(slug)s") % {"slug": unknown[0]})
                )
                continue
            language = (row.get("language") or "fr").strip() or "fr"
            if language not in LANGUAGES:
                report.errors.append((line, _("Langue inconnue.")))
                continue
            try:
                consented_at = _consent_time(row.get("consent_date"))
            except ValueError:
                report.errors.append((line, _("Date de consentement illisible.")))
                continue
            source = (row.get("consent_source") or "").strip()
            if email in seen or Subscriber.objects.filter(email=email).exists():
                report.existing += 1
                continue
            seen.add(email)
            if Suppression.is_suppressed(email):
                report.suppressed += 1
                continue
            proven = bool(consented_at and source)
            if proven:
                report.subscribed += 1
            else:
                report.pending += 1
            if dry_run:
                continue
            now = timezone.now()
            subscriber = Subscriber.objects.create(
                email=email,
                first_name=(row.get("first_name") or "").strip()[:80],
                language=language,
                status=(
                    Subscriber.Status.SUBSCRIBED
                    if proven
                    else Subscriber.Status.PENDING
                ),
                confirmed_at=consented_at if proven else None,
                confirmation_requested_at=None if proven else now,
            )
            subscriber.lists.set([lists[slug] for slug in wanted])
            ConsentRecord.objects.create(
                subscriber=subscriber,
                created_at=consented_at or now,
                action=(
                    ConsentRecord.Action.CONFIRM
                    if proven
                    else ConsentRecord.Action.SUBSCRIBE
                ),
                wording=_("Import CSV — preuve : %(source)s")
                % {"source": source or _("aucune")},
                wording_version="import",
            )
            if not proven:
                enqueue_on_commit(tasks.send_confirmation, subscriber.pk)
        if dry_run:
            transaction.set_rollback(True)
    return report
