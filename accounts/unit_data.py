"""Loads the organisation units from accounts/data/units.csv (used by a migration and load_demo)."""

import csv
import datetime
from pathlib import Path

from core.text import fold

UNITS_CSV = Path(__file__).resolve().parent / "data" / "units.csv"


def _date(value: str):
    return datetime.date.fromisoformat(value) if value else None


def load_units(unit_model, path: Path = UNITS_CSV) -> int:
    """Create or update every unit of the file by code, then link successors. Idempotent."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}
    for row in rows:
        parent = by_code.get(row["parent_code"]) if row["parent_code"] else None
        unit, _created = unit_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_vi": row["name_vi"],
                "name_en": row["name_en"],
                "parent": parent,
                "region": row["region"],
                "valid_from": _date(row["valid_from"]),
                "valid_to": _date(row["valid_to"]),
                "search_text": fold(f"{row['code']} {row['name_vi']} {row['name_en']}"),
            },
        )
        by_code[unit.code] = unit
    for row in rows:
        codes = [code for code in row["successor_codes"].split(";") if code]
        if codes:
            by_code[row["code"]].successors.set([by_code[code] for code in codes])
    return len(rows)
