import datetime

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from agreements import demo
from agreements.models import Agreement, AgreementLink, CoverageCertificate
from plans.models import Assignment, Plan
from reports.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    demo.load()


def test_demo_is_idempotent(loaded):
    counts = (Agreement.objects.count(), AgreementLink.objects.count(), CoverageCertificate.objects.count(),
              Assignment.objects.count(), ProgressReport.objects.count())
    demo.load()
    assert counts == (Agreement.objects.count(), AgreementLink.objects.count(), CoverageCertificate.objects.count(),
                      Assignment.objects.count(), ProgressReport.objects.count())


def test_demo_has_the_korea_agreement_with_its_facts(loaded):
    agreement = Agreement.objects.get(title__startswith="Hiệp định giữa Cộng hòa xã hội chủ nghĩa Việt Nam và Đại Hàn")
    assert (agreement.signed_on, agreement.in_force_on) == (datetime.date(2021, 12, 14), datetime.date(2024, 1, 1))
    assert agreement.place_of_signing.startswith("Seoul")
    assert (agreement.max_detachment_months, agreement.max_extension_months) == (60, 36)
    assert "hưu trí và tử tuất" in agreement.scope
    arrangement = Agreement.objects.get(kind=Agreement.Kind.ARRANGEMENT)
    assert (arrangement.signed_on, arrangement.place_of_signing) == (datetime.date(2023, 12, 8), "Sejong, Hàn Quốc")
    assert Agreement.objects.get(number="436/QĐ-TTg").signed_on == datetime.date(2023, 4, 25)
    assert Agreement.objects.get(number="862/BHXH-TST").signed_on == datetime.date(2024, 3, 29)
    assert Agreement.objects.get(number="1711/KH-BHXH").signed_on_display == "06/2023"
    assert agreement.links_in.filter(source=arrangement, kind="implements").exists()
    assert set(Agreement.objects.filter(kind="mou").values_list("counterpart__code", flat=True)) == {"LSSO", "USAID"}


def test_demo_implementation_plan_has_illustrative_tasks_with_one_lead_each(loaded):
    plan = Plan.objects.get(number="1711/KH-BHXH", year=2023)
    assert plan.kind == Plan.Kind.AGREEMENT and plan.agreements.count() == 2
    assert plan.tasks.count() >= 12
    for task in plan.tasks.all():
        assert "(minh họa)" in task.content
        assert task.assignments.current().filter(role="lead").count() == 1
    units = set(Assignment.objects.filter(task__plan=plan).values_list("unit__code", flat=True))
    assert {"HTQT", "TST", "P34-HAIPHONG", "P34-HANOI"} <= units
    assert ProgressReport.objects.filter(assignment__task__plan=plan, status="approved").exists()


def test_demo_certificates_cover_offices_directions_and_statuses(loaded):
    certificates = CoverageCertificate.objects.all()
    assert 35 <= certificates.count() <= 45
    assert set(certificates.values_list("status", flat=True)) == set(CoverageCertificate.Status.values)
    assert set(certificates.values_list("direction", flat=True)) == set(CoverageCertificate.Direction.values)
    assert {"P34-HAIPHONG", "P34-HANOI"} <= set(certificates.values_list("office__code", flat=True))
    today = timezone.localdate()
    soon = certificates.ending_within(60).filter(covered_until__gte=today + datetime.timedelta(days=30))
    assert soon.count() >= 3
    for certificate in certificates:
        certificate.full_clean()
