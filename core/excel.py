"""Excel downloads built with openpyxl: bold frozen headers, real dates shown dd/mm/yyyy, sensible widths."""

import datetime
from io import BytesIO

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60


def fill_sheet(sheet, headers, rows, widths: dict | None = None) -> None:
    """Write `headers` and `rows` (iterables of cells) into `sheet`; dates stay dates."""
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    longest = [len(str(header)) for header in headers]
    for row in rows:
        values = [str(value) if isinstance(value, Promise) else value for value in row]
        sheet.append(values)
        for index, value in enumerate(values[: len(longest)]):
            longest[index] = max(longest[index], len(str(value)) if value is not None else 0)
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for index, length in enumerate(longest, start=1):
        width = (widths or {}).get(index, max(12, min(length + 2, MAX_WIDTH)))
        sheet.column_dimensions[get_column_letter(index)].width = width


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_response(filename: str, title: str, headers, rows, widths: dict | None = None) -> HttpResponse:
    """A one-sheet workbook as a download."""
    book = Workbook()
    book.active.title = str(title)[:31]
    fill_sheet(book.active, headers, rows, widths)
    return xlsx_response(book, filename)
