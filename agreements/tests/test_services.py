"""The agreements services: every write records who made it, and each checks its own permission."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Unit, User
from agreements import services
from agreements.models import Agreement, AgreementLink, CoverageCertificate
from agreements.tests.factories import AgreementFactory, CoverageCertificateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _pdf(name="van-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _certificate_data(agreement, **fields) -> dict:
    return {
        "agreement": agreement, "direction": "outbound", "status": "applied", "worker_name": "Trần Văn Biệt Phái",
        "nationality": "VN", "date_of_birth": datetime.date(1988, 8, 8), "identity_number": "B7654321",
        "home_employer": "Công ty Cổ phần Thử", "host_enterprise": "Test Korea Co.",
        "detachment_start": datetime.date(2024, 3, 1), "detachment_end": datetime.date(2027, 2, 28), **fields,
    }


def test_every_write_to_an_instrument_records_who_made_it(planner, make_user):
    other = make_user(User.Role.CENTRAL_PLANNER)
    agreement = services.agreement_create(
        data={"kind": "mou", "title": "Bản ghi nhớ với Lào", "status": "signed", "parties": [Unit.objects.get(code="VSS")]},
        by=planner,
    )
    assert agreement.history.first().history_user == planner and agreement.created_by == planner
    assert list(agreement.parties.values_list("code", flat=True)) == ["VSS"]
    agreement = services.agreement_update(agreement=agreement, data={"notes": "Đã rà soát"}, expected_version=0, by=other)
    assert agreement.history.first().history_user == other
    document = services.agreement_document_add(agreement=agreement, data={"document": _pdf()}, by=other)
    assert document.history.first().history_user == other and document.title == "van-ban"
    link = services.agreement_link_add(source=AgreementFactory(), data={"kind": "implements", "target": agreement}, by=planner)
    assert link.history.first().history_user == planner
    link_pk = link.pk
    services.agreement_link_remove(link=link, by=other)
    removal = AgreementLink.history.filter(id=link_pk).order_by("-history_date").first()
    assert (removal.history_type, removal.history_user) == ("-", other)


def test_every_write_to_a_certificate_records_who_made_it(korea_agreement, officer, make_user):
    colleague = make_user(User.Role.UNIT_OFFICER, officer.unit)
    certificate = services.certificate_record(data=_certificate_data(korea_agreement, document=_pdf()), by=officer)
    assert certificate.history.first().history_user == officer
    assert certificate.documents.get().history.first().history_user == officer
    certificate = services.certificate_update(
        certificate=certificate, data={"notes": "Đã liên hệ NPS"}, expected_version=0, by=colleague,
    )
    assert certificate.history.first().history_user == colleague
    document = services.certificate_document_add(certificate=certificate, data={"document": _pdf("gcn.pdf")}, by=colleague)
    assert document.history.first().history_user == colleague


def test_an_office_records_only_for_itself_whatever_the_data_says(korea_agreement, officer):
    certificate = services.certificate_record(
        data=_certificate_data(korea_agreement, office=Unit.objects.get(code="P34-HANOI")), by=officer,
    )
    assert certificate.office == officer.unit
    services.certificate_update(
        certificate=certificate, data={"office": Unit.objects.get(code="P34-HANOI")}, expected_version=0, by=officer,
    )
    certificate.refresh_from_db()
    assert certificate.office == officer.unit


def test_officer_and_leader_may_not_write_the_register(officer, leader):
    agreement, target = AgreementFactory(), AgreementFactory()
    for user in (officer, leader):
        with pytest.raises(PermissionDenied):
            services.agreement_create(data={"kind": "mou", "title": "X", "status": "signed"}, by=user)
        with pytest.raises(PermissionDenied):
            services.agreement_update(agreement=agreement, data={"notes": "x"}, expected_version=0, by=user)
        with pytest.raises(PermissionDenied):
            services.agreement_document_add(agreement=agreement, data={"document": _pdf()}, by=user)
        with pytest.raises(PermissionDenied):
            services.agreement_link_add(source=agreement, data={"kind": "implements", "target": target}, by=user)
    assert Agreement.objects.count() == 2 and not agreement.documents.exists() and not AgreementLink.objects.exists()


def test_leader_and_another_office_may_not_write_a_certificate(korea_agreement, unit, leader, make_user, other_unit):
    certificate = CoverageCertificateFactory(agreement=korea_agreement, office=unit)
    stranger = make_user(User.Role.UNIT_OFFICER, other_unit)
    with pytest.raises(PermissionDenied):
        services.certificate_record(data=_certificate_data(korea_agreement, office=unit), by=leader)
    for user in (leader, stranger):
        with pytest.raises(PermissionDenied):
            services.certificate_update(certificate=certificate, data={"notes": "x"}, expected_version=0, by=user)
        with pytest.raises(PermissionDenied):
            services.certificate_document_add(certificate=certificate, data={"document": _pdf()}, by=user)
    assert CoverageCertificate.objects.count() == 1
