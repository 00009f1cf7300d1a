"""A conference's outcome goes through the engine: filing it submits the lead unit's progress report on the
plan task for review, and only the reviewer's approval completes the task and counts its spending."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Unit
from conferences import services
from conferences.models import Conference
from plans.models import Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.models import ProgressReport, ReportEvent
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, submitted_report

from .factories import HeldConferenceFactory

pytestmark = pytest.mark.django_db
D = datetime.date
JULY_16 = D(2024, 7, 16)


def _plan_with_periods(year=2024):
    """A plan with its four quarters and the whole year (the default periods)."""
    plan = PlanFactory(year=year)
    quarters = [
        ReportingPeriodFactory(plan=plan, label=f"Quý {n}/{year}", start=D(year, 3 * n - 2, 1),
                               end=D(year, 3 * n, 30 if n in (2, 3) else 31))
        for n in range(1, 5)
    ]
    whole = ReportingPeriodFactory(plan=plan, kind="annual", label=f"Năm {year}", start=D(year, 1, 1), end=D(year, 12, 31))
    return plan, quarters, whole


def _held(task, end=JULY_16):
    return HeldConferenceFactory(task=task, start_date=end - datetime.timedelta(days=1), end_date=end,
                                 registration_deadline=None)


def _file(conference, by, text="Tập huấn 120 cán bộ của 15 BHXH tỉnh.", **data):
    return services.conference_file_report(conference=conference, data={"report_text": text, **data}, by=by)


def test_outcome_goes_through_review_to_the_task_and_the_dashboard_spending(client, planner, leader):
    plan, quarters, _whole = _plan_with_periods()
    lead = Unit.objects.get(code="HTQT")
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), category=Task.Category.TRAINING, lead=lead, budget=500_000_000)
    conference = _held(task)
    client.force_login(planner)

    response = client.post(reverse("conferences:conference_report", args=[conference.pk]), {
        "report_text": "Tập huấn 120 cán bộ của 15 BHXH tỉnh.", "actual_budget": "420000000",
    }, follow=True)
    assert "báo cáo tiến độ của đơn vị chủ trì về nhiệm vụ đã được gửi để xét duyệt" in response.content.decode()
    report = ProgressReport.objects.get(assignment__task=task)
    assert (report.unit, report.period, report.status) == (lead, quarters[2], ProgressReport.Status.SUBMITTED)
    assert (report.work_status, report.progress, report.amount_spent) == (Task.Status.DONE, 100, 420_000_000)
    assert report.results == "Tập huấn 120 cán bộ của 15 BHXH tỉnh."
    assert (report.created_by, report.submitted_by, report.history.first().history_user) == (planner, planner, planner)
    assert list(report.events.values_list("action", flat=True)) == [ReportEvent.Action.SAVED, ReportEvent.Action.SUBMITTED]
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.NOT_STARTED, 0)  # nothing moves before the review

    queue = client.get(reverse("reports:report_list"))
    assert report.get_absolute_url() in queue.content.decode()
    response = client.post(reverse("reports:report_approve", args=[report.pk]), {"lock_version": report.lock_version})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.progress) == (Task.Status.DONE, 100)

    client.force_login(leader)
    dashboard = client.get(reverse("dashboard:dashboard"), {"plan": plan.pk})
    assert sum(row["spent"] for row in dashboard.context["budget"]) == 420_000_000


def test_outcome_goes_to_the_plans_last_period_when_none_holds_the_last_day(planner):
    plan = PlanFactory(year=2024)
    ReportingPeriodFactory(plan=plan, label="Quý I/2024")
    last = ReportingPeriodFactory(plan=plan, label="Quý II/2024", start=D(2024, 4, 1), end=D(2024, 6, 30))
    task = TaskFactory(objective=ObjectiveFactory(plan=plan))
    _file(_held(task, end=D(2024, 7, 16)), planner)
    assert ProgressReport.objects.get(assignment__task=task).period == last


def test_outcome_completes_the_lead_units_draft_and_keeps_its_other_words(planner):
    plan, quarters, _whole = _plan_with_periods()
    task = TaskFactory(objective=ObjectiveFactory(plan=plan))
    draft = ProgressReportFactory(
        assignment=task.assignments.get(), period=quarters[2], amount_spent=90_000_000,
        difficulties_and_proposals="Đề nghị bổ sung kinh phí.",
    )
    _file(_held(task), planner)
    draft.refresh_from_db()
    assert (draft.status, draft.progress, draft.amount_spent) == (ProgressReport.Status.SUBMITTED, 100, 90_000_000)
    assert draft.difficulties_and_proposals == "Đề nghị bổ sung kinh phí."
    assert ProgressReport.objects.filter(assignment__task=task).count() == 1


def test_outcome_takes_the_next_period_holding_the_day_when_the_quarter_is_under_review(planner):
    plan, quarters, whole = _plan_with_periods()
    task = TaskFactory(objective=ObjectiveFactory(plan=plan))
    submitted_report(task.assignments.get(), quarters[2])
    _file(_held(task), planner)
    assert ProgressReport.objects.get(assignment__task=task, period=whole).status == ProgressReport.Status.SUBMITTED


def test_outcome_is_refused_when_no_report_holding_the_day_can_change(planner):
    plan, quarters, whole = _plan_with_periods()
    task = TaskFactory(objective=ObjectiveFactory(plan=plan))
    for period in (quarters[2], whole):
        submitted_report(task.assignments.get(), period)
    conference = _held(task)
    with pytest.raises(ValidationError, match="Quý 3/2024"):
        _file(conference, planner)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD and not conference.report_text


def test_outcome_of_a_task_whose_plan_has_no_periods_is_refused_and_nothing_is_filed(planner):
    task = TaskFactory()
    conference = _held(task)
    with pytest.raises(ValidationError):
        _file(conference, planner)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD and not ProgressReport.objects.exists()


@pytest.mark.parametrize("change", ["cancelled task", "closed plan"])
def test_outcome_of_a_cancelled_task_or_a_closed_plan_files_no_report(planner, change):
    plan, _quarters, _whole = _plan_with_periods()
    task = TaskFactory(objective=ObjectiveFactory(plan=plan))
    if change == "cancelled task":
        Task.objects.filter(pk=task.pk).update(status=Task.Status.CANCELLED)
    else:
        type(plan).objects.filter(pk=plan.pk).update(status=type(plan).Status.CLOSED)
    conference = _held(task)
    _file(conference, planner, actual_budget=1)
    conference.refresh_from_db()
    assert conference.status == Conference.Status.REPORT_FILED and not ProgressReport.objects.exists()


def test_a_conference_without_a_task_files_only_its_own_report(planner):
    conference = _file(HeldConferenceFactory(), planner)
    assert conference.status == Conference.Status.REPORT_FILED and not ProgressReport.objects.exists()


def test_only_organisers_file_the_outcome(client, officer, leader):
    plan, _quarters, _whole = _plan_with_periods()
    conference = _held(TaskFactory(objective=ObjectiveFactory(plan=plan), lead=officer.unit))
    with pytest.raises(PermissionDenied):
        _file(conference, officer)
    client.force_login(leader)
    url = reverse("conferences:conference_report", args=[conference.pk])
    assert client.post(url, {"report_text": "x"}).status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    "name,content",
    [("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00"), ("bao-cao.pdf", b"<!doctype html><script>alert(1)</script>"),
     ("bao-cao.exe", b"MZ\x90\x00")],
    ids=["exe renamed pdf", "html renamed pdf", "exe"],
)
def test_outcome_file_is_checked_by_its_content(client, planner, name, content):
    conference = HeldConferenceFactory()
    client.force_login(planner)
    response = client.post(reverse("conferences:conference_report", args=[conference.pk]), {
        "report_text": "Kết quả tốt.", "report_file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["report_file"]
    conference.refresh_from_db()
    assert conference.status == Conference.Status.HELD and not conference.report_file


def test_outcome_file_is_served_privately_and_a_missing_one_is_404(client, planner):
    from django.core.files.storage import default_storage

    conference = HeldConferenceFactory()
    client.force_login(planner)
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 outcome", content_type="application/pdf")
    client.post(reverse("conferences:conference_report", args=[conference.pk]), {"report_text": "Tốt.", "report_file": pdf})
    conference.refresh_from_db()
    url = reverse("conferences:report_file_download", args=[conference.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 outcome"
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    assert f"outcome-report-{conference.pk}.pdf" in response["Content-Disposition"]
    default_storage.delete(conference.report_file.name)
    assert client.get(url).status_code == 404
