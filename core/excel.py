"""Excel downloads, written with XlsxWriter: bold frozen headers, real dates shown dd/mm/yyyy,
sensible widths, and text always written as text (a cell typed "=…" never becomes a formula).

Rows stream to the file (`constant_memory`), so a sheet is written once, top to bottom. Reading
uploaded workbooks is openpyxl's job (plans.imports).
"""

import datetime
from io import BytesIO

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60


class Book:
    """A workbook being written; `add_sheet` for each sheet, then `response`."""

    def __init__(self):
        self.buffer = BytesIO()
        self.workbook = xlsxwriter.Workbook(self.buffer, {"constant_memory": True})
        self.bold = self.workbook.add_format({"bold": True})
        self.date = self.workbook.add_format({"num_format": "dd/mm/yyyy"})
        self.datetime = self.workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})

    def add_sheet(self, title, headers, rows, widths: dict | None = None):
        """A sheet of `headers` and `rows` (iterables of cells); `widths` by 1-based column."""
        sheet = self.workbook.add_worksheet(str(title)[:31])
        rows = [[str(value) if isinstance(value, Promise) else value for value in row] for row in rows]
        longest = [len(str(header)) for header in headers]
        for row in rows:
            for index, value in enumerate(row[: len(longest)]):
                if value is not None:
                    longest[index] = max(longest[index], len(str(value)))
        for index, length in enumerate(longest):
            sheet.set_column(index, index, (widths or {}).get(index + 1, max(12, min(length + 2, MAX_WIDTH))))
        sheet.freeze_panes(1, 0)
        for column, header in enumerate(headers):
            sheet.write_string(0, column, str(header), self.bold)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                self.write(sheet, number, column, value)
        return sheet

    def write(self, sheet, row: int, column: int, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, str):
            sheet.write_string(row, column, value)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)  # Excel has no time zones: the local time, as shown
            sheet.write_datetime(row, column, value, self.datetime)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, column, value, self.date)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        else:  # Decimal and the like
            sheet.write(row, column, value)

    def response(self, filename: str) -> HttpResponse:
        self.workbook.close()
        response = HttpResponse(self.buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def workbook_response(filename: str, title: str, headers, rows, widths: dict | None = None) -> HttpResponse:
    """A one-sheet workbook as a download."""
    book = Book()
    book.add_sheet(title, headers, rows, widths)
    return book.response(filename)
