"""Excel downloads built with openpyxl: bold frozen headers, real dates shown dd/mm/yyyy, sensible widths.

Workbooks are write-only (openpyxl streams the rows to the file instead of keeping a cell object
for each), which halves the time of a large export; so a sheet is filled once, in one go.
"""

import datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
BOLD = Font(bold=True)


def new_workbook() -> Workbook:
    """An empty write-only workbook; add sheets with `add_sheet`."""
    return Workbook(write_only=True)


def add_sheet(book: Workbook, title, headers, rows, widths: dict | None = None) -> None:
    """A sheet of `headers` and `rows` (iterables of cells); dates stay dates, shown dd/mm/yyyy."""
    sheet = book.create_sheet(str(title)[:31])
    rows = [[str(value) if isinstance(value, Promise) else value for value in row] for row in rows]
    longest = [len(str(header)) for header in headers]
    for row in rows:
        for index, value in enumerate(row[: len(longest)]):
            if value is not None:
                longest[index] = max(longest[index], len(str(value)))
    for index, length in enumerate(longest, start=1):  # column widths come before the rows
        width = (widths or {}).get(index, max(12, min(length + 2, MAX_WIDTH)))
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = BOLD
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet, value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)  # Excel has no time zones: the local time, as shown
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    return value


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_response(filename: str, title: str, headers, rows, widths: dict | None = None) -> HttpResponse:
    """A one-sheet workbook as a download."""
    book = new_workbook()
    add_sheet(book, title, headers, rows, widths)
    return xlsx_response(book, filename)
