"""Vietnamese administrative document numbers (Decree 30/2020/NĐ-CP): "234/KH-BHXH"."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Appendix III type codes (an official letter has none: "862/BHXH-TST").
TYPE_CODES = {
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB",
    "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT",
}
_PATTERN = re.compile(r"^(?P<sequence>\d{1,5})/(?:(?P<year>\d{4})/)?(?P<symbol>[A-Za-zĐđ0-9]+(?:-[A-Za-zĐđ0-9]+)+)$")


@dataclass(frozen=True)
class DocumentNumber:
    sequence: int
    type_code: str
    issuer: str

    def __str__(self):
        return f"{self.sequence}/{self.type_code}-{self.issuer}"


def parse_document_number(value: str, *, expected_type: str | None = None) -> DocumentNumber:
    """Parse "234/KH-BHXH"; raise ValidationError with a message a planner can act on."""
    match = _PATTERN.match((value or "").strip())
    if not match:
        raise ValidationError(
            _("Enter the number as sequence/type code-issuer, for example 234/KH-BHXH."), code="invalid_format"
        )
    type_code, issuer = match["symbol"].split("-", 1)
    if type_code not in TYPE_CODES:
        raise ValidationError(
            _("“%(code)s” is not a document type code of Decree 30 (e.g. KH for a plan, BC for a report)."),
            code="unknown_type", params={"code": type_code},
        )
    if expected_type and type_code != expected_type:
        raise ValidationError(
            _("A document of this kind is numbered with the type code %(expected)s, for example 234/%(expected)s-BHXH."),
            code="wrong_type", params={"expected": expected_type},
        )
    if int(match["sequence"]) < 1:
        raise ValidationError(_("The sequence number starts at 1 each year."), code="zero_sequence")
    return DocumentNumber(int(match["sequence"]), type_code, issuer)


def date_line(day, place: str = "Hà Nội") -> str:
    """The place and date line of an administrative document (Decree 30): "Hà Nội, ngày 05 tháng 02 năm 2024".

    Days 1–9 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
