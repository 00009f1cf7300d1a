"""Moving the documents into the private-document store keeps every row and describes it from its file."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

BEFORE = [("agreements", "0001_initial")]
AFTER = [("agreements", "0002_documents_in_document_store")]


@pytest.mark.django_db(transaction=True)
def test_existing_documents_keep_their_rows_and_get_name_size_and_type(reference_data, migrator):
    executor = migrator()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User, Unit = old.get_model("accounts", "User"), old.get_model("accounts", "Unit")
    Agreement, AgreementDocument = old.get_model("agreements", "Agreement"), old.get_model("agreements", "AgreementDocument")
    user = User.objects.create(username="migrator")
    agreement = Agreement.objects.create(title="Hiệp định", kind="agreement", status="signed")
    stored = default_storage.save("agreements/old.pdf", ContentFile(b"%PDF-1.4 signed text"))
    kept = AgreementDocument.objects.create(agreement=agreement, title="Văn bản ký kết", file=stored, uploaded_by=user)
    lost = AgreementDocument.objects.create(agreement=agreement, title="Bản dịch", file="agreements/gone.pdf", uploaded_by=user)
    office = Unit.objects.filter(kind="provincial_office").first()
    certificate = old.get_model("agreements", "CoverageCertificate").objects.create(
        agreement=agreement, direction="outbound", worker_name="A", nationality="VN", date_of_birth="1990-01-01",
        identity_number="B1", worker_key="VN:B1", home_employer="X", host_enterprise="Y", detachment_start="2024-03-01",
        detachment_end="2025-03-01", covered_until="2025-03-01", office=office,
    )
    old.get_model("agreements", "CoverageDocument").objects.create(
        certificate=certificate, title="GCN", file=stored, uploaded_by=user,
    )

    executor = migrator()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    documents = new.get_model("agreements", "AgreementDocument").objects
    assert documents.count() == 2
    kept = documents.get(pk=kept.pk)
    assert (kept.original_name, kept.size, kept.content_type) == ("Văn bản ký kết.pdf", 20, "application/pdf")
    assert kept.file.name == stored and kept.uploaded_by_id == user.pk
    lost = documents.get(pk=lost.pk)
    assert (lost.original_name, lost.size, lost.content_type) == ("Bản dịch.pdf", 0, "")
    coverage = new.get_model("agreements", "CoverageDocument").objects.get()
    assert (coverage.original_name, coverage.content_type) == ("GCN.pdf", "application/pdf")
    default_storage.delete(stored)
