"""The one Excel writer (core.excel): read back with openpyxl, as a user's Excel would show it."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from core.excel import Book, workbook_response


def read(response):
    return load_workbook(io.BytesIO(response.getvalue()))


def test_sheet_has_a_bold_frozen_header_and_dates_shown_dd_mm_yyyy():
    moment = timezone.make_aware(datetime.datetime(2024, 7, 15, 1, 30), datetime.UTC)  # 08:30 in Hà Nội
    response = workbook_response(
        "x.xlsx", "Nhiệm vụ", ["Tên", "Hạn", "Lúc", "Kinh phí", "Tiến độ"],
        [["Hội nghị tập huấn", datetime.date(2024, 7, 16), moment, Decimal("1500000"), 40]],
    )
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = read(response)["Nhiệm vụ"]
    assert sheet["A1"].value == "Tên" and sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == datetime.datetime(2024, 7, 16) and sheet["B2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].value == datetime.datetime(2024, 7, 15, 8, 30)
    assert sheet["D2"].value == 1500000 and sheet["E2"].value == 40


def test_text_that_looks_like_a_formula_stays_text():
    sheet = read(workbook_response("x.xlsx", "T", ["A"], [["=HYPERLINK(\"http://evil\")"], ["+1"]])).active
    assert sheet["A2"].value == '=HYPERLINK("http://evil")' and sheet["A2"].data_type == "s"


def test_a_book_holds_several_sheets_with_their_own_widths():
    book = Book()
    book.add_sheet("Một", ["A", "B"], [[1, "x" * 200]], {1: 30})
    book.add_sheet("Hai", ["C"], [])
    workbook = read(book.response("y.xlsx"))
    assert workbook.sheetnames == ["Một", "Hai"]
    assert workbook["Một"].column_dimensions["A"].width > 29
    assert 55 < workbook["Một"].column_dimensions["B"].width < 65  # capped


def test_download_is_streamed_from_a_file():
    response = workbook_response("x.xlsx", "T", ["A"], ([n] for n in range(5000)))
    assert response.streaming
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    assert [row for (row,) in sheet.iter_rows(min_row=2, values_only=True)] == list(range(5000))


def test_sheet_prints_landscape_fitted_to_width_with_the_header_on_every_page():
    sheet = read(workbook_response("x.xlsx", "T", ["A", "Kinh phí"], [["x", 1500000], ["y", Decimal("2.5")]],
                                   money=(2,))).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # 1 is the default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows.replace("$", "") == "1:1"
    assert sheet["B2"].number_format == "#,##0" and sheet["B3"].number_format == "#,##0"
    assert sheet["A2"].number_format == "General"


def test_rows_are_read_once_from_an_iterator():
    consumed = []

    def rows():
        for n in range(300):
            consumed.append(n)
            yield [n, datetime.date(2024, 1, 1)]

    sheet = read(workbook_response("x.xlsx", "T", ["N", "Ngày"], rows())).active
    assert consumed == list(range(300))
    assert sheet["A301"].value == 299 and sheet["B301"].number_format == "dd/mm/yyyy"
