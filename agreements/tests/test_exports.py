"""The registers' Excel: directly when small, a background job when large, holding only what the owner's
register shows; every certificate exported is logged for the owner either way."""

import pytest
from django.urls import reverse

from agreements.models import CoverageAccessLog
from agreements.tests.factories import AgreementFactory, CoverageCertificateFactory
from core.tests.exports import direct_rows, job_rows

pytestmark = pytest.mark.django_db

COVERAGE = reverse("agreements:coverage_list")
REGISTER = reverse("agreements:agreement_list")


@pytest.fixture
def certificates_of_two_offices(officer, other_unit):
    mine = [CoverageCertificateFactory(office=officer.unit) for _ in range(2)]
    CoverageCertificateFactory(office=other_unit, worker_name="Người của văn phòng khác")
    return mine


def test_certificate_export_below_the_limit_downloads_directly_and_is_logged(client, officer, certificates_of_two_offices):
    client.force_login(officer)
    rows = direct_rows(client, COVERAGE, {"direction": "outbound"})
    assert {row[2] for row in rows[1:]} == {c.worker_name for c in certificates_of_two_offices}
    log = CoverageAccessLog.objects.filter(channel=CoverageAccessLog.Channel.EXPORT)
    assert {(entry.certificate, entry.user) for entry in log} == {(c, officer) for c in certificates_of_two_offices}
    assert set(log.values_list("path", flat=True)) == {f"{COVERAGE}?direction=outbound"}


def test_certificate_export_job_holds_and_logs_only_the_owners_certificates(
    client, officer, certificates_of_two_offices,
):
    client.force_login(officer)
    job, rows = job_rows(client, COVERAGE, {"direction": "outbound"})
    assert (job.kind, job.rows_total, job.original_name) == ("agreements.certificates", 2, "chung-nhan-tham-gia-bhxh.xlsx")
    assert rows[0][:3] == ("Số giấy chứng nhận", "Chiều", "Họ và tên người lao động")
    assert {row[2] for row in rows[1:]} == {c.worker_name for c in certificates_of_two_offices}
    log = CoverageAccessLog.objects.filter(channel=CoverageAccessLog.Channel.EXPORT)
    assert {(entry.certificate, entry.user) for entry in log} == {(c, officer) for c in certificates_of_two_offices}
    assert set(log.values_list("path", flat=True)) == {f"{COVERAGE}?direction=outbound"}


def test_register_export_job_keeps_the_filter_in_vietnamese(client, officer):
    AgreementFactory.create_batch(2, kind="agreement", title="Hiệp định về bảo hiểm xã hội")
    AgreementFactory(kind="mou", title="Bản ghi nhớ")
    client.force_login(officer)
    assert len(direct_rows(client, REGISTER)) == 1 + 3
    job, rows = job_rows(client, REGISTER, {"kind": "agreement"})
    assert (job.kind, job.rows_total) == ("agreements.agreements", 2)
    assert rows[0][0] == "Số hiệu văn bản"
    assert {(row[1], row[2]) for row in rows[1:]} == {("Hiệp định về bảo hiểm xã hội", "Hiệp định")}
