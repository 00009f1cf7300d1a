"""Excel import of tasks into a plan: the template to fill in and its reader (all or nothing)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from accounts.models import Unit
from core.excel import Book

from .models import Plan, Task
from .services import assignable_units

IMPORT_COLUMNS = [
    ("objective", gettext_lazy("Objective no.")),
    ("title", gettext_lazy("Task title")),
    ("category", gettext_lazy("Category")),
    ("content", gettext_lazy("Content")),
    ("expected_result", gettext_lazy("Expected result")),
    ("lead_unit", gettext_lazy("Lead unit code")),
    ("coordinating_units", gettext_lazy("Coordinating unit codes (separated by ;)")),
    ("start_date", gettext_lazy("Start date (dd/mm/yyyy)")),
    ("deadline", gettext_lazy("Deadline (dd/mm/yyyy)")),
    ("budget", gettext_lazy("Budget (VND)")),
    ("funding_source", gettext_lazy("Funding source")),
]


def import_template(plan: Plan) -> HttpResponse:
    """A workbook with the import columns, an example row, and the lists of codes to choose from."""
    units = list(assignable_units(plan))
    example_unit = units[0].code if units else "VSS"
    example = [
        1,
        _("Example: send a delegation to the ISSA forum"),
        str(Task.Category.OUTBOUND.label),
        "",
        "",
        example_unit,
        "",
        f"01/03/{plan.year}",
        f"30/06/{plan.year}",
        0,
        str(Task.Funding.STATE.label),
    ]
    categories = [str(label) for _value, label in Task.Category.choices]
    fundings = [str(label) for _value, label in Task.Funding.choices]
    lists = [
        [
            categories[row] if row < len(categories) else None,
            fundings[row] if row < len(fundings) else None,
            units[row].code if row < len(units) else None,
            units[row].name if row < len(units) else None,
        ]
        for row in range(max(len(categories), len(units)))
    ]
    book = Book()
    lists_title = str(_("Lists"))[:31]
    drop_downs = {  # category and funding source pick from the Lists sheet
        column: f"='{lists_title}'!${letter}$2:${letter}${count + 1}"
        for column, letter, count in ((3, "A", len(categories)), (11, "B", len(fundings)))
    }
    book.add_sheet(
        _("Tasks"), [label for _key, label in IMPORT_COLUMNS], [example], {n: 28 for n in range(1, len(IMPORT_COLUMNS) + 1)},
        lists=drop_downs,
    )
    book.add_sheet(lists_title, [_("Category"), _("Funding source"), _("Unit code"), _("Unit")], lists)
    return book.response(f"mau-nhap-nhiem-vu-{plan.year}.xlsx")


def _choice(value, choices) -> str | None:
    """Accept a choice by its code or by its label in either language."""
    text = str(value or "").strip().lower()
    for code, _label in choices:
        if text == code:
            return code
    for language in ("vi", "en"):
        with translation.override(language):
            for code, label in choices:
                if text == str(label).lower():
                    return code
    return None


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    field = forms.DateField(input_formats=["%d/%m/%Y"])
    return field.clean(str(value).strip()) if value not in (None, "") else None


def read_import(plan: Plan, upload) -> tuple[list[dict], list[tuple[int, str]]]:
    """Validate every row of the uploaded workbook. Returns (rows, errors): errors are (row number, reason)."""
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).worksheets[0]
    except Exception:  # noqa: BLE001 - any unreadable upload is the same error for the user
        return [], [(0, _("The file is not an Excel workbook (.xlsx)."))]
    objectives = {o.position: o for o in plan.objectives.all()}
    numbered = {index: o for index, o in enumerate(plan.objectives.order_by("position", "pk"), start=1)}
    units = {u.code.upper(): u for u in Unit.objects.internal()}
    allowed = set(assignable_units(plan).values_list("pk", flat=True))
    rows, errors = [], []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = dict(zip([key for key, _label in IMPORT_COLUMNS], values, strict=False))
        if not any(v not in (None, "") for v in cells.values()):
            continue
        problems = []
        try:
            objective = numbered.get(int(cells.get("objective"))) or objectives.get(int(cells.get("objective")))
        except (TypeError, ValueError):
            objective = None
        if objective is None:
            problems.append(
                _("objective number %(value)s does not exist in this plan") % {"value": cells.get("objective")}
            )
        title = str(cells.get("title") or "").strip()
        if not title:
            problems.append(_("the task title is empty"))
        category = _choice(cells.get("category") or "other", Task.Category.choices)
        if category is None:
            problems.append(_("unknown category “%(value)s”") % {"value": cells.get("category")})
        funding = _choice(cells.get("funding_source") or "state", Task.Funding.choices)
        if funding is None:
            problems.append(_("unknown funding source “%(value)s”") % {"value": cells.get("funding_source")})
        lead = units.get(str(cells.get("lead_unit") or "").strip().upper())
        if lead is None:
            problems.append(_("unknown lead unit code “%(value)s”") % {"value": cells.get("lead_unit") or ""})
        coordinating = []
        for code in str(cells.get("coordinating_units") or "").replace(",", ";").split(";"):
            if code.strip():
                unit = units.get(code.strip().upper())
                if unit is None:
                    problems.append(_("unknown coordinating unit code “%(value)s”") % {"value": code.strip()})
                else:
                    coordinating.append(unit)
        for unit in ([lead] if lead else []) + coordinating:
            if unit.pk not in allowed:
                problems.append(_("%(unit)s cannot be assigned in %(year)s") % {"unit": unit.code, "year": plan.year})
        if lead and lead in coordinating:
            problems.append(_("the lead unit is also listed as coordinating"))
        dates = {}
        for key in ("start_date", "deadline"):
            try:
                dates[key] = _date(cells.get(key))
            except ValidationError:
                problems.append(_("“%(value)s” is not a date dd/mm/yyyy") % {"value": cells.get(key)})
        if not dates.get("deadline") and "deadline" in dates:
            problems.append(_("the deadline is empty"))
        budget = cells.get("budget")
        try:
            budget = int(budget) if budget not in (None, "") else None
            if budget is not None and budget < 0:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(_("the budget must be a whole number of VND, 0 or more"))
        data = {
            "objective": objective,
            "title": title,
            "category": category,
            "content": str(cells.get("content") or ""),
            "expected_result": str(cells.get("expected_result") or ""),
            "start_date": dates.get("start_date"),
            "deadline": dates.get("deadline"),
            "budget": budget,
            "funding_source": funding,
        }
        if not problems:
            task = Task(plan=plan, **data)
            try:
                task.full_clean(exclude=["plan"])
            except ValidationError as exc:
                problems.extend(message for messages in exc.message_dict.values() for message in messages)
        if problems:
            errors.append((number, "; ".join(str(p) for p in problems)))
        else:
            rows.append({"row": number, "data": data, "lead_unit": lead, "coordinating_units": coordinating})
    if not rows and not errors:
        errors.append((0, _("The file has no task rows.")))
    return rows, errors
