"""Excel downloads: bold frozen headers, real dates shown dd/mm/yyyy, amounts shown #,##0, sensible widths,
text always written as text (a cell typed "=…" never becomes a formula), and every sheet set up to print:
landscape, fitted to the page width, the header row repeated on every page.

The workbook is written here, straight as its Office Open XML parts, because exports must run at tens of
thousands of rows a second in constant memory, several times what a general-purpose writer manages (XlsxWriter
spends ~100 µs a cell). Rows are consumed one at a time from an iterator and compressed into a temporary
file as they come; the widths are measured on the first WIDTH_SAMPLE rows; the response streams the file in
chunks. Only what the portal writes is supported: text, numbers, booleans, dates, date-times, a bold header,
list validations. Reading uploaded workbooks is openpyxl's job (plans.imports).
"""

import datetime
import itertools
import re
import tempfile
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60
WIDTH_SAMPLE = 200  # rows read ahead to size the columns
VALIDATED_ROWS = 500  # rows a list validation covers below the header
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONEY_FORMAT = "#,##0"  # Excel's built-in number format 3
FLUSH_ROWS = 500
EPOCH = datetime.datetime(1899, 12, 30)  # noqa: DTZ001 - Excel serial dates are naive local times
EPOCH_DAY = EPOCH.date()

# Cell styles (cellXfs in STYLES): the index is the `s` attribute.
BOLD, DATE, DATETIME, MONEY = 1, 2, 3, 4
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/><numFmt numFmtId="165" \
formatCode="{DATETIME_FORMAT}"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/>\
<sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>\
<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>\
</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" \
borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" \
fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" \
xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def column_letter(index: int) -> str:
    """A, B, …, Z, AA, … for 0, 1, …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text(value: str) -> str:
    if NOT_XML.search(value):
        value = NOT_XML.sub("", value)
    return escape(value)


class Book:
    """A workbook being written; `add_sheet` for each sheet, then `response` (or `save` for the bare file)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(suffix=".xlsx")
        self.zip = zipfile.ZipFile(self.file, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.names: list[str] = []

    def add_sheet(self, title, headers, rows, widths: dict | None = None, *, money=(), lists: dict | None = None):
        """A sheet of `headers` and `rows` (an iterable of rows of cells, read once); `widths` by 1-based column;
        `money`: the 1-based columns holding amounts (a Decimal is an amount wherever it is); `lists`: a
        drop-down under the header by 1-based column, its source a range such as "='Lists'!$A$2:$A$9"."""
        name = self._sheet_name(title)
        self.names.append(name)
        rows = iter(rows)
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        headers = [str(header) for header in headers]
        longest = [len(header) for header in headers]
        for row in sample:
            for index, value in enumerate(row[: len(longest)]):
                if value is not None:
                    longest[index] = max(longest[index], len(str(value)))
        sized = {index + 1: max(12, min(length + 2, MAX_WIDTH)) for index, length in enumerate(longest)}
        sized.update(widths or {})
        with self.zip.open(f"xl/worksheets/sheet{len(self.names)}.xml", "w", force_zip64=True) as part:
            part.write(self._sheet_start(len(self.names) == 1, sized).encode())
            self._write_rows(part, headers, itertools.chain(sample, rows), {column - 1 for column in money})
            part.write(self._sheet_end(lists or {}).encode())

    def _sheet_name(self, title) -> str:
        name = NOT_IN_SHEET_NAME.sub("-", str(title))[:31] or "Sheet"
        return name if name not in self.names else f"{name[:28]} {len(self.names) + 1}"

    @staticmethod
    def _sheet_start(first: bool, widths: dict) -> str:
        columns = "".join(
            f'<col min="{column}" max="{column}" width="{width}" customWidth="1"/>' for column, width in sorted(widths.items())
        )
        selected = ' tabSelected="1"' if first else ""
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView{selected} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{columns}</cols>" if columns else ""}<sheetData>'
        )

    @staticmethod
    def _sheet_end(lists: dict) -> str:
        validations = "".join(
            f'<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
            f'sqref="{column_letter(column - 1)}2:{column_letter(column - 1)}{VALIDATED_ROWS + 1}">'
            f"<formula1>{escape(source.removeprefix('='))}</formula1></dataValidation>"
            for column, source in sorted(lists.items())
        )
        return (
            "</sheetData>"
            + (f'<dataValidations count="{len(lists)}">{validations}</dataValidations>' if lists else "")
            + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
        )

    def _write_rows(self, part, headers: list[str], rows, money: set[int]) -> None:
        letters = [column_letter(index) for index in range(max(len(headers), 26))]
        cells = "".join(
            f'<c r="{letters[column]}1" t="inlineStr" s="{BOLD}"><is><t xml:space="preserve">{_text(header)}</t></is></c>'
            for column, header in enumerate(headers)
        )
        out = [f'<row r="1">{cells}</row>']
        for number, row in enumerate(rows, start=2):
            if len(row) > len(letters):
                letters += [column_letter(index) for index in range(len(letters), len(row))]
            cells = []
            for column, value in enumerate(row):
                if isinstance(value, Promise):
                    value = str(value)
                if value is None or value == "":
                    continue
                ref = f"{letters[column]}{number}"
                if isinstance(value, str):
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>')
                elif isinstance(value, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int | float | Decimal):
                    style = f' s="{MONEY}"' if column in money or isinstance(value, Decimal) else ""
                    cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
                elif isinstance(value, datetime.datetime):
                    if timezone.is_aware(value):
                        value = timezone.make_naive(value)  # Excel has no time zones: the local time, as shown
                    serial = (value - EPOCH).total_seconds() / 86400
                    cells.append(f'<c r="{ref}" s="{DATETIME}"><v>{serial:.10f}</v></c>')
                elif isinstance(value, datetime.date):
                    cells.append(f'<c r="{ref}" s="{DATE}"><v>{(value - EPOCH_DAY).days}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>')
            out.append(f'<row r="{number}">{"".join(cells)}</row>')
            if len(out) >= FLUSH_ROWS:
                part.write("".join(out).encode())
                out = []
        part.write("".join(out).encode())

    def save(self):
        """Finish the workbook; its file, rewound (the caller closes it)."""
        if not self.names:
            self.add_sheet("Sheet", [], [])
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(self.names, start=1)
        )
        titles = "".join(
            f"""<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'{quoted}'!$1:$1</definedName>"""
            for n, quoted in enumerate(escape(name.replace("'", "''")) for name in self.names)
        )
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        self.zip.writestr("xl/workbook.xml", (
            f'{head}<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets><definedNames>{titles}</definedNames></workbook>"
        ))
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(self.names) + 1)
        )
        self.zip.writestr("xl/_rels/workbook.xml.rels", (
            f'{head}<Relationships xmlns="{PACKAGE_RELS}">{relations}'
            f'<Relationship Id="rId{len(self.names) + 1}" Type="{RELS}/styles" Target="styles.xml"/></Relationships>'
        ))
        self.zip.writestr("xl/styles.xml", STYLES)
        self.zip.writestr("_rels/.rels", (
            f'{head}<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ))
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, len(self.names) + 1)
        )
        self.zip.writestr("[Content_Types].xml", (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{sheet_types}</Types>"
        ))
        self.zip.close()
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
