"""Excel downloads of progress reporting: an officer's work list and the review queue (registered exports:
a background job when large), and the completeness table (a summary of one plan, at most units × periods
lines, always direct). Headers in the user's language, dates as real dates."""

import itertools

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import Book, workbook_response
from core.exports import Export

from .completeness import Table
from .forms import WorkFilterForm, review_queue_filter
from .worklist import work_items

FILENAME = "bao-cao-tien-do.xlsx"
WORK_CHUNK = 1000  # pairs turned into work items at a time (work_items: three queries a chunk)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def visible_work(user, params):
    """The work list's rows (`unit_work` pairs) for `user` and its filter, as the page reads them."""
    return WorkFilterForm(params).work(user, today=timezone.localdate())


def _work_items(pairs):
    """The pairs as work items, a chunk at a time, streamed from a server-side cursor."""
    today, pairs = timezone.localdate(), pairs.iterator(chunk_size=WORK_CHUNK)
    while chunk := list(itertools.islice(pairs, WORK_CHUNK)):
        yield from work_items(chunk, today=today)


def work_list_write(book: Book, pairs, progress=iter) -> None:
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
        for item in _work_items(pairs)
    )
    book.add_sheet(_("Reports"), headers, progress(rows))


WORK_LIST_EXPORT = Export(
    kind="reports.work", filename=FILENAME, title=lambda: _("Reports"), rows=visible_work, write=work_list_write,
)


def visible_reports(user, params):
    """The review queue's reports for `user` and its filter, as the page reads them."""
    return review_queue_filter(user, params)[1]


def reports_write(book: Book, reports, progress=iter) -> None:
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
        for report in reports.iterator(chunk_size=2000)
    )
    book.add_sheet(_("Reports"), headers, progress(rows), {2: 50, 10: 60, 11: 50}, money=(12,))


REVIEW_QUEUE_EXPORT = Export(
    kind="reports.review", filename=FILENAME, title=lambda: _("Reports"), rows=visible_reports, write=reports_write,
)


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
