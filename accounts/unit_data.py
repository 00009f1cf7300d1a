"""Loads the organisation units from accounts/data/units.csv (used by a migration and load_demo)."""

import csv
import datetime
from pathlib import Path

from core.text import fold

UNITS_CSV = Path(__file__).resolve().parent / "data" / "units.csv"


def _date(value: str):
    return datetime.date.fromisoformat(value) if value else None


def load_units(unit_model, path: Path = UNITS_CSV) -> int:
    """Create or update every unit of the file by code, then link successors. Idempotent.

    `successor_codes` lists successors separated by ";"; in a split, a leading "*" marks the one that
    takes the unit's open work (accounts/succession.py)."""
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
    through = unit_model.successors.through
    marks = any(f.name == "takes_open_work" for f in through._meta.get_fields())  # not in the first migrations
    for row in rows:
        codes = [code for code in row["successor_codes"].split(";") if code]
        if codes:
            unit = by_code[row["code"]]
            unit.successors.set([by_code[code.lstrip("*")] for code in codes])
            if marks:
                heirs = [by_code[code[1:]].pk for code in codes if code.startswith("*")]
                for link in through.objects.filter(from_unit=unit):
                    if link.takes_open_work != (link.to_unit_id in heirs):
                        link.takes_open_work = link.to_unit_id in heirs
                        link.save(update_fields=["takes_open_work"])
    return len(rows)
