import io

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from plans import demo as plans_demo
from plans.models import Plan
from reports import demo
from reports.completeness import completeness_table
from reports.models import ProgressReport
from reports.worklist import unit_work, work_items

S = ProgressReport.Status


@pytest.fixture
def demo_data(db):
    accounts_demo.load()
    plans_demo.load()
    demo.load()


@pytest.mark.django_db
def test_demo_without_plans_says_so_and_creates_nothing():
    out = io.StringIO()
    demo.load(stdout=out)
    assert "missing" in out.getvalue()
    assert not ProgressReport.objects.exists()


def test_demo_is_idempotent(demo_data):
    before = (ProgressReport.objects.count(), sorted(ProgressReport.objects.values_list("status", flat=True)))
    demo.load()
    assert (ProgressReport.objects.count(), sorted(ProgressReport.objects.values_list("status", flat=True))) == before


def test_demo_plan_234_is_mostly_approved_some_late_one_returned(demo_data):
    plan = Plan.objects.get(number="234/KH-BHXH", year=2024)
    reports = ProgressReport.objects.filter(period__plan=plan).select_related("period", "unit")
    statuses = [r.status for r in reports]
    assert statuses.count(S.RETURNED) == 1
    assert statuses.count(S.APPROVED) > 0.9 * len(statuses)
    assert 0 < sum(r.is_late for r in reports) < len(statuses) / 2
    returned = reports.get(status=S.RETURNED)
    assert returned.unit.code == "P63-HAIDUONG" and returned.review_comment
    assert returned.events.filter(action="returned").exists()


def test_demo_current_plan_has_every_kind_of_report_and_missing_ones(demo_data):
    plan = Plan.objects.get(year=timezone.localdate().year, number="58/KH-BHXH")
    statuses = set(ProgressReport.objects.filter(period__plan=plan).values_list("status", flat=True))
    assert {S.DRAFT, S.SUBMITTED, S.RETURNED} <= statuses
    table = completeness_table(plan=plan, user=User.objects.get(username="central"))
    assert table.total.expected > table.total.submitted  # some not written yet


def test_demo_officers_see_their_returned_report_first(demo_data):
    for username in ("haiphong", "hanoi"):
        items = work_items(unit_work(User.objects.get(username=username))[:5])
        assert items and items[0].report and items[0].report.status == S.RETURNED, username


def test_demo_hai_duong_returned_report_is_hai_phongs_to_correct_and_stays_readable(demo_data):
    """Hải Dương ended on 30/06/2025: its open reporting work is Hải Phòng's by itself, its report keeps
    its unit, and the Hải Dương officer reads it but, after the grace period, no longer writes it."""
    returned = ProgressReport.objects.get(status=S.RETURNED, unit__code="P63-HAIDUONG")
    haiduong, haiphong = User.objects.get(username="haiduong"), User.objects.get(username="haiphong")
    assert returned.pk in {item.report.pk for item in work_items(unit_work(haiphong)) if item.report}
    assert returned.is_editable_by(haiphong)
    assert not work_items(unit_work(haiduong))
    assert returned in ProgressReport.objects.visible_to(haiduong)
    assert not returned.is_editable_by(haiduong)
