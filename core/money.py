"""Amounts of money: whole đồng, shown with thousands separators and one unit label, typed either way."""

import re

from django.utils.formats import number_format
from django.utils.translation import gettext

_GROUPED = re.compile(r"\d+|\d{1,3}(?:(?P<sep>[ .,\u00a0])\d{3})(?:(?P=sep)\d{3})*")
_UNIT = re.compile(r"(₫|vnđ|vnd|đồng|dong|đ)$", re.IGNORECASE)


def format_vnd(amount, *, unit: bool = True) -> str:
    """150000000 → "150.000.000 đồng" (Vietnamese) or "150,000,000 VND" (English); None → "—"."""
    if amount is None or amount == "":
        return "—"
    text = number_format(int(amount), decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{text} {gettext('VND')}" if unit else text


def parse_vnd(text: str) -> int | None:
    """ "150.000.000", "150,000,000", "150 000 000 đ" and "150000000" are all 150000000; None if not a whole amount."""
    cleaned = _UNIT.sub("", str(text).strip()).strip()
    if not _GROUPED.fullmatch(cleaned):
        return None  # "150.5" is not 1505 đồng
    return int(re.sub(r"\D", "", cleaned))
