"""Demo reports: Plan 234/KH-BHXH (2024: most approved, some late, one returned) and the current-year
plan (drafts, submitted, returned and missing), so the review queue and completeness table show
something real. Written straight to the tables, without mail or task updates; idempotent."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User
from plans.models import Assignment, Plan, Task

from .models import ProgressReport, ReportEvent, ReportingPeriod, expected_reports
from .services import assignments_refresh_spending, periods_create_defaults

PLAN_2024 = ("234/KH-BHXH", 2024)
S = ProgressReport.Status

RESULTS = [
    "Đã hoàn thành các nội dung theo kế hoạch; có văn bản báo cáo kèm theo.",
    "Đã phối hợp với các đơn vị liên quan triển khai; kết quả đạt yêu cầu đề ra.",
    "Đã tổ chức làm việc với đối tác, thống nhất nội dung và lộ trình thực hiện.",
    "Đã xây dựng dự thảo, lấy ý kiến các đơn vị và hoàn thiện theo góp ý.",
]
DIFFICULTIES = [
    "",
    "Thời gian chuẩn bị ngắn; đề nghị bố trí kinh phí sớm hơn.",
    "Cần thêm hướng dẫn nghiệp vụ sau sắp xếp tổ chức bộ máy.",
]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _work(task: Task, period: ReportingPeriod) -> tuple[str, int]:
    """What the task's state was at the end of the period, taking its final state as the last word."""
    if period.end >= task.deadline:
        return task.status, task.progress
    start = task.start_date or datetime.date(period.end.year, 1, 1)
    if period.end < start:
        return Task.Status.NOT_STARTED, 0
    share = (period.end - start).days / max((task.deadline - start).days, 1)
    progress = max(5, min(95, round(task.progress * share / 5) * 5))
    return Task.Status.IN_PROGRESS, progress


def _reporting_unit(assignment: Assignment, period: ReportingPeriod) -> Unit:
    """The unit that wrote the period's report: the originally assigned unit if the task has since
    moved to a successor that did not yet exist."""
    unit = assignment.unit
    if unit.valid_from and unit.valid_from > period.end:
        first = assignment.history.order_by("history_date", "history_id").first()
        if first is not None:
            return Unit.objects.get(pk=first.unit_id)
    return unit


def _create(assignment, period, *, status, submitted_on=None, reviewed_on=None, comment="", index=0, officers, central):
    work_status, progress = _work(assignment.task, period)
    unit = _reporting_unit(assignment, period)
    reporter = officers.get(unit.pk)
    submitted_at = _at(submitted_on) if submitted_on else None
    reviewed_at = _at(reviewed_on, 15) if reviewed_on else None
    budget = assignment.task.budget or 0
    report = ProgressReport.objects.create(
        assignment=assignment,
        period=period,
        unit=unit,
        status=status,
        work_status=work_status,
        progress=progress,
        results=RESULTS[index % len(RESULTS)],
        difficulties_and_proposals=DIFFICULTIES[index % len(DIFFICULTIES)],
        amount_spent=(budget * progress // 100 // 1_000_000 * 1_000_000) if assignment.role == Assignment.Role.LEAD else 0,
        created_by=reporter,
        first_submitted_at=submitted_at,
        submitted_at=submitted_at,
        submitted_by=reporter if submitted_at else None,
        reviewed_at=reviewed_at,
        reviewed_by=central if reviewed_at else None,
        review_comment=comment,
    )
    events = [ReportEvent(report=report, action=ReportEvent.Action.SAVED, actor=reporter,
                          at=(submitted_at or timezone.now()) - datetime.timedelta(days=2))]
    if submitted_at:
        events.append(ReportEvent(report=report, action=ReportEvent.Action.SUBMITTED, actor=reporter, at=submitted_at))
    if reviewed_at:
        action = ReportEvent.Action.RETURNED if status == S.RETURNED else ReportEvent.Action.APPROVED
        events.append(ReportEvent(report=report, action=action, actor=central, at=reviewed_at, comment=comment,
                                  notified_at=reviewed_at))
    ReportEvent.objects.bulk_create(events)
    return report


def _pairs(plan: Plan, today: datetime.date):
    rows = expected_reports(Assignment.objects.filter(task__plan=plan), start__lte=today).values_list("pk", "period_id")
    assignments = Assignment.objects.select_related("task", "unit").in_bulk({a for a, _p in rows})
    periods = ReportingPeriod.objects.in_bulk({p for _a, p in rows})
    pairs = [(assignments[a], periods[p]) for a, p in rows]
    return sorted(pairs, key=lambda pair: (pair[1].end, pair[1].start, pair[0].task.position, pair[0].role, pair[0].unit.code))


def _load_2024(plan, *, officers, central, today):
    pairs = _pairs(plan, today)
    hai_duong = Unit.objects.filter(code="P63-HAIDUONG").first()
    returned = next(
        (pair for pair in pairs
         if pair[1].kind == ReportingPeriod.Kind.ANNUAL and _reporting_unit(*pair) == hai_duong),
        None,
    )
    for index, (assignment, period) in enumerate(pairs):
        if ProgressReport.objects.filter(assignment=assignment, period=period).exists():
            continue
        if index % 6 == 3:  # late
            submitted_on = period.due_date + datetime.timedelta(days=4 + index % 9)
        else:
            submitted_on = period.due_date - datetime.timedelta(days=index % 7)
        common = {"submitted_on": submitted_on, "index": index, "officers": officers, "central": central}
        if (assignment, period) == returned:
            _create(assignment, period, status=S.RETURNED, reviewed_on=submitted_on + datetime.timedelta(days=3),
                    comment="Đề nghị bổ sung số liệu kinh phí đã sử dụng và đính kèm báo cáo kết quả.", **common)
        else:
            _create(assignment, period, status=S.APPROVED, reviewed_on=submitted_on + datetime.timedelta(days=2), **common)


def _load_current(plan, *, officers, central, today):
    pairs = _pairs(plan, today)
    returned = {}  # one returned report for each demo officer's unit: its first pair in an open period
    for assignment, period in pairs:
        if period.due_date >= today and assignment.unit_id in officers:
            returned.setdefault(assignment.unit_id, (assignment, period))
    for index, (assignment, period) in enumerate(pairs):
        if ProgressReport.objects.filter(assignment=assignment, period=period).exists():
            continue
        common = {"index": index, "officers": officers, "central": central}
        if period.due_date < today:  # past periods: mostly approved, some late, some missing or awaiting review
            pattern = index % 7
            if pattern == 0:
                continue  # missing
            submitted_on = min(
                period.due_date + datetime.timedelta(days=5) if pattern == 1 else period.due_date - datetime.timedelta(days=2),
                today,
            )
            if pattern == 2:
                _create(assignment, period, status=S.SUBMITTED, submitted_on=submitted_on, **common)
            else:
                _create(assignment, period, status=S.APPROVED, submitted_on=submitted_on,
                        reviewed_on=min(submitted_on + datetime.timedelta(days=3), today), **common)
            continue
        if returned.get(assignment.unit_id) == (assignment, period):
            submitted_on = max(period.start, today - datetime.timedelta(days=6))
            _create(assignment, period, status=S.RETURNED, submitted_on=submitted_on,
                    reviewed_on=min(submitted_on + datetime.timedelta(days=2), today),
                    comment="Đề nghị nêu rõ kết quả đạt được so với kết quả dự kiến của nhiệm vụ.", **common)
            continue
        pattern = index % 4
        if pattern == 0:
            _create(assignment, period, status=S.DRAFT, **common)
        elif pattern == 1:
            submitted_on = max(period.start, today - datetime.timedelta(days=3))
            _create(assignment, period, status=S.SUBMITTED, submitted_on=submitted_on, **common)
        # patterns 2 and 3: not written yet


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def load(stdout=None) -> None:
    today = timezone.localdate()
    central = User.objects.filter(username="central").first()
    officers = {}  # unit id -> the demo officer who reports for it (own unit first, then predecessors)
    demo_officers = list(User.objects.filter(username__in=["haiduong", "haiphong", "hanoi", "tst"]).select_related("unit"))
    for user in demo_officers:
        officers[user.unit_id] = user
    for user in demo_officers:
        for unit_id in user.unit_lineage_ids:
            officers.setdefault(unit_id, user)
    plan_2024 = Plan.objects.filter(number=PLAN_2024[0], year=PLAN_2024[1], status=Plan.Status.ISSUED).first()
    current = (
        Plan.objects.filter(year=today.year, kind=Plan.Kind.ANNUAL, status=Plan.Status.ISSUED)
        .exclude(number="").order_by("pk").first()
    )
    if central is None or (plan_2024 is None and current is None):
        _say(stdout, "  reports: the demo plans are missing (load the plans demo first); no demo report created")
        return
    if plan_2024 is not None:
        periods_create_defaults(plan=plan_2024)
        _load_2024(plan_2024, officers=officers, central=central, today=today)
    else:
        _say(stdout, "  reports: Plan 234/KH-BHXH not found; its demo reports were skipped")
    if current is not None:
        periods_create_defaults(plan=current)
        _load_current(current, officers=officers, central=central, today=today)
    else:
        _say(stdout, f"  reports: no issued plan for {today.year}; its demo reports were skipped")
    assignments_refresh_spending(assignments=Assignment.objects.filter(task__plan__in=[p for p in (plan_2024, current) if p]))
