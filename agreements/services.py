"""Writes to the register of instruments and the certificates of coverage. Every function is one transaction."""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.locking import save_with_lock

from .models import (
    Agreement,
    AgreementDocument,
    AgreementLink,
    CoverageAccessLog,
    CoverageCertificate,
    CoverageDocument,
    worker_key,
)

AGREEMENT_RELATIONS = ("parties", "liaison_institutions", "implementation_plans")


@transaction.atomic
def agreement_create(
    *, agreement: Agreement, relations: dict[str, Iterable], document: UploadedFile | None = None,
    document_title: str = "", by: User,
) -> Agreement:
    agreement.created_by = by
    agreement._history_user = by
    agreement.full_clean()
    agreement.save()
    _set_relations(agreement, relations)
    if document:
        agreement_add_document(agreement=agreement, file=document, title=document_title, by=by)
    return agreement


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, expected_version: int, changes: dict, relations: dict[str, Iterable],
    document: UploadedFile | None = None, document_title: str = "", by: User,
) -> Agreement:
    """Save the changes unless someone saved the instrument since the form was opened (EditConflict)."""
    agreement = save_with_lock(agreement, expected_version=expected_version, changes=changes)
    _set_relations(agreement, relations)
    if document:
        agreement_add_document(agreement=agreement, file=document, title=document_title, by=by)
    return agreement


def _set_relations(agreement: Agreement, relations: dict[str, Iterable]) -> None:
    for name, values in relations.items():
        if name not in AGREEMENT_RELATIONS:
            raise ValueError(f"Not a relation of an instrument: {name}")
        getattr(agreement, name).set(values)


@transaction.atomic
def agreement_add_document(*, agreement: Agreement, file: UploadedFile, title: str = "", by: User) -> AgreementDocument:
    document = AgreementDocument(agreement=agreement, title=title or _document_title(file), file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def agreement_link(*, source: Agreement, target: Agreement, kind: str, note: str = "", by: User) -> AgreementLink:
    """Record that `source` implements (approves, guides, amends, replaces) `target`."""
    link = AgreementLink(source=source, target=target, kind=kind, note=note)
    link._history_user = by
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def agreement_unlink(*, link: AgreementLink, by: User) -> None:
    """Remove a link entered by mistake; its history keeps who removed it."""
    link._history_user = by
    link.delete()


@transaction.atomic
def certificate_record(
    *, certificate: CoverageCertificate, document: UploadedFile | None = None, document_title: str = "", by: User,
) -> CoverageCertificate:
    """Record a certificate of coverage (or an application for one) after checking the agreement's rules."""
    _lock_worker(certificate.build_worker_key())
    certificate.created_by = by
    certificate._history_user = by
    certificate.full_clean()
    certificate.save()
    if document:
        certificate_add_document(certificate=certificate, file=document, title=document_title, by=by)
    return certificate


@transaction.atomic
def certificate_update(
    *, certificate: CoverageCertificate, expected_version: int, changes: dict,
    document: UploadedFile | None = None, document_title: str = "", by: User,
) -> CoverageCertificate:
    new_key = worker_key(
        changes.get("nationality", certificate.nationality), changes.get("identity_number", certificate.identity_number)
    )
    for key in sorted({certificate.worker_key, new_key}):
        _lock_worker(key)
    certificate = save_with_lock(certificate, expected_version=expected_version, changes=changes)
    if document:
        certificate_add_document(certificate=certificate, file=document, title=document_title, by=by)
    return certificate


@transaction.atomic
def certificate_add_document(
    *, certificate: CoverageCertificate, file: UploadedFile, title: str = "", by: User,
) -> CoverageDocument:
    document = CoverageDocument(certificate=certificate, title=title or _document_title(file), file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    return document


def certificate_access_record(
    *, user: User, certificates: Iterable[CoverageCertificate], channel: str, path: str = "",
) -> None:
    """Log that `user` was shown the personal data of `certificates` (one row each, one query)."""
    CoverageAccessLog.objects.bulk_create(
        CoverageAccessLog(certificate=certificate, user=user, channel=channel, path=path[:500])
        for certificate in certificates
    )


def _lock_worker(key: str) -> None:
    """Serialise the writes about one worker so that two overlapping certificates cannot both pass the check.

    PostgreSQL: a transaction-scoped advisory lock. SQLite already lets one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


def _document_title(file: UploadedFile) -> str:
    name = file.name.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or _("Document")
