"""Writes to the register of instruments and the certificates of coverage.

Every function is one transaction, checks the permission it needs (PermissionDenied), records who
made the change in the history, and takes what the user typed as `data` (a form's cleaned fields;
keys it does not know are ignored)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.locking import save_with_lock

from .access import may_manage_agreements
from .models import (
    Agreement,
    AgreementDocument,
    AgreementLink,
    CoverageAccessLog,
    CoverageCertificate,
    CoverageDocument,
    may_record_certificates,
    sees_every_certificate,
    worker_key,
)

AGREEMENT_FIELDS = (
    "kind", "number", "title", "status", "counterpart", "place_of_signing", "signed_on", "signed_on_precision",
    "in_force_on", "expires_on", "duration", "renewal", "scope", "signatories", "contact_persons",
    "max_detachment_months", "max_extension_months", "notes",
)
AGREEMENT_RELATIONS = ("parties", "liaison_institutions", "implementation_plans")
CERTIFICATE_FIELDS = (
    "agreement", "direction", "status", "number", "worker_name", "nationality", "date_of_birth", "identity_number",
    "home_employer", "host_enterprise", "detachment_start", "detachment_end", "extension_start", "extension_end", "notes",
)
LINK_FIELDS = ("kind", "target", "note")


def _pick(data: dict, names: Iterable[str]) -> dict:
    return {name: data[name] for name in names if name in data}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Register of instruments ----------------------------------------------------------------


@transaction.atomic
def agreement_create(*, data: dict, by: User) -> Agreement:
    """Record an instrument, its relations and (data["document"]) a first PDF."""
    _require(may_manage_agreements(by))
    agreement = Agreement(created_by=by, **_pick(data, AGREEMENT_FIELDS))
    agreement._history_user = by
    agreement.full_clean()
    agreement.save()
    _set_relations(agreement, data)
    _add_document_from(data, AgreementDocument(agreement=agreement), by)
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict, expected_version: int, by: User) -> Agreement:
    """Save the changes unless someone saved the instrument since the form was opened (EditConflict)."""
    _require(agreement.is_editable_by(by))
    agreement = save_with_lock(
        agreement, expected_version=expected_version, changes=_pick(data, AGREEMENT_FIELDS), history_user=by,
    )
    _set_relations(agreement, data)
    _add_document_from(data, AgreementDocument(agreement=agreement), by)
    return agreement


def _set_relations(agreement: Agreement, data: dict) -> None:
    for name, values in _pick(data, AGREEMENT_RELATIONS).items():
        getattr(agreement, name).set(values)


@transaction.atomic
def agreement_document_add(*, agreement: Agreement, data: dict, by: User) -> AgreementDocument:
    """Add a PDF (data["document"], titled data["document_title"]) to an instrument."""
    _require(agreement.is_editable_by(by))
    return _store_document(AgreementDocument(agreement=agreement), data, by)


@transaction.atomic
def agreement_link_add(*, source: Agreement, data: dict, by: User) -> AgreementLink:
    """Record that `source` implements (approves, guides, amends, replaces) data["target"]."""
    _require(source.is_editable_by(by))
    link = AgreementLink(source=source, **_pick(data, LINK_FIELDS))
    link._history_user = by
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def agreement_link_remove(*, link: AgreementLink, by: User) -> None:
    """Remove a link entered by mistake; its history keeps who removed it."""
    _require(link.is_editable_by(by))
    link._history_user = by
    link.delete()


# --- Certificates of coverage ---------------------------------------------------------------


@transaction.atomic
def certificate_record(*, data: dict, by: User) -> CoverageCertificate:
    """Record a certificate of coverage (or an application for one) after checking the agreement's rules.
    Central staff choose the office; an office records its own certificates."""
    _require(may_record_certificates(by))
    office = data.get("office") if sees_every_certificate(by) else by.unit
    certificate = CoverageCertificate(office=office, created_by=by, **_pick(data, CERTIFICATE_FIELDS))
    _lock_worker(certificate.build_worker_key())
    certificate._history_user = by
    certificate.full_clean()
    certificate.save()
    _add_document_from(data, CoverageDocument(certificate=certificate), by)
    return certificate


@transaction.atomic
def certificate_update(
    *, certificate: CoverageCertificate, data: dict, expected_version: int, by: User,
) -> CoverageCertificate:
    _require(certificate.is_editable_by(by))
    changes = _pick(data, (*CERTIFICATE_FIELDS, "office") if sees_every_certificate(by) else CERTIFICATE_FIELDS)
    new_key = worker_key(
        changes.get("nationality", certificate.nationality), changes.get("identity_number", certificate.identity_number)
    )
    for key in sorted({certificate.worker_key, new_key}):
        _lock_worker(key)
    certificate = save_with_lock(certificate, expected_version=expected_version, changes=changes, history_user=by)
    _add_document_from(data, CoverageDocument(certificate=certificate), by)
    return certificate


@transaction.atomic
def certificate_document_add(*, certificate: CoverageCertificate, data: dict, by: User) -> CoverageDocument:
    """Add a PDF (data["document"], titled data["document_title"]) to a certificate's file."""
    _require(certificate.is_editable_by(by))
    return _store_document(CoverageDocument(certificate=certificate), data, by)


def certificate_access_record(
    *, certificates: Iterable[CoverageCertificate], channel: str, path: str = "", by: User,
) -> None:
    """Log that `by` was shown the personal data of `certificates` (one row each, one query)."""
    CoverageAccessLog.objects.bulk_create(
        CoverageAccessLog(certificate=certificate, user=by, channel=channel, path=path[:500])
        for certificate in certificates
    )


def _lock_worker(key: str) -> None:
    """Serialise the writes about one worker so that two overlapping certificates cannot both pass the check.

    PostgreSQL: a transaction-scoped advisory lock. SQLite already lets one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


# --- Documents (core.documents store) ---------------------------------------------------------


def _add_document_from(data: dict, document: AgreementDocument | CoverageDocument, by: User) -> None:
    """The optional PDF of a create or edit form."""
    if data.get("document"):
        _store_document(document, data, by)


def _store_document(document, data: dict, by: User):
    """Check the upload by its content (a PDF whatever its name says), then save the row."""
    upload: UploadedFile = data.get("document")
    if not upload:
        raise ValidationError({"document": _("Choose a file.")})
    try:
        document.store(upload, by=by)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from None
    document.title = (data.get("document_title") or "").strip() or _document_title(upload)
    document._history_user = by
    document.full_clean()
    document.save()
    return document


def _document_title(file: UploadedFile) -> str:
    name = file.name.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or _("Document")
