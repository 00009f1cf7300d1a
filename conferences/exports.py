"""Excel workbooks (openpyxl): the conference list, and a conference's participants with attendance."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = "DD/MM/YYYY"


def _sheet(sheet, headers, rows, date_columns=()):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index in date_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = DATE
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(str(header)) + 4))
    sheet.freeze_panes = "A2"


def _response(workbook, name: str) -> HttpResponse:
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def conference_list_xlsx(conferences) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Conferences")
    headers = [
        pgettext("conference", "Title"), pgettext("conference", "Type"), _("Start date"), _("End date"), _("Venue"),
        _("Province"), _("Organising unit"),
        _("Status"), _("Invited units"), _("Registered participants"), _("Planned budget (VND)"), _("Actual budget (VND)"),
    ]
    rows = [
        [
            c.title, c.get_kind_display(), c.start_date, c.end_date, c.venue, str(c.province or ""), str(c.organiser),
            c.get_status_display(), c.invited_count, c.registered_count, c.planned_budget, c.actual_budget,
        ]
        for c in conferences
    ]
    _sheet(sheet, headers, rows, date_columns=(2, 3))
    return _response(workbook, "conferences.xlsx")


def participants_xlsx(conference, participants, days, unit_totals) -> HttpResponse:
    """Sheet 1: every participant with a column per day (present / absent); sheet 2: totals per unit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")
    headers = [
        _("No."), _("Unit or organisation"), _("Full name"), _("Position"), _("Email"), _("Status"), _("Registered at"),
        *[_("Present %(day)s") % {"day": day.strftime("%d/%m/%Y")} for day in days],
    ]
    rows = []
    for number, row in enumerate(participants, start=1):
        participant = row["participant"]
        rows.append([
            number, participant.affiliation, participant.name, participant.position, participant.email,
            participant.get_status_display(), participant.registered_at.date(),
            *[{True: _("Present"), False: _("Absent"), None: ""}[mark] for mark in row["marks"]],
        ])
    _sheet(sheet, headers, rows, date_columns=(6,))

    totals = workbook.create_sheet(_("Totals by unit"))
    _sheet(
        totals,
        [_("Unit"), _("Quota"), _("Registered"), *[_("Present %(day)s") % {"day": day.strftime("%d/%m/%Y")} for day in days]],
        [[str(t["unit"]), t["quota"], t["registered"], *t["present"]] for t in unit_totals],
    )
    return _response(workbook, f"conference-{conference.pk}-participants.xlsx")
