"""The agreements app's access guards: invisible is a 404, visible but not allowed is a 403.

Every page, export, download or other app that reaches an instrument, a link, a certificate of
coverage or one of their documents by id goes through these (never its own copy). Reading a
certificate's personal data is logged by the caller (services.certificate_access_record)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import (
    MANAGE,
    Agreement,
    AgreementDocument,
    AgreementLink,
    CoverageCertificate,
    CoverageDocument,
    may_record_certificates,
    sees_every_certificate,
)

__all__ = [
    "get_agreement_document_for_user",
    "get_agreement_for_user",
    "get_certificate_document_for_user",
    "get_certificate_for_user",
    "get_link_for_user",
    "may_manage_agreements",
    "may_record_certificates",
    "sees_every_certificate",
]


def may_manage_agreements(user) -> bool:
    """Central planners (and administrators): record and edit instruments, links and documents."""
    return user.has_perm(MANAGE)


def _allowed(thing, user, to_edit: bool):
    if to_edit and not thing.is_editable_by(user):
        raise PermissionDenied
    return thing


def get_agreement_for_user(user, pk, *, to_edit=False) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.visible_to(user).select_related("counterpart", "created_by"), pk=pk)
    return _allowed(agreement, user, to_edit)


def get_agreement_document_for_user(user, pk, *, to_edit=False) -> AgreementDocument:
    document = get_object_or_404(AgreementDocument.objects.visible_to(user).select_related("agreement"), pk=pk)
    return _allowed(document, user, to_edit)


def get_link_for_user(user, pk, *, agreement: Agreement | None = None, to_edit=False) -> AgreementLink:
    """A link between two instruments; with `agreement`, only a link from or to it."""
    links = AgreementLink.objects.visible_to(user).select_related("source", "target")
    if agreement is not None:
        links = links.touching(agreement)
    return _allowed(get_object_or_404(links, pk=pk), user, to_edit)


def get_certificate_for_user(user, pk, *, to_edit=False) -> CoverageCertificate:
    certificate = get_object_or_404(
        CoverageCertificate.objects.visible_to(user).select_related("agreement", "office", "created_by"), pk=pk
    )
    return _allowed(certificate, user, to_edit)


def get_certificate_document_for_user(user, pk, *, to_edit=False) -> CoverageDocument:
    document = get_object_or_404(
        CoverageDocument.objects.visible_to(user).select_related("certificate__office"), pk=pk
    )
    return _allowed(document, user, to_edit)
