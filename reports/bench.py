"""Benchmark data: the default reporting periods of every BENCH plan, and 4 progress reports per
assignment (40,000 at scale 1) spread over periods and statuses, with their workflow events.

Works on the BENCH plans that have no report yet, so a second run reports on the second batch of
plans only. Rows go in with bulk_create (no history rows, no per-row save).
"""

import datetime
import functools

from django.utils import timezone

from accounts.models import User
from core.text import fold
from plans.models import Assignment, Plan, Task

from .models import ProgressReport, ReportEvent
from .services import assignments_refresh_spending, periods_create_defaults

REPORTS_PER_ASSIGNMENT = 4
BATCH_SIZE = 5000
Status = ProgressReport.Status
# Weights of each status for periods already due, and for periods still running.
DUE_WEIGHTS = {Status.APPROVED: 60, Status.SUBMITTED: 20, Status.RETURNED: 8, Status.DRAFT: 12}
RUNNING_WEIGHTS = {Status.APPROVED: 15, Status.SUBMITTED: 40, Status.RETURNED: 0, Status.DRAFT: 45}
RESULTS = [
    "Đã cử cán bộ tham gia",
    "Đã tổ chức làm việc với đối tác",
    "Đã hoàn thành báo cáo chuyên đề",
    "Đã dịch và phổ biến tài liệu",
    "Đã phối hợp với đơn vị chủ trì",
    "Đang chuẩn bị nội dung",
]
WORK_STATUSES = [Task.Status.IN_PROGRESS, Task.Status.IN_PROGRESS, Task.Status.NOT_STARTED]
DIFFICULTIES = ["", "", "Thiếu kinh phí", "Chậm nhận phản hồi của đối tác", "Thiếu cán bộ có ngoại ngữ"]


def generate(*, scale: int, rng, stdout) -> None:
    plans = list(
        Plan.objects.filter(number__startswith="BENCH", status=Plan.Status.ISSUED)
        .exclude(pk__in=ProgressReport.objects.values("period__plan_id"))
        .order_by("pk")
    )
    officers = dict(
        User.objects.filter(username__startswith="bench-", username__endswith="-0").values_list("unit_id", "pk")
    )
    reviewer = User.objects.filter(groups__name=User.Role.CENTRAL_PLANNER).order_by("pk").values_list("pk", flat=True).first()
    # Nothing happens after the start of today, so two runs on the same day write the same rows.
    cutoff = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    reports_count = events_count = 0
    for plan in plans:
        periods_create_defaults(plan=plan)
        periods = list(plan.reporting_periods.order_by("end", "-start", "pk"))
        assignments = (
            Assignment.objects.filter(task__plan=plan)
            .select_related("task", "unit")
            .order_by("task__position", "pk")
        )
        reports = [
            _report(assignment, period, rng=rng, cutoff=cutoff, officer=officers.get(assignment.unit_id), reviewer=reviewer)
            for assignment in assignments
            for period in _periods_reported(assignment.task, periods, rng)
        ]
        reports = ProgressReport.objects.bulk_create(reports, batch_size=BATCH_SIZE)
        events = [event for report in reports for event in _events(report)]
        ReportEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        assignments_refresh_spending(assignments=Assignment.objects.filter(task__plan=plan))
        reports_count += len(reports)
        events_count += len(events)
        stdout.write(f"    {plan.number}: {len(periods)} periods, {len(reports)} reports")
    stdout.write(f"    {reports_count} reports, {events_count} report events")


def _periods_reported(task: Task, periods, rng):
    """Four periods the unit reported on: ones it owes (the task's dates overlap them) first."""
    owed = [p for p in periods if (task.start_date is None or task.start_date <= p.end) and task.deadline >= p.start]
    if len(owed) >= REPORTS_PER_ASSIGNMENT:
        return rng.sample(owed, REPORTS_PER_ASSIGNMENT)
    others = [p for p in periods if p not in owed]
    return owed + rng.sample(others, REPORTS_PER_ASSIGNMENT - len(owed))


@functools.cache
def _folded_heading(title: str, unit) -> str:
    """The folded task title and unit of a report's search text (ProgressReport.save() adds the results)."""
    return fold(f"{title} {unit.code} {unit.name_vi}")


def _moment(day: datetime.date, rng, cutoff: datetime.datetime) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59))))
    return min(moment, cutoff)


def _report(assignment: Assignment, period, *, rng, cutoff, officer, reviewer) -> ProgressReport:
    today = cutoff.date()
    weights = DUE_WEIGHTS if period.due_date < today else RUNNING_WEIGHTS
    status = rng.choices(list(weights), weights=list(weights.values()))[0]
    task = assignment.task
    done = status == Status.APPROVED and rng.random() < 0.4
    work_status = Task.Status.DONE if done else rng.choice(WORK_STATUSES)
    results = "" if status == Status.DRAFT and rng.random() < 0.5 else f"BENCH {rng.choice(RESULTS)}"
    report = ProgressReport(
        assignment=assignment,
        period=period,
        unit=assignment.unit,
        status=status,
        work_status=work_status,
        progress=100 if done else rng.randint(0, 90),
        results=results,
        difficulties_and_proposals=rng.choice(DIFFICULTIES),
        amount_spent=rng.randint(0, 20) * 1_000_000,
        created_by_id=officer,
        search_text=f"{_folded_heading(task.title, assignment.unit)} {fold(results)}".strip(),
    )
    if status != Status.DRAFT:
        earliest = min(max(period.end - datetime.timedelta(days=20), period.start), today)
        latest = max(min(period.due_date + datetime.timedelta(days=15), today), earliest)
        submitted = _moment(earliest + datetime.timedelta(days=rng.randint(0, (latest - earliest).days)), rng, cutoff)
        report.first_submitted_at = report.submitted_at = submitted
        report.submitted_by_id = officer
    if status in (Status.RETURNED, Status.APPROVED):
        report.reviewed_at = min(report.submitted_at + datetime.timedelta(days=rng.randint(1, 10)), cutoff)
        report.reviewed_by_id = reviewer
        if status == Status.RETURNED:
            report.review_comment = "BENCH Đề nghị bổ sung số liệu"
    return report


def _events(report: ProgressReport) -> list[ReportEvent]:
    """The report's workflow, as the services would have recorded it; reviews count as already notified."""
    saved_at = report.first_submitted_at or timezone.make_aware(datetime.datetime.combine(report.period.start, datetime.time(9)))
    events = [ReportEvent(report=report, action=ReportEvent.Action.SAVED, actor_id=report.created_by_id, at=saved_at)]
    if report.first_submitted_at:
        events.append(ReportEvent(
            report=report, action=ReportEvent.Action.SUBMITTED, actor_id=report.submitted_by_id, at=report.submitted_at,
        ))
    if report.reviewed_at:
        action = ReportEvent.Action.RETURNED if report.status == Status.RETURNED else ReportEvent.Action.APPROVED
        events.append(ReportEvent(
            report=report, action=action, actor_id=report.reviewed_by_id, at=report.reviewed_at,
            comment=report.review_comment, notified_at=report.reviewed_at,
        ))
    return events
