"""Excel downloads of progress reporting: an officer's work list, the review queue and the
completeness table. Headers in the user's language, dates as real dates."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import workbook_response

from .completeness import Table
from .worklist import WorkItem

FILENAME = "bao-cao-tien-do.xlsx"


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def work_list_workbook(items: list[WorkItem]):
    headers = [_("Plan"), _("Task"), _("Unit"), _("Period"), _("Due"), _("Status"), _("Progress (%)"), _("Late")]
    rows = (
        [
            item.assignment.task.plan.number,
            item.assignment.task.title,
            item.assignment.unit.name,
            item.period.label,
            item.period.due_date,
            item.report.get_status_display() if item.report else _("Not written"),
            item.report.progress if item.report else None,
            _("Yes") if (item.report and item.report.is_late) or item.is_overdue else "",
        ]
        for item in items
    )
    return workbook_response(FILENAME, _("Reports"), headers, rows)


def reports_workbook(reports):
    headers = [
        _("Plan"), _("Task"), _("Unit"), _("Role"), _("Period"), _("Due"), _("Status"), _("Status of the work"),
        _("Progress (%)"), _("Results achieved"), _("Difficulties and proposals"), _("Amount spent (VND)"),
        _("First submitted"), _("Late"), _("Reviewed"), _("Review comment"),
    ]
    rows = (
        [
            report.assignment.task.plan.number,
            report.assignment.task.title,
            report.unit.name,
            report.assignment.get_role_display(),
            report.period.label,
            report.period.due_date,
            report.get_status_display(),
            report.get_work_status_display(),
            report.progress,
            report.results,
            report.difficulties_and_proposals,
            report.amount_spent,
            _local(report.first_submitted_at),
            _("Yes") if report.is_late else "",
            _local(report.reviewed_at),
            report.review_comment,
        ]
        for report in reports
    )
    return workbook_response(FILENAME, _("Reports"), headers, rows, widths={2: 50, 10: 60, 11: 50}, money=(12,))


def completeness_workbook(table: Table):
    """One line per unit and period, a total per unit, per period and overall."""
    headers = [_("Unit code"), _("Unit"), _("Period"), _("Due"), _("Expected"), _("Submitted"),
               _("On time"), _("Late"), _("Missing")]

    def line(code, name, label, due, cell):
        return [code, name, label, due, cell.expected, cell.submitted, cell.on_time, cell.late, cell.missing]

    rows = []
    for row in table.rows:
        for period, cell in zip(table.periods, row.cells, strict=True):
            rows.append(line(row.unit.code, row.unit.name, period.label, period.due_date, cell))
        rows.append(line(row.unit.code, row.unit.name, _("All periods"), None, row.total))
    for period, cell in zip(table.periods, table.totals, strict=True):
        rows.append(line("", _("All units"), period.label, period.due_date, cell))
    rows.append(line("", _("All units"), _("All periods"), None, table.total))
    filename = f"day-du-bao-cao-{table.plan.pk}.xlsx"
    return workbook_response(filename, _("Completeness"), headers, rows, widths={2: 50, 3: 30})
