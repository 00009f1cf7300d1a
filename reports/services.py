"""Writes to reporting periods, progress reports and their evidence. Every function is one
transaction, checks the permission it needs and records who acted in the history."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import signals as core_signals
from core.locking import EditConflict, save_with_lock
from plans.access import may_manage_plans
from plans.models import Assignment, Plan, Task
from plans.services import task_record_progress

from .access import can_start_report
from .models import (
    ProgressReport,
    ReportAttachment,
    ReportEvent,
    ReportingPeriod,
    is_open_for_reports,
    may_review_reports,
    may_submit_report_on,
    periods_may_change,
)
from .tasks import notify_reporter

DEFAULT_DUE_DAYS = 10
REPORT_FIELDS = ["work_status", "progress", "results", "difficulties_and_proposals", "amount_spent"]
PERIOD_FIELDS = ["kind", "label", "start", "end", "data_from", "data_to", "due_date"]
ROMAN = ["I", "II", "III", "IV"]


# --- Reporting periods ------------------------------------------------------------------------


def _require_period_manager(plan: Plan, by: User | None) -> None:
    """A central planner (`by=None`: the portal itself, e.g. the demo data), on a plan whose periods may change."""
    if by is not None and not may_manage_plans(by):
        raise PermissionDenied
    if not periods_may_change(plan):
        raise ValidationError(_("Reporting periods of a closed or discarded plan cannot change."))


DEFAULT_KINDS = (ReportingPeriod.Kind.QUARTER, ReportingPeriod.Kind.HALF_YEAR, ReportingPeriod.Kind.ANNUAL)
DEFAULT_KIND_CHOICES = (
    ReportingPeriod.Kind.MONTH, ReportingPeriod.Kind.QUARTER, ReportingPeriod.Kind.HALF_YEAR,
    ReportingPeriod.Kind.NINE_MONTHS, ReportingPeriod.Kind.ANNUAL,
)


def _month_end(year: int, month: int) -> datetime.date:
    return (datetime.date(year, month, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def _cut_off_start(year: int, month: int) -> datetime.date:
    """The 15th of the month before `month` (Decree 09/2019/NĐ-CP, Art. 12)."""
    return datetime.date(year - 1, 12, 15) if month == 1 else datetime.date(year, month - 1, 15)


def _default_periods(year: int, due_days: int, kinds=DEFAULT_KINDS) -> list[dict]:
    """The calendar periods of `kinds` (months, quarters, the first six and nine months, the year),
    each due `due_days` after it ends, with the data window of Decree 09/2019/NĐ-CP, Art. 12: from the
    15th of the month before the period to the 14th of its last month (the year: 15/12 before to 14/12).
    Labels are data, written in Vietnamese, the language of the plan itself."""
    due = datetime.timedelta(days=due_days)
    kind = ReportingPeriod.Kind
    spans = []  # (kind, label, first month, last month)
    with translation.override(settings.LANGUAGE_CODE):
        if kind.MONTH in kinds:
            spans += [(kind.MONTH, _("Month %(month)s/%(year)s") % {"month": m, "year": year}, m, m) for m in range(1, 13)]
        if kind.QUARTER in kinds:
            spans += [
                (kind.QUARTER, _("Quarter %(numeral)s/%(year)s") % {"numeral": numeral, "year": year}, 3 * n - 2, 3 * n)
                for n, numeral in enumerate(ROMAN, start=1)
            ]
        if kind.HALF_YEAR in kinds:
            spans.append((kind.HALF_YEAR, _("First six months of %(year)s") % {"year": year}, 1, 6))
        if kind.NINE_MONTHS in kinds:
            spans.append((kind.NINE_MONTHS, _("First nine months of %(year)s") % {"year": year}, 1, 9))
        if kind.ANNUAL in kinds:
            spans.append((kind.ANNUAL, _("Year %(year)s") % {"year": year}, 1, 12))
    periods = []
    for period_kind, label, first, last in spans:
        end = _month_end(year, last)
        periods.append({
            "kind": period_kind, "label": label, "start": datetime.date(year, first, 1), "end": end,
            "data_from": _cut_off_start(year, first), "data_to": datetime.date(year, last, 14), "due_date": end + due,
        })
    return periods


def periods_on_plan_issued(*, plan: Plan, by: User, **kwargs) -> str | None:
    """A plan issued without reporting periods gets the default ones, in the issuing transaction."""
    if plan.reporting_periods.exists():
        return None
    periods_create_defaults(plan=plan, by=by)
    return _("Default reporting periods were created; adjust them on the reporting periods page.")


@transaction.atomic
def periods_create_defaults(
    *, plan: Plan, due_days: int = DEFAULT_DUE_DAYS, kinds=DEFAULT_KINDS, by: User | None = None
) -> list[ReportingPeriod]:
    """Create the plan's default periods of `kinds` that do not exist yet (matched by label); idempotent."""
    _require_period_manager(plan, by)
    if not 0 <= due_days <= 90:
        raise ValidationError({"due_days": _("Choose between 0 and 90 days.")})
    unknown = set(kinds) - set(DEFAULT_KIND_CHOICES)
    if not kinds or unknown:
        raise ValidationError({"kinds": _("Choose at least one kind of period.")})
    created = []
    existing = set(plan.reporting_periods.values_list("label", flat=True))
    for values in _default_periods(plan.year, due_days, kinds):
        if values["label"] in existing:
            continue
        period = ReportingPeriod(plan=plan, **values)
        period.full_clean()
        period._history_user = by
        period.save()
        created.append(period)
    return created


@transaction.atomic
def period_create(*, plan: Plan, by: User, **fields) -> ReportingPeriod:
    _require_period_manager(plan, by)
    period = ReportingPeriod(plan=plan, **{k: v for k, v in fields.items() if k in PERIOD_FIELDS})
    period.full_clean()
    period._history_user = by
    period.save()
    return period


@transaction.atomic
def period_update(*, period: ReportingPeriod, expected_version: int, changes: dict, by: User) -> ReportingPeriod:
    _require_period_manager(period.plan, by)
    changes = {k: v for k, v in changes.items() if k in PERIOD_FIELDS}
    return save_with_lock(period, expected_version=expected_version, changes=changes, history_user=by)


@transaction.atomic
def period_delete(*, period: ReportingPeriod, by: User) -> None:
    """A period set up by mistake may go, as long as nobody has reported on it (its history keeps it)."""
    _require_period_manager(period.plan, by)
    if period.reports.exists():
        raise ValidationError(_("Units have reported on this period: it cannot be deleted."))
    period._history_user = by
    period.delete()


# --- Reports ----------------------------------------------------------------------------------


def _event(report: ProgressReport, action: str, by: User, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(report=report, action=action, actor=by, comment=comment)


def _require_version(report: ProgressReport, expected_version: int) -> None:
    """Someone changed the report since the user opened it: say who, rather than judge a stale page."""
    if report.lock_version != expected_version:
        raise EditConflict(report)


def _require_editor(report: ProgressReport, by: User, expected_version: int | None = None) -> None:
    """The reporting unit's officer, on the version they saw, of a report still a draft or returned."""
    if not report.is_writable_by(by):
        raise PermissionDenied
    if expected_version is not None:
        _require_version(report, expected_version)
    if not report.is_editable:
        raise ValidationError(_("This report is %(status)s and can no longer be changed.") % {
            "status": report.get_status_display().lower()})


def _require_reviewer(report: ProgressReport, by: User, expected_version: int) -> None:
    if not may_review_reports(by):
        raise PermissionDenied
    _require_version(report, expected_version)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be reviewed; this one is %(status)s.") % {
            "status": report.get_status_display().lower()})


@transaction.atomic
def report_save_draft(
    *,
    by: User,
    changes: dict,
    report: ProgressReport | None = None,
    assignment: Assignment | None = None,
    period: ReportingPeriod | None = None,
    expected_version: int | None = None,
) -> ProgressReport:
    """Create the draft of (assignment, period), or save changes to `report` if nobody saved it since
    `expected_version`. A returned report stays returned until it is resubmitted."""
    changes = {k: v for k, v in changes.items() if k in REPORT_FIELDS}
    if report is None:
        if not can_start_report(by, assignment):
            raise PermissionDenied
        existing = ProgressReport.objects.filter(assignment=assignment, period=period).first()
        if existing is not None:
            raise EditConflict(existing)
        # The unit that writes it: the assignment's own, or the successor that carries an ended unit's work.
        unit_id = by.work_units.get(assignment.unit_id, assignment.unit_id)
        report = ProgressReport(assignment=assignment, period=period, unit_id=unit_id, created_by=by, **changes)
        report.full_clean()
        report._history_user = by
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise EditConflict(ProgressReport.objects.get(assignment=assignment, period=period)) from None
    else:
        _require_editor(report, by, expected_version)
        report = save_with_lock(report, expected_version=expected_version, changes=changes, history_user=by)
    _event(report, ReportEvent.Action.SAVED, by)
    return report


@transaction.atomic
def report_submit(*, report: ProgressReport, by: User, expected_version: int) -> ProgressReport:
    """Send the report for review; after its due date it is still accepted, and marked late."""
    _require_editor(report, by, expected_version)
    if not may_submit_report_on(by, report.assignment):
        raise PermissionDenied
    return _submit(report, by, expected_version)


def _submit(report: ProgressReport, by: User, expected_version: int) -> ProgressReport:
    if not report.results.strip():
        raise ValidationError({"results": _("Describe the results achieved before submitting.")})
    resubmission = report.first_submitted_at is not None
    now = timezone.now()
    report = save_with_lock(
        report,
        expected_version=expected_version,
        changes={
            "status": ProgressReport.Status.SUBMITTED,
            "submitted_at": now,
            "submitted_by": by,
            "first_submitted_at": report.first_submitted_at or now,
        },
        history_user=by,
    )
    _event(report, ReportEvent.Action.RESUBMITTED if resubmission else ReportEvent.Action.SUBMITTED, by)
    return report


@transaction.atomic
def report_save(
    *,
    by: User,
    data: dict,
    report: ProgressReport | None = None,
    assignment: Assignment | None = None,
    period: ReportingPeriod | None = None,
    expected_version: int | None = None,
    uploads: Iterable[UploadedFile] = (),
    submit: bool = False,
) -> ProgressReport:
    """What the report form does, all or nothing: save the draft (a new one on `assignment` and
    `period`, or `report` as of `expected_version`), add the `uploads` to its evidence and, if
    `submit`, send it for review. On any error nothing is kept, not even the files stored."""
    stored: list[ReportAttachment] = []
    try:
        report = report_save_draft(
            by=by, changes=data, report=report, assignment=assignment, period=period, expected_version=expected_version
        )
        for upload in uploads:
            stored.append(attachment_add(report=report, upload=upload, by=by))
        if submit:
            report = report_submit(report=report, by=by, expected_version=report.lock_version)
    except Exception:
        for attachment in stored:  # the rows roll back; their files would stay behind
            attachment.file.delete(save=False)
        raise
    return report


@transaction.atomic
def report_submit_in_stead(
    *, assignment: Assignment, period: ReportingPeriod, data: dict, by: User,
) -> ProgressReport:
    """Central planners file a unit's report in its stead (e.g. a conference's outcome, filed by its
    organisers for the task's lead unit) and submit it for review like any other: its approval, not
    the filing, moves the task. Creates the (assignment, period) report, or changes it while it is a
    draft or returned."""
    if not (may_manage_plans(by) and is_open_for_reports(assignment)):
        raise PermissionDenied
    changes = {k: v for k, v in data.items() if k in REPORT_FIELDS}
    report = ProgressReport.objects.select_for_update().filter(assignment=assignment, period=period).first()
    if report is None:
        report = ProgressReport(assignment=assignment, period=period, unit=assignment.unit, created_by=by, **changes)
        report.full_clean()
        report._history_user = by
        report.save()
    elif not report.is_editable:
        raise ValidationError(_("This report is %(status)s and can no longer be changed.") % {
            "status": report.get_status_display().lower()})
    else:
        report = save_with_lock(report, expected_version=report.lock_version, changes=changes, history_user=by)
    _event(report, ReportEvent.Action.SAVED, by)
    return _submit(report, by, report.lock_version)


@transaction.atomic
def report_return(*, report: ProgressReport, by: User, comment: str, expected_version: int) -> ProgressReport:
    """Send the report back to its unit with what to change; the reporter is told."""
    _require_reviewer(report, by, expected_version)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what the unit should change.")})
    report = save_with_lock(
        report,
        expected_version=expected_version,
        changes={
            "status": ProgressReport.Status.RETURNED,
            "reviewed_at": timezone.now(),
            "reviewed_by": by,
            "review_comment": comment,
        },
        history_user=by,
    )
    event = _event(report, ReportEvent.Action.RETURNED, by, comment)
    notify_reporter.delay_on_commit(event_id=event.pk)
    return report


def _is_latest_lead_report(report: ProgressReport) -> bool:
    """The lead unit's approved report for the latest period drives the task."""
    latest = (
        ProgressReport.objects.filter(
            assignment__task_id=report.assignment.task_id,
            assignment__role=Assignment.Role.LEAD,
            status=ProgressReport.Status.APPROVED,
        )
        .order_by("-period__end", "-period__due_date", "-reviewed_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest == report.pk


@transaction.atomic
def report_approve(*, report: ProgressReport, by: User, expected_version: int, comment: str = "") -> ProgressReport:
    """Approve (and lock) the report; the lead unit's latest approved report sets the task's progress."""
    _require_reviewer(report, by, expected_version)
    report = save_with_lock(
        report,
        expected_version=expected_version,
        changes={
            "status": ProgressReport.Status.APPROVED,
            "reviewed_at": timezone.now(),
            "reviewed_by": by,
            "review_comment": (comment or "").strip(),
        },
        history_user=by,
    )
    event = _event(report, ReportEvent.Action.APPROVED, by, report.review_comment)
    assignments_refresh_spending(assignments=Assignment.objects.filter(pk=report.assignment_id))
    task = report.assignment.task
    if task.status != Task.Status.CANCELLED and _is_latest_lead_report(report):
        with translation.override(settings.LANGUAGE_CODE):  # kept with the task, in the plan's language
            note = _("Approved report of %(unit)s for %(period)s") % {"unit": report.unit.code, "period": report.period}
        task_record_progress(task=task, progress=report.progress, status=report.work_status, by=by, note=note)
    notify_reporter.delay_on_commit(event_id=event.pk)
    return report


def assignments_refresh_spending(*, assignments: QuerySet) -> int:
    """Set each assignment's `spent_to_date` to the amount of its latest approved report (the one of
    the period that ends last): one UPDATE whatever the number of assignments."""
    latest = (
        ProgressReport.objects.filter(assignment=OuterRef("pk"), status=ProgressReport.Status.APPROVED)
        .order_by("-period__end", "-reviewed_at", "-pk").values("amount_spent")[:1]
    )
    changed = assignments.order_by().update(spent_to_date=Coalesce(Subquery(latest), 0))
    core_signals.figures_changed.send(sender=Assignment)  # an UPDATE sends no save signal
    return changed


# --- Evidence -----------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, report: ProgressReport, upload, by: User) -> ReportAttachment:
    _require_editor(report, by)
    attachment = ReportAttachment(report=report)
    attachment.store(upload, by=by)
    attachment._history_user = by
    attachment.save()
    _event(report, ReportEvent.Action.ATTACHED, by, attachment.original_name)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: ReportAttachment, by: User) -> ReportAttachment:
    """Taken off the report, never deleted: the file stays for the record."""
    _require_editor(attachment.report, by)
    attachment = ReportAttachment.objects.select_for_update().get(pk=attachment.pk)
    if not attachment.is_removed:
        attachment.mark_removed(by=by)
        attachment._history_user = by
        attachment.save(update_fields=["removed_at", "removed_by"])
        _event(attachment.report, ReportEvent.Action.DETACHED, by, attachment.original_name)
    return attachment
