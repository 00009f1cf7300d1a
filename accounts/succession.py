"""Who carries a unit's open work once it has ended: the succession chain, decided in this one place.

The rule. From the day after a unit's `valid_to`, its open work is carried by its heir:
- its only successor; or, when it has several (a split), the successor marked *takes its open work*
  (`UnitSuccession.takes_open_work`, at most one per unit, set by an administrator);
- the chain is followed to its end: Hải Dương → Hải Phòng; a unit merged into B, B later split into C
  and D with C marked → C. The last unit of the chain is the work's *carrier*.
- A unit that ended with no successor, or with several and none marked, has no heir: the chain stops
  there, at an ended unit, and its open work is orphaned until an administrator names an heir.
Only open work follows the chain. History, closed work and reports already written keep their
original unit (`User.unit_lineage_ids` still lets an heir's officers read the predecessors' records).

`Succession` is a snapshot of the unit graph on one day, built from one query by
`Unit.objects.succession_on(day)`; it holds no model and touches no database.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, F, IntegerField, Q, Value, When


class Stop:
    """Why a chain ends at an ended unit (see `Succession.stop`)."""

    NO_SUCCESSOR = "no_successor"
    NO_HEIR_NAMED = "no_heir_named"


@dataclass
class Succession:
    day: datetime.date
    ended: frozenset[int]  # units whose valid_to is before `day`
    ended_on: dict[int, datetime.date]
    successors: dict[int, tuple[int, ...]]  # ended unit -> all its successors
    heirs: dict[int, int]  # ended unit -> the successor that carries its open work
    _through: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _carriers: dict[int, int] = field(default_factory=dict, repr=False)  # a reminder scan asks once per row
    _moved_to: dict[int, int] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, day: datetime.date, rows: Iterable[tuple[int, datetime.date, int | None, bool]]) -> "Succession":
        """`rows`: (ended unit, its valid_to, one successor or None, whether that successor takes the open work)."""
        ended_on: dict[int, datetime.date] = {}
        successors: dict[int, list[int]] = {}
        marked: dict[int, int] = {}
        for unit_id, valid_to, successor_id, takes_open_work in rows:
            ended_on[unit_id] = valid_to
            successors.setdefault(unit_id, [])
            if successor_id is not None:
                successors[unit_id].append(successor_id)
                if takes_open_work:
                    marked[unit_id] = successor_id
        heirs = {}
        for unit_id, found in successors.items():
            if len(found) == 1:
                heirs[unit_id] = found[0]
            elif unit_id in marked:
                heirs[unit_id] = marked[unit_id]
        snapshot = cls(
            day=day, ended=frozenset(ended_on), ended_on=ended_on,
            successors={unit_id: tuple(sorted(found)) for unit_id, found in successors.items()}, heirs=heirs,
        )
        through: dict[int, set[int]] = {}
        for unit_id in snapshot.ended:
            for link in snapshot.chain(unit_id):
                through.setdefault(link, {link}).add(unit_id)
        snapshot._through.update({unit_id: frozenset(units) for unit_id, units in through.items()})
        return snapshot

    def chain(self, unit_id: int) -> list[int]:
        """`unit_id`, then each heir in turn, to the carrier (a cycle in the data stops the chain)."""
        chain, seen = [unit_id], {unit_id}
        while chain[-1] in self.heirs and self.heirs[chain[-1]] not in seen:
            chain.append(self.heirs[chain[-1]])
            seen.add(chain[-1])
        return chain

    def carrier(self, unit_id: int) -> int:
        """The unit that carries `unit_id`'s open work today: itself while it has not ended."""
        if unit_id not in self._carriers:
            self._carriers[unit_id] = self.chain(unit_id)[-1] if unit_id in self.heirs else unit_id
        return self._carriers[unit_id]

    def is_ended(self, unit_id: int) -> bool:
        return unit_id in self.ended

    def stop(self, unit_id: int) -> str | None:
        """Why `unit_id`'s chain ends at an ended unit (`Stop`), or None when its carrier is active."""
        carrier = self.carrier(unit_id)
        if carrier not in self.ended:
            return None
        return Stop.NO_HEIR_NAMED if self.successors.get(carrier) else Stop.NO_SUCCESSOR

    def through(self, unit_id: int) -> frozenset[int]:
        """`unit_id` and every ended unit whose chain passes through it: the open work its officers
        may do (an ended unit's officers, during its grace period, finish its predecessors' work too)."""
        return self._through.get(unit_id, frozenset({unit_id}))

    def carried_by(self, unit_id: int) -> frozenset[int]:
        """The units whose open work `unit_id` carries today (none when it has an heir itself)."""
        return self.through(unit_id) if self.carrier(unit_id) == unit_id else frozenset()

    def reach(self, unit_ids: Iterable[int]) -> set[int]:
        """Every unit whose open work any of `unit_ids` carries."""
        return {unit for unit_id in unit_ids for unit in self.carried_by(unit_id)}

    def moved(self) -> dict[int, frozenset[int]]:
        """Carrier -> the ended units whose open work it carries (the units that are not their own carrier)."""
        found: dict[int, set[int]] = {}
        for unit_id in self.ended:
            carrier = self.carrier(unit_id)
            if carrier != unit_id:
                found.setdefault(carrier, set()).add(unit_id)
        return {carrier: frozenset(units) for carrier, units in found.items()}

    def moved_to(self, unit_id: int) -> int:
        """The Python twin of `carrier_expression` for a row of open work: its carrier if its unit has
        ended and is carried on, else its own unit."""
        if self._moved_to is None:
            self._moved_to = {unit: carrier for carrier, units in self.moved().items() for unit in units}
        return self._moved_to.get(unit_id, unit_id)

    def carrier_expression(self, field_name: str = "unit_id", *, when: Q | None = None):
        """SQL for the carrier of the unit in `field_name`, for the rows matching `when` (open work);
        other rows keep their own unit. Lets a query group open work by who carries it now.

        `when` is written once, as the first branch (not open: the own unit), not once per carrier: each
        copy of its joins would be resolved again by the ORM, for every carrier of a merger."""
        whens = [
            When(Q(**{f"{field_name}__in": sorted(units)}), then=Value(carrier))
            for carrier, units in sorted(self.moved().items())
        ]
        if not whens:
            return F(field_name)
        if when is not None:
            whens.insert(0, When(~when, then=F(field_name)))
        return Case(*whens, default=F(field_name), output_field=IntegerField())
