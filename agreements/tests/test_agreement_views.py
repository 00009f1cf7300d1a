"""The register of instruments: list, search, filters, export, detail with implementation, forms."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Unit, User
from agreements.models import Agreement, AgreementLink
from agreements.tests.factories import (
    AgreementDocumentFactory,
    AgreementFactory,
    CoverageCertificateFactory,
    SocialInsuranceAgreementFactory,
)
from plans.models import Assignment, Plan, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, submitted_report

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:agreement_list")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form_data(**overrides):
    data = {
        "kind": "mou", "number": "", "title": "Bản ghi nhớ hợp tác với Cơ quan An sinh xã hội Lào", "status": "signed",
        "counterpart": Unit.objects.get(code="LSSO").pk, "parties": [Unit.objects.get(code="VSS").pk],
        "place_of_signing": "Viêng Chăn", "signed_on": "15/03/2024", "signed_on_precision": "day", "in_force_on": "",
        "expires_on": "", "duration": "5 năm", "renewal": "", "scope": "Trao đổi kinh nghiệm", "signatories": "",
        "contact_persons": "", "max_detachment_months": "", "max_extension_months": "", "notes": "", "lock_version": "0",
        "document_title": "",
    }
    data.update(overrides)
    return data


def test_register_search_ignores_diacritics(client, officer):
    AgreementFactory(title="Hiệp định về bảo hiểm xã hội với Hàn Quốc")
    AgreementFactory(title="Bản ghi nhớ với Lào")
    client.force_login(officer)
    response = client.get(LIST, {"q": "han quoc"})
    titles = [a.title for a in response.context["page_obj"]]
    assert titles == ["Hiệp định về bảo hiểm xã hội với Hàn Quốc"]


def test_register_filters_by_partner_kind_and_status(client, officer):
    lsso, nps = Unit.objects.get(code="LSSO"), Unit.objects.get(code="NPS")
    wanted = AgreementFactory(counterpart=lsso, kind="mou", status="signed")
    party_only = AgreementFactory(kind="mou", status="signed")
    party_only.parties.add(lsso)
    AgreementFactory(counterpart=nps, kind="mou", status="signed")
    AgreementFactory(counterpart=lsso, kind="programme", status="signed")
    AgreementFactory(counterpart=lsso, kind="mou", status="negotiating", signed_on=None)
    client.force_login(officer)
    response = client.get(LIST, {"partner": lsso.pk, "kind": "mou", "status": "signed"})
    assert {a.pk for a in response.context["page_obj"]} == {wanted.pk, party_only.pk}


def test_register_excel_export_has_the_filtered_rows_and_real_dates(client, officer):
    AgreementFactory(title="Hiệp định A", kind="agreement", signed_on=datetime.date(2021, 12, 14))
    AgreementFactory(title="Bản ghi nhớ B", kind="mou")
    client.force_login(officer)
    response = client.get(LIST, {"kind": "agreement", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    assert sheet["A1"].value == "Số hiệu văn bản"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][1] == "Hiệp định A"
    assert rows[0][6] == datetime.datetime(2021, 12, 14)


def test_register_query_count_is_constant(client, officer):
    client.force_login(officer)
    AgreementFactory(counterpart=Unit.objects.get(code="LSSO")).parties.add(Unit.objects.get(code="VSS"))
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(8):
        AgreementFactory(counterpart=Unit.objects.get(code="NPS")).parties.add(Unit.objects.get(code="VSS"))
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(one) == len(many)


def _implemented_agreement(units):
    agreement = SocialInsuranceAgreementFactory()
    plan = PlanFactory(kind=Plan.Kind.AGREEMENT, year=2024, number="1711/KH-BHXH")
    agreement.implementation_plans.add(plan)
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(objective=objective, lead=units[0], deadline=datetime.date(2024, 3, 31), title="Phổ biến Hiệp định")
    TaskFactory(objective=objective, lead=units[1], coordinating=[units[0]], status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, lead=units[1], deadline=datetime.date(2099, 12, 31), status=Task.Status.IN_PROGRESS)
    return agreement


def test_agreement_page_shows_tasks_by_status_late_tasks_and_units(client, planner, unit, other_unit):
    agreement = _implemented_agreement([unit, other_unit])
    client.force_login(planner)
    response = client.get(agreement.get_absolute_url())
    assert response.status_code == 200
    by_status = {value: n for value, _label, n in response.context["tasks_by_status"]}
    assert by_status == {"not_started": 1, "in_progress": 1, "done": 1, "cancelled": 0}
    assert response.context["late_count"] == 1
    assert [t.title for t in response.context["late_tasks"]] == ["Phổ biến Hiệp định"]
    units = {row["unit"]: (row["lead"], row["coordinating"]) for row in response.context["units_involved"]}
    assert units == {unit: (1, 1), other_unit: (2, 0)}
    assert "Phổ biến Hiệp định" in response.content.decode()


def test_agreement_page_shows_an_officer_only_their_units_tasks(client, officer, unit, other_unit):
    agreement = _implemented_agreement([unit, other_unit])
    client.force_login(officer)
    response = client.get(agreement.get_absolute_url())
    assert response.context["task_total"] == 2  # the task it leads and the one it coordinates
    assert {row["unit"] for row in response.context["units_involved"]} == {unit, other_unit}


def test_agreement_page_shows_latest_reports_the_user_may_see(client, officer, unit, other_unit):
    agreement = _implemented_agreement([unit, other_unit])
    plan = agreement.implementation_plans.get()
    period = ReportingPeriodFactory(plan=plan)
    own = submitted_report(Assignment.objects.get(unit=unit, role="lead"), period)
    submitted_report(Assignment.objects.filter(unit=other_unit, role="lead").first(), period)
    ProgressReportFactory(assignment=Assignment.objects.get(unit=unit, role="coordinating"), period=period)  # a draft
    client.force_login(officer)
    response = client.get(agreement.get_absolute_url())
    assert list(response.context["latest_reports"]) == [own]
    assert own.get_absolute_url() in response.content.decode()


def test_agreement_page_counts_certificates_the_user_may_see(client, officer, unit, other_unit):
    agreement = SocialInsuranceAgreementFactory()
    CoverageCertificateFactory(agreement=agreement, office=unit)
    CoverageCertificateFactory(agreement=agreement, office=other_unit, direction="inbound", nationality="KR")
    client.force_login(officer)
    response = client.get(agreement.get_absolute_url())
    assert response.context["certificate_total"] == 1


def test_agreement_page_query_count_is_constant(client, planner, unit, other_unit):
    agreement = _implemented_agreement([unit, other_unit])
    client.force_login(planner)
    with CaptureQueriesContext(connection) as one:
        client.get(agreement.get_absolute_url())
    plan = agreement.implementation_plans.get()
    period = ReportingPeriodFactory(plan=plan)
    for _ in range(5):
        task = TaskFactory(objective=plan.objectives.first(), lead=other_unit, deadline=datetime.date(2024, 6, 30))
        submitted_report(task.assignments.get(), period)
        AgreementDocumentFactory(agreement=agreement)
        AgreementLink.objects.create(source=AgreementFactory(), target=agreement, kind="implements")
        CoverageCertificateFactory(agreement=agreement, office=unit)
    with CaptureQueriesContext(connection) as many:
        client.get(agreement.get_absolute_url())
    assert len(one) == len(many)


def test_planner_records_an_mou_with_a_document_and_a_plan(client, planner):
    plan = PlanFactory(kind=Plan.Kind.AGREEMENT, number="9/KH-BHXH")
    client.force_login(planner)
    data = _form_data(implementation_plans=[plan.pk], document_title="Bản ký",
                      document=SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf"))
    response = client.post(reverse("agreements:agreement_create"), data)
    agreement = Agreement.objects.get(title__startswith="Bản ghi nhớ hợp tác với Cơ quan")
    assert response.status_code == 302 and response.url == agreement.get_absolute_url()
    assert list(agreement.implementation_plans.all()) == [plan]
    assert agreement.created_by == planner
    document = agreement.documents.get()
    assert document.title == "Bản ký" and document.file.read().startswith(b"%PDF")
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_create_form_refuses_a_file_that_is_not_a_pdf(client, planner):
    client.force_login(planner)
    data = _form_data(document=SimpleUploadedFile("mou.pdf", b"MZ not a pdf", content_type="application/pdf"))
    response = client.post(reverse("agreements:agreement_create"), data)
    assert response.status_code == 200
    # The one upload check of core.uploads, by content: "not one of the accepted kinds (PDF)".
    assert [error.code for error in response.context["form"].errors.as_data()["document"]] == ["type"]
    assert not Agreement.objects.exists()


def test_create_form_checks_the_number_of_a_vietnamese_decision(client, planner):
    client.force_login(planner)
    response = client.post(reverse("agreements:agreement_create"), _form_data(kind="decision", number="436/KH-TTg"))
    assert "number" in response.context["form"].errors
    response = client.post(reverse("agreements:agreement_create"), _form_data(kind="decision", number="436/QĐ-TTg"))
    assert response.status_code == 302


def test_guidance_letter_may_be_an_official_letter_without_type_code():
    letter = AgreementFactory.build(kind="guidance", number="862/BHXH-TST", signed_on=datetime.date(2024, 3, 29))
    letter.full_clean()
    plan = AgreementFactory.build(kind="plan", number="862/BHXH-TST")
    with pytest.raises(Exception, match="type code|mã loại|KH"):
        plan.full_clean()


def test_in_force_instrument_needs_its_date(client, planner):
    client.force_login(planner)
    response = client.post(reverse("agreements:agreement_create"), _form_data(status="in_force"))
    assert "in_force_on" in response.context["form"].errors


def test_edit_conflict_keeps_the_other_change_and_explains(client, planner, make_user):
    agreement = AgreementFactory(title="Bản ghi nhớ cũ", counterpart=Unit.objects.get(code="LSSO"))
    client.force_login(planner)
    other = make_user(User.Role.CENTRAL_PLANNER)
    from agreements import services

    services.agreement_update(agreement=agreement, expected_version=0, data={"notes": "Sửa trước"}, by=other)
    response = client.post(reverse("agreements:agreement_update", args=[agreement.pk]), _form_data(title="Sửa sau"))
    assert response.status_code == 200
    assert "Chưa lưu" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Bản ghi nhớ cũ" and agreement.notes == "Sửa trước"


def test_edit_saves_with_the_current_version(client, planner):
    agreement = AgreementFactory(counterpart=Unit.objects.get(code="LSSO"))
    client.force_login(planner)
    response = client.post(reverse("agreements:agreement_update", args=[agreement.pk]), _form_data(title="Tên mới"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Tên mới" and agreement.lock_version == 1


def test_link_between_instruments_reads_both_ways(client, planner):
    agreement = SocialInsuranceAgreementFactory(title="Hiệp định")
    arrangement = AgreementFactory(title="Thỏa thuận hành chính", kind="arrangement")
    client.force_login(planner)
    client.post(reverse("agreements:agreement_link_add", args=[arrangement.pk]),
                {"kind": "implements", "target": agreement.pk})
    link = AgreementLink.objects.get()
    assert (link.source, link.kind, link.target) == (arrangement, "implements", agreement)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "được thực hiện bởi" in page and "Thỏa thuận hành chính" in page
    response = client.post(reverse("agreements:agreement_link_add", args=[arrangement.pk]),
                           {"kind": "implements", "target": agreement.pk}, follow=True)
    assert AgreementLink.objects.count() == 1
    assert any(m.level_tag == "error" for m in response.context["messages"])
    client.post(reverse("agreements:agreement_link_remove", args=[agreement.pk, link.pk]))
    assert not AgreementLink.objects.exists()


def test_officer_cannot_edit_the_register(client, officer):
    agreement = AgreementFactory()
    client.force_login(officer)
    assert client.get(reverse("agreements:agreement_create")).status_code == 403
    assert client.post(reverse("agreements:agreement_update", args=[agreement.pk]), _form_data()).status_code == 403
    assert "Ghi nhận văn bản" not in client.get(LIST).content.decode()


def test_leader_reads_but_cannot_edit_the_register(client, leader):
    agreement = AgreementFactory()
    client.force_login(leader)
    assert client.get(agreement.get_absolute_url()).status_code == 200
    assert client.get(reverse("agreements:agreement_update", args=[agreement.pk])).status_code == 403
