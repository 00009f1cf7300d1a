"""Instrument and certificate documents in the private-document store: checked by content, served by
core.documents (private, never sniffed), a missing file is a 404."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementDocument, CoverageAccessLog, CoverageDocument
from agreements.tests.factories import AgreementDocumentFactory, AgreementFactory, CoverageCertificateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML_AS_PDF = b"<!doctype html><html><script>alert(1)</script></html>"
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00"


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_planner_adds_a_pdf_while_editing_an_instrument_and_it_is_described(client, planner):
    agreement = AgreementFactory()
    client.force_login(planner)
    response = client.post(reverse("agreements:agreement_update", args=[agreement.pk]), {
        "kind": agreement.kind, "title": agreement.title, "status": agreement.status, "signed_on": "10/05/2023",
        "signed_on_precision": "day", "lock_version": "0", "document_title": "Bản dịch tiếng Việt",
        "document": _upload("Bản dịch.pdf", PDF),
    })
    assert response.status_code == 302
    document = AgreementDocument.objects.get(agreement=agreement)
    assert (document.title, document.original_name, document.size) == ("Bản dịch tiếng Việt", "Bản dịch.pdf", len(PDF))
    assert document.content_type == "application/pdf" and document.uploaded_by == planner
    assert document.file.name.startswith("agreements/") and "Bản" not in document.file.name
    assert document.history.first().history_user == planner


@pytest.mark.parametrize("content", [HTML_AS_PDF, WINDOWS_EXE], ids=["html", "exe"])
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client, planner, content):
    agreement = AgreementFactory()
    client.force_login(planner)
    response = client.post(reverse("agreements:agreement_update", args=[agreement.pk]), {
        "kind": agreement.kind, "title": agreement.title, "status": agreement.status, "signed_on": "10/05/2023",
        "signed_on_precision": "day", "lock_version": "0", "document": _upload("van-ban.pdf", content),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["document"]
    assert not AgreementDocument.objects.exists()


def test_instrument_document_is_a_private_attachment_never_sniffed(client, officer):
    document = AgreementDocumentFactory(title="Văn bản ký kết", original_name="Hiệp định.pdf", content_type="application/pdf")
    client.force_login(officer)
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "Hi%E1%BB%87p" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_instrument_document_whose_file_is_missing_is_404_not_500(client, officer):
    document = AgreementDocumentFactory()
    default_storage.delete(document.file.name)
    client.force_login(officer)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_certificate_document_whose_file_is_missing_is_404_and_the_attempt_is_logged(client, officer):
    certificate = CoverageCertificateFactory(office=officer.unit)
    document = CoverageDocument.objects.create(certificate=certificate, title="GCN", file="coverage/gone.pdf")
    client.force_login(officer)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert CoverageAccessLog.objects.filter(certificate=certificate, channel="document").count() == 1


def test_certificate_document_is_uploaded_through_the_store(client, officer, korea_agreement):
    certificate = CoverageCertificateFactory(agreement=korea_agreement, office=officer.unit)
    client.force_login(officer)
    response = client.post(reverse("agreements:coverage_update", args=[certificate.pk]), {
        "agreement": korea_agreement.pk, "direction": certificate.direction, "status": certificate.status,
        "number": certificate.number, "worker_name": certificate.worker_name, "nationality": certificate.nationality,
        "date_of_birth": "15/03/1990", "identity_number": certificate.identity_number,
        "home_employer": certificate.home_employer, "host_enterprise": certificate.host_enterprise,
        "detachment_start": "01/03/2024", "detachment_end": "28/02/2026", "lock_version": "0",
        "document": _upload("quyet-dinh-cu-di.pdf", PDF),
    })
    assert response.status_code == 302
    document = certificate.documents.get()
    assert (document.title, document.original_name, document.uploaded_by) == ("quyet-dinh-cu-di", "quyet-dinh-cu-di.pdf", officer)
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_instrument_document_opens_in_the_page_sandboxed_with_a_download_beside(client, officer):
    document = AgreementDocumentFactory(title="Văn bản ký kết", content_type="application/pdf")
    client.force_login(officer)
    inline = client.get(document.get_absolute_url(), {"view": "inline"})
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Security-Policy"] == "sandbox" and inline["X-Frame-Options"] == "SAMEORIGIN"
    page = client.get(document.agreement.get_absolute_url()).content.decode()
    assert f'<iframe class="document-frame" src="{document.get_absolute_url()}?view=inline"' in page
    assert f'href="{document.get_absolute_url()}" aria-label="' in page  # the download button


def test_certificate_document_opens_in_the_page_and_the_view_is_logged(client, officer):
    certificate = CoverageCertificateFactory(office=officer.unit)
    document = CoverageDocument(certificate=certificate, title="GCN")
    document.store(_upload("gcn.pdf", PDF), by=officer)
    document.save()
    client.force_login(officer)
    inline = client.get(document.get_absolute_url(), {"view": "inline"})
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Security-Policy"] == "sandbox"
    assert CoverageAccessLog.objects.filter(certificate=certificate, channel="document").count() == 1
    assert "?view=inline" in client.get(certificate.get_absolute_url()).content.decode()
