"""The certificates-of-coverage register: who sees what, the access log, forms, counts and export."""

import datetime
from io import BytesIO

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from agreements.models import CoverageAccessLog, CoverageCertificate
from agreements.tests.factories import CoverageCertificateFactory

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:coverage_list")
CREATE = reverse("agreements:coverage_create")


def _form_data(agreement, **overrides):
    data = {
        "agreement": agreement.pk, "direction": "outbound", "status": "applied", "number": "",
        "worker_name": "Lê Văn Công", "nationality": "VN", "date_of_birth": "12/05/1985", "identity_number": "N7654321",
        "home_employer": "Công ty Cổ phần Kỹ thuật Hải Phòng", "host_enterprise": "Busan Shipbuilding Co.",
        "detachment_start": "01/02/2025", "detachment_end": "31/01/2028", "extension_start": "", "extension_end": "",
        "notes": "", "lock_version": "0", "document_title": "",
    }
    data.update(overrides)
    return data


def test_officer_sees_only_their_office_and_its_predecessors(client, make_user):
    hai_phong, hai_duong = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P63-HAIDUONG")
    own = CoverageCertificateFactory(office=hai_phong)
    inherited = CoverageCertificateFactory(office=hai_duong)
    CoverageCertificateFactory(office=Unit.objects.get(code="P34-HANOI"))
    client.force_login(make_user(User.Role.UNIT_OFFICER, hai_phong))
    response = client.get(LIST)
    assert {c.pk for c in response.context["page_obj"]} == {own.pk, inherited.pk}
    assert "office" not in response.context["filter_form"].fields


def test_other_province_gets_404_on_a_certificate_and_its_documents(client, officer, make_user, other_unit):
    certificate = CoverageCertificateFactory(office=officer.unit)
    document = certificate.documents.create(title="GCN", file="coverage/x.pdf", uploaded_by=officer)
    client.force_login(make_user(User.Role.UNIT_OFFICER, other_unit))
    assert client.get(certificate.get_absolute_url()).status_code == 404
    assert client.get(reverse("agreements:coverage_update", args=[certificate.pk])).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert not CoverageAccessLog.objects.exists()


def test_every_view_of_personal_data_is_logged(client, officer):
    certificate = CoverageCertificateFactory(office=officer.unit)
    client.force_login(officer)
    client.get(certificate.get_absolute_url())
    client.get(reverse("agreements:coverage_update", args=[certificate.pk]))
    client.get(LIST)
    client.get(LIST, {"format": "xlsx"})
    log = CoverageAccessLog.objects.filter(user=officer, certificate=certificate)
    assert sorted(log.values_list("channel", flat=True)) == ["detail", "edit", "export", "list"]
    assert log.get(channel="detail").path == certificate.get_absolute_url()


def test_access_log_is_read_only_in_the_admin(client, administrator, officer):
    certificate = CoverageCertificateFactory(office=officer.unit)
    client.force_login(officer)
    client.get(certificate.get_absolute_url())
    client.force_login(administrator)
    response = client.get(reverse("admin:agreements_coverageaccesslog_changelist"))
    assert response.status_code == 200 and str(officer) in response.content.decode()
    model_admin = site._registry[CoverageAccessLog]
    request = response.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)
    assert CoverageCertificate not in site._registry


def test_officer_records_a_certificate_for_their_own_office(client, officer, korea_agreement, other_unit):
    client.force_login(officer)
    response = client.post(CREATE, _form_data(korea_agreement, office=other_unit.pk))
    certificate = CoverageCertificate.objects.get()
    assert response.status_code == 302 and response.url == certificate.get_absolute_url()
    assert certificate.office == officer.unit  # the office field is not theirs to choose
    assert certificate.created_by == officer


def test_sixty_month_rule_stops_a_bad_certificate_with_a_clear_message(client, officer, korea_agreement):
    client.force_login(officer)
    response = client.post(CREATE, _form_data(korea_agreement, detachment_start="01/02/2025", detachment_end="01/02/2030"))
    assert response.status_code == 200
    assert response.context["form"].errors["detachment_end"] == [
        "Thời gian biệt phái lần đầu tối đa 60 tháng: phải kết thúc chậm nhất ngày 31/01/2030."
    ]
    assert 'value="Lê Văn Công"' in response.content.decode()
    assert not CoverageCertificate.objects.exists()


def test_thirty_six_month_rule_stops_a_long_extension(client, officer, korea_agreement):
    client.force_login(officer)
    response = client.post(CREATE, _form_data(
        korea_agreement, status="extended", number="VN-KR-2025-1",
        extension_start="01/02/2028", extension_end="01/02/2031",
    ))
    assert "tối đa thêm 36 tháng" in response.context["form"].errors["extension_end"][0]


def test_planner_records_for_any_office(client, planner, korea_agreement):
    hanoi = Unit.objects.get(code="P34-HANOI")
    client.force_login(planner)
    response = client.post(CREATE, _form_data(korea_agreement, office=hanoi.pk))
    assert response.status_code == 302
    assert CoverageCertificate.objects.get().office == hanoi


def test_leader_and_central_unit_officer_cannot_record(client, leader, make_user):
    client.force_login(leader)
    assert client.get(CREATE).status_code == 403
    board_officer = make_user(User.Role.UNIT_OFFICER, UnitFactory(kind=Unit.Kind.CENTRAL))
    client.force_login(board_officer)
    assert client.get(CREATE).status_code == 403


def test_leader_reads_every_certificate_but_cannot_edit(client, leader, unit):
    certificate = CoverageCertificateFactory(office=unit)
    client.force_login(leader)
    assert client.get(certificate.get_absolute_url()).status_code == 200
    assert client.get(reverse("agreements:coverage_update", args=[certificate.pk])).status_code == 403


def test_officer_extends_their_certificate(client, officer, korea_agreement):
    certificate = CoverageCertificateFactory(
        agreement=korea_agreement, office=officer.unit, identity_number="N7654321",
        detachment_start=datetime.date(2025, 2, 1), detachment_end=datetime.date(2028, 1, 31),
    )
    client.force_login(officer)
    response = client.post(reverse("agreements:coverage_update", args=[certificate.pk]), _form_data(
        korea_agreement, status="extended", number=certificate.number,
        extension_start="01/02/2028", extension_end="31/01/2031",
    ))
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "extended" and certificate.covered_until == datetime.date(2031, 1, 31)


def test_filters_direction_office_status_and_ending_soon(client, planner):
    today = timezone.localdate()
    hanoi, hai_phong = Unit.objects.get(code="P34-HANOI"), Unit.objects.get(code="P34-HAIPHONG")
    soon = CoverageCertificateFactory(office=hanoi, detachment_start=today - datetime.timedelta(days=400),
                                      detachment_end=today + datetime.timedelta(days=40))
    CoverageCertificateFactory(office=hanoi, detachment_start=today - datetime.timedelta(days=400),
                               detachment_end=today + datetime.timedelta(days=400))
    CoverageCertificateFactory(office=hai_phong, direction="inbound", nationality="KR",
                               detachment_start=today - datetime.timedelta(days=400),
                               detachment_end=today + datetime.timedelta(days=30))
    client.force_login(planner)
    response = client.get(LIST, {"direction": "outbound", "office": hanoi.pk, "status": "issued", "ending_within": 60})
    assert [c.pk for c in response.context["page_obj"]] == [soon.pk]


def test_counts_per_office_and_direction(client, planner):
    hanoi, hai_phong = Unit.objects.get(code="P34-HANOI"), Unit.objects.get(code="P34-HAIPHONG")
    CoverageCertificateFactory.create_batch(2, office=hanoi)
    CoverageCertificateFactory(office=hanoi, direction="inbound", nationality="KR")
    CoverageCertificateFactory(office=hai_phong, direction="inbound", nationality="KR")
    client.force_login(planner)
    response = client.get(LIST)
    counts = {row["office"].code: (row["outbound"], row["inbound"], row["total"]) for row in response.context["office_counts"]}
    assert counts == {"P34-HANOI": (2, 1, 3), "P34-HAIPHONG": (0, 1, 1)}
    assert response.context["office_totals"] == {"outbound": 2, "inbound": 2, "total": 4}


def test_excel_export_goes_through_visibility_and_filters(client, officer, other_unit):
    mine = CoverageCertificateFactory(office=officer.unit, worker_name="Phạm Thị Xuất")
    CoverageCertificateFactory(office=officer.unit, direction="inbound", nationality="KR")
    CoverageCertificateFactory(office=other_unit)
    client.force_login(officer)
    response = client.get(LIST, {"direction": "outbound", "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "Số giấy chứng nhận"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2]) for row in rows] == [(mine.number, "Phạm Thị Xuất")]
    assert rows[0][4] == datetime.datetime(1990, 3, 15)
    assert list(CoverageAccessLog.objects.filter(channel="export").values_list("certificate", flat=True)) == [mine.pk]


def test_search_finds_a_worker_without_diacritics(client, planner):
    wanted = CoverageCertificateFactory(worker_name="Nguyễn Thị Hương")
    CoverageCertificateFactory(worker_name="Trần Văn Bình")
    client.force_login(planner)
    response = client.get(LIST, {"q": "nguyen thi huong"})
    assert [c.pk for c in response.context["page_obj"]] == [wanted.pk]


def test_coverage_list_query_count_is_constant(client, planner):
    client.force_login(planner)
    CoverageCertificateFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    CoverageCertificateFactory.create_batch(12)
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(one) == len(many)


def test_coverage_detail_query_count_is_constant(client, officer):
    certificate = CoverageCertificateFactory(office=officer.unit)
    client.force_login(officer)
    certificate.documents.create(title="GCN 1", file="coverage/a.pdf", uploaded_by=officer)
    with CaptureQueriesContext(connection) as one:
        client.get(certificate.get_absolute_url())
    for n in range(6):
        certificate.documents.create(title=f"GCN {n}", file="coverage/b.pdf", uploaded_by=officer)
    with CaptureQueriesContext(connection) as many:
        client.get(certificate.get_absolute_url())
    assert len(one) == len(many)
