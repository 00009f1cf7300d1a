"""Excel downloads, written with XlsxWriter: bold frozen headers, real dates shown dd/mm/yyyy, amounts
shown #,##0, sensible widths, text always written as text (a cell typed "=…" never becomes a formula),
and every sheet set up to print: landscape, fitted to the page width, the header row on every page.

Memory stays constant whatever the number of rows: rows are consumed one at a time from an iterator
(`constant_memory` writes each row to disk as soon as the next one starts), the widths are measured on
the first WIDTH_SAMPLE rows only, and the finished file lives in a temporary file that the response
streams in chunks. Reading uploaded workbooks is openpyxl's job (plans.imports).
"""

import datetime
import itertools
import tempfile
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "#,##0"


class Book:
    """A workbook being written; `add_sheet` for each sheet, then `response` (or `save` for a job's file)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(suffix=".xlsx")
        self.workbook = xlsxwriter.Workbook(self.file, {"constant_memory": True})
        self.bold = self.workbook.add_format({"bold": True})
        self.date = self.workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime = self.workbook.add_format({"num_format": DATETIME_FORMAT})
        self.money = self.workbook.add_format({"num_format": MONEY_FORMAT})

    def add_sheet(self, title, headers, rows, widths: dict | None = None, *, money=(), progress=None):
        """A sheet of `headers` and `rows` (an iterable of rows of cells, read once); `widths` by 1-based
        column; `money`: the 1-based columns holding amounts (a Decimal is an amount wherever it is);
        `progress(rows_written)` is called every 1,000 rows."""
        sheet = self.workbook.add_worksheet(str(title)[:31])
        rows = iter(rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        longest = [len(str(header)) for header in headers]
        for row in sample:
            for index, value in enumerate(row[: len(longest)]):
                if value is not None:
                    longest[index] = max(longest[index], len(str(value)))
        for index, length in enumerate(longest):
            sheet.set_column(index, index, (widths or {}).get(index + 1, max(12, min(length + 2, MAX_WIDTH))))
        self._print_setup(sheet)
        for column, header in enumerate(headers):
            sheet.write_string(0, column, str(header), self.bold)
        money_columns = {column - 1 for column in money}
        number = 0
        for number, row in enumerate(itertools.chain(sample, rows), start=1):
            for column, value in enumerate(row):
                self.write(sheet, number, column, value, money=column in money_columns)
            if progress and number % 1000 == 0:
                progress(number)
        if progress:
            progress(number)
        return sheet

    @staticmethod
    def _print_setup(sheet) -> None:
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # as wide as one page, as many pages long as it takes
        sheet.repeat_rows(0)

    def write(self, sheet, row: int, column: int, value, *, money: bool = False) -> None:
        if value is None or value == "":
            return
        if isinstance(value, Promise):
            value = str(value)
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
        elif isinstance(value, Decimal):
            sheet.write_number(row, column, value, self.money)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, self.money if money else None)
        else:
            sheet.write(row, column, value)

    def save(self):
        """Finish the workbook; its file, rewound (the caller closes it)."""
        self.workbook.close()
        self.file.seek(0)
        return self.file

    def response(self, filename: str) -> FileResponse:
        """The finished workbook as a streamed download (the temporary file goes once it is sent)."""
        return FileResponse(self.save(), as_attachment=True, filename=filename, content_type=XLSX)


def workbook_response(filename: str, title: str, headers, rows, widths: dict | None = None, *, money=()) -> FileResponse:
    """A one-sheet workbook as a download."""
    book = Book()
    book.add_sheet(title, headers, rows, widths, money=money)
    return book.response(filename)
