"""Who carries an assignment's open work now, told to people: the task page's note and the rows of the
orphaned-work page. The rule itself is accounts/succession.py; the QuerySets are
`Assignment.objects.answered_by()`, `with_carrier()` and `orphaned()`."""

import datetime
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import Unit, UnitMembership
from accounts.succession import Stop, Succession

from .models import Assignment, today


@dataclass
class Carried:
    """One assignment and the unit that carries its open work now (None when nobody does)."""

    assignment: Assignment
    unit: Unit  # the assignment's own unit
    carrier: Unit
    ended_on: datetime.date | None  # the end of the assignment's own unit, when it has ended
    reason: str  # why the work reaches nobody; empty when it reaches an officer

    @property
    def is_orphaned(self) -> bool:
        return bool(self.reason)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _reason(succession: Succession, carrier: Unit, staffed: set[int]) -> str:
    stop = succession.stop(carrier.pk)
    values = {"unit": carrier.name, "date": _date(carrier.valid_to) if carrier.valid_to else ""}
    if stop == Stop.NO_SUCCESSOR:
        return _("%(unit)s ended on %(date)s with no successor.") % values
    if stop == Stop.NO_HEIR_NAMED:
        return _("%(unit)s ended on %(date)s; none of its successors is named to take its open work.") % values
    if carrier.pk not in staffed:
        return _("%(unit)s has no active focal officer.") % values
    return ""


def carried(assignments, *, day: datetime.date | None = None) -> list[Carried]:
    """`Carried` for each assignment (with its unit loaded). Three queries whatever their number:
    the succession, the staffed units, the carriers."""
    assignments = list(assignments)
    if not assignments:
        return []
    day = day or today()
    succession = Unit.objects.succession_on(day)
    staffed = set(UnitMembership.objects.officers_on(day).values_list("unit_id", flat=True))
    carriers = Unit.objects.in_bulk({succession.carrier(a.unit_id) for a in assignments})
    rows = []
    for assignment in assignments:
        carrier = carriers[succession.carrier(assignment.unit_id)]
        rows.append(Carried(
            assignment=assignment, unit=assignment.unit, carrier=carrier,
            ended_on=succession.ended_on.get(assignment.unit_id), reason=_reason(succession, carrier, staffed),
        ))
    return rows


def carried_elsewhere(task) -> list[Carried]:
    """The live task's current assignments whose unit has ended, with who carries that work now (for
    the task page). Reads `task.current_assignments` (TaskQuerySet.with_units)."""
    day = today()
    ended = [a for a in task.current_assignments if a.unit.valid_to is not None and a.unit.valid_to < day]
    if not task.is_live or not ended:  # no query for the usual task
        return []
    return carried(ended, day=day)
