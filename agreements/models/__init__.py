"""The agreements app's models: the register of instruments (instruments.py), the certificates of
coverage issued under them (certificates.py), and the titled PDFs both carry (documents.py)."""

from .certificates import (
    RECORD,
    VIEW_ALL,
    CoverageAccessLog,
    CoverageCertificate,
    CoverageDocument,
    may_record_certificates,
    sees_every_certificate,
    worker_key,
)
from .instruments import MANAGE, OFFICE_KINDS, PARTNER_KINDS, Agreement, AgreementDocument, AgreementLink

__all__ = [
    "MANAGE", "OFFICE_KINDS", "PARTNER_KINDS", "RECORD", "VIEW_ALL", "Agreement", "AgreementDocument", "AgreementLink",
    "CoverageAccessLog", "CoverageCertificate", "CoverageDocument", "may_record_certificates", "sees_every_certificate",
    "worker_key",
]
