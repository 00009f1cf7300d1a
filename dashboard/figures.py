"""The dashboard's figures, aggregated in SQL: a fixed number of queries whatever the data size.

Every function takes tasks already read through `Task.objects.visible_to(user)`, or the user, and
reads reports, certificates, conferences, participants and feedback through their guards."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Unit
from agreements.models import CoverageCertificate
from conferences.models import Conference, Feedback, Participant
from plans.models import (
    Assignment,
    Bucket,
    ExplanationReply,
    Plan,
    Standing,
    Task,
    bucket_conditions,
    due_between,
    late_tasks,
    on_time_rate,
    standing_counts,
    today,
)

BUCKETS = [Bucket.DONE, Bucket.ON_TRACK, Bucket.AT_RISK, Bucket.LATE]
# Fill colours chosen for contrast against white (WCAG AA for the text beside them).
COLOURS = {Bucket.DONE: "#146c43", Bucket.ON_TRACK: "#0b4f8a", Bucket.AT_RISK: "#9a4d00", Bucket.LATE: "#a4161a"}


def bucket_counts(prefix: str = "", *, distinct: bool | None = None) -> dict:
    """A count per bucket and the total; across a relation a task is counted once (DISTINCT) unless the
    caller knows it comes once per group (as plans.models.standing_counts)."""
    conditions = bucket_conditions(prefix)
    counted = ~Q(**{f"{prefix}status": Task.Status.CANCELLED})
    distinct = bool(prefix) if distinct is None else distinct
    counts = {
        bucket.value: Count(f"{prefix}pk" if prefix else "pk", filter=conditions[bucket], distinct=distinct)
        for bucket in BUCKETS
    }
    counts["total"] = Count(f"{prefix}pk" if prefix else "pk", filter=counted, distinct=distinct)
    return counts


@dataclass
class Row:
    """One line of a breakdown: a label, the counts per bucket, and the query string behind it."""

    label: str
    counts: dict
    query: str

    @property
    def total(self) -> int:
        return self.counts["total"]

    @property
    def done_percent(self) -> int:
        return round(100 * self.counts[Bucket.DONE] / self.total) if self.total else 0

    @property
    def segments(self) -> list[dict]:
        """Stacked-bar segments (x and width in percent of the row)."""
        x, out = 0.0, []
        for bucket in BUCKETS:
            count = self.counts[bucket.value]
            width = 100 * count / self.total if self.total else 0
            out.append(
                {
                    "bucket": bucket,
                    "label": bucket.label,
                    "count": count,
                    "x": round(x, 2),
                    "width": round(width, 2),
                    "colour": COLOURS[bucket],
                }
            )
            x += width
        return out


def _row(label, values: dict, query: str) -> Row:
    return Row(label=label, counts={key: values[key] for key in [*(b.value for b in BUCKETS), "total"]}, query=query)


def totals(tasks) -> Row:
    return _row("", tasks.aggregate(**bucket_counts()), "")


def by_objective(tasks) -> list[Row]:
    rows = (
        tasks.values("objective", "objective__position", "objective__text", "plan__number")
        .annotate(**bucket_counts())
        .order_by("plan__number", "objective__position", "objective")
    )
    return [_row(f"{r['objective__position']}. {r['objective__text']}", r, f"objective={r['objective']}") for r in rows]


def by_plan(tasks) -> list[Row]:
    rows = tasks.values("plan", "plan__number", "plan__title").annotate(**bucket_counts()).order_by("plan__number", "plan")
    return [_row(f"{r['plan__number']} — {r['plan__title']}", r, f"plan={r['plan']}") for r in rows]


def by_category(tasks) -> list[Row]:
    labels = dict(Task.Category.choices)
    rows = tasks.values("category").annotate(**bucket_counts()).order_by("category")
    return [_row(labels.get(r["category"], r["category"]), r, f"category={r['category']}") for r in rows]


def by_lead_unit(tasks, language: str) -> list[Row]:
    """The lead unit of each visible task (a task's lead unit is shown wherever the task is): for open
    work, the unit that leads it now — an ended unit's successor (`Assignment.objects.with_carrier`);
    done work stays with the unit that did it. The row's link (`lead=`) lists the same tasks."""
    rows = list(
        Assignment.objects.current()
        .filter(role=Assignment.Role.LEAD, task__in=tasks)
        .with_carrier()
        .values("carrier_id")
        .annotate(**bucket_counts("task__", distinct=False))  # one current lead per task
        .order_by()
    )
    units = Unit.objects.in_bulk({r["carrier_id"] for r in rows})
    english = language.startswith("en")
    labelled = [((units[r["carrier_id"]].name_en if english else units[r["carrier_id"]].name_vi), r) for r in rows]
    return [_row(label, r, f"lead={r['carrier_id']}") for label, r in sorted(labelled, key=lambda item: item[0])]


def late_list(tasks, limit: int = 25):
    """The tasks behind the "late" count: the engine's one definition of late."""
    return tasks.filter(late_tasks()).select_related("plan").with_units().order_by("effective_deadline", "pk")[:limit]


def due_soon(tasks, days: int = 30, limit: int = 25):
    start = today()
    return (
        tasks.open()
        .filter(effective_deadline__gte=start, effective_deadline__lte=start + datetime.timedelta(days=days))
        .select_related("plan")
        .with_units()
        .order_by("effective_deadline", "pk")[:limit]
    )


def budget_by_category(tasks, user) -> list[dict]:
    """Planned budget and spending (VND) by category and funding source."""
    labels, funding = dict(Task.Category.choices), dict(Task.Funding.choices)
    spent = spent_by_category(tasks, user)
    rows = (
        tasks.exclude(status=Task.Status.CANCELLED)
        .values("category", "funding_source")
        .annotate(planned=Sum("budget"), tasks_count=Count("pk"))
        .order_by("category", "funding_source")
    )
    return [
        {
            "category": labels.get(r["category"]),
            "funding": funding.get(r["funding_source"]),
            "planned": r["planned"] or 0,
            "spent": spent.get((r["category"], r["funding_source"]), 0),
            "tasks": r["tasks_count"],
            "query": f"category={r['category']}",
        }
        for r in rows
    ]


def trend(values, width: int = 120, height: int = 32) -> str:
    """SVG polyline points for a small trend line of indicator values (oldest first)."""
    numbers = [float(v.value) for v in values]
    if len(numbers) < 2:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = width / (len(numbers) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (n - low) / span * (height - 4), 1)}" for i, n in enumerate(numbers)
    )


def spent_by_category(tasks, user) -> dict[tuple[str, str], int]:
    """VND spent by (category, funding source) on the assignments `user` may read: each assignment
    keeps the amount of its latest approved report (Assignment.spent_to_date), so one sum does."""
    rows = (
        Assignment.objects.visible_to(user).filter(task__in=tasks)
        .values("task__category", "task__funding_source")
        .annotate(spent=Sum("spent_to_date"))
        .order_by()
    )
    return {(r["task__category"], r["task__funding_source"]): r["spent"] or 0 for r in rows}


def agreement_implementation(user) -> dict:
    """Tasks of agreement implementation plans by standing, and certificates of coverage by direction and office."""
    tasks = Task.objects.visible_to(user).filter(
        plan__kind=Plan.Kind.AGREEMENT, plan__status__in=Plan.IN_FORCE
    )
    certificates = CoverageCertificate.objects.visible_to(user).live()
    by_direction = dict(certificates.values_list("direction").annotate(n=Count("pk")).order_by())
    directions = [
        {"value": value, "label": label, "count": by_direction.get(value, 0)}
        for value, label in CoverageCertificate.Direction.choices
    ]
    name = "office__name_en" if (get_language() or "vi").startswith("en") else "office__name_vi"
    rows = (
        certificates.values("office", name)
        .annotate(
            total=Count("pk"),
            **{
                value: Count("pk", filter=Q(direction=value)) for value, _label in CoverageCertificate.Direction.choices
            },
        )
        .order_by("-total", name)[:15]
    )
    offices = [
        {"id": r["office"], "name": r[name], "counts": [r[value] for value in CoverageCertificate.Direction.values]}
        for r in rows
    ]
    return {
        "totals": totals(tasks),
        "directions": directions,
        "offices": offices,
        "ending_60": certificates.ending_within(60).count(),
        "ending_30": certificates.ending_within(30).count(),
    }


def conferences_summary(user, year: int) -> dict:
    """Conferences of the year held and planned, and the registered participants and mean feedback
    of the participants `user` may see (one query each)."""
    conferences = Conference.objects.visible_to(user).in_year(year)
    statuses = dict(conferences.values_list("status").annotate(n=Count("pk")).order_by())
    held = sum(statuses.get(status, 0) for status in Conference.TOOK_PLACE)
    planned = sum(statuses.get(status, 0) for status in Conference.UPCOMING)
    participants = Participant.objects.visible_to(user)
    rating = Feedback.objects.visible_to(user).filter(session__conference__in=conferences).aggregate(
        mean=Avg("rating")
    )["mean"]
    return {
        "held": held,
        "planned": planned,
        "cancelled": statuses.get(Conference.Status.CANCELLED, 0),
        "participants": participants.registered().filter(conference__in=conferences).count(),
        "rating": rating,
        "year": year,
    }


# --- Upward reporting: the four states, the on-time rate and extensions (plans.models.standing_counts) ---

STANDINGS = list(Standing)
STANDING_KEYS = [*(s.value for s in STANDINGS), "total", "due", "due_on_time", "extended", "extended_on_time"]


@dataclass
class StandingRow:
    """One line of a four-state breakdown: its label, its counts and the task-list query behind them."""

    label: str
    counts: dict
    query: str
    due_query: str = ""  # what narrows the row's tasks to those due by today (a period's row already is)
    unit_id: int | None = None  # the unit of a row by unit

    @property
    def rate(self) -> int | None:
        return on_time_rate(self.counts)

    @property
    def cells(self) -> list[dict]:
        return [{"standing": s, "label": s.label, "count": self.counts[s.value]} for s in STANDINGS]


def _standing_row(label, values: dict, query: str, key=lambda name: name, day=None) -> StandingRow:
    return StandingRow(
        label=label, counts={name: values[key(name)] for name in STANDING_KEYS}, query=query,
        due_query=f"due_to={day:%d/%m/%Y}" if day else "",
    )


def standing_totals(tasks, day) -> StandingRow:
    return _standing_row("", tasks.aggregate(**standing_counts(day=day)), "", day=day)


def standings_by_plan(tasks, day) -> list[StandingRow]:
    rows = (
        tasks.values("plan", "plan__number", "plan__title").annotate(**standing_counts(day=day))
        .order_by("plan__number", "plan")
    )
    return [_standing_row(f"{r['plan__number']} — {r['plan__title']}", r, f"plan={r['plan']}", day=day) for r in rows]


def standings_by_objective(tasks, day) -> list[StandingRow]:
    rows = (
        tasks.values("objective", "objective__position", "objective__text", "plan__number")
        .annotate(**standing_counts(day=day))
        .order_by("plan__number", "objective__position", "objective")
    )
    return [
        _standing_row(f"{r['objective__position']}. {r['objective__text']}", r, f"objective={r['objective']}", day=day)
        for r in rows
    ]


def standings_by_category(tasks, day) -> list[StandingRow]:
    labels = dict(Task.Category.choices)
    rows = tasks.values("category").annotate(**standing_counts(day=day)).order_by("category")
    return [_standing_row(labels.get(r["category"], r["category"]), r, f"category={r['category']}", day=day) for r in rows]


def _standings_by_unit(tasks, day, language: str, assignments, parameter: str) -> list[StandingRow]:
    """One row per unit of current `assignments`. A unit is on a task at most once at a time (the constraint
    assignment_unit_once_per_task), so its tasks are counted without DISTINCT and the rows are sorted by name
    here: PostgreSQL then hashes the groups instead of sorting every assignment row by a text key."""
    name = "unit__name_en" if language.startswith("en") else "unit__name_vi"
    counts = standing_counts("task__", day, distinct=False)
    rows = sorted(
        assignments.filter(task__in=tasks).values("unit", name).annotate(**counts).order_by(),
        key=lambda r: (r[name], r["unit"]),
    )
    out = [_standing_row(r[name], r, f"{parameter}={r['unit']}", day=day) for r in rows]
    for row, r in zip(out, rows, strict=True):
        row.unit_id = r["unit"]
    return out


def standings_by_lead_unit(tasks, day, language: str) -> list[StandingRow]:
    leads = Assignment.objects.current().filter(role=Assignment.Role.LEAD)
    return _standings_by_unit(tasks, day, language, leads, "lead")


def standings_by_province(tasks, day, language: str) -> list[StandingRow]:
    """Each provincial (or regional) office with work in the scope, as lead or coordinating unit."""
    offices = Assignment.objects.current().filter(unit__kind__in=(Unit.Kind.PROVINCIAL, Unit.Kind.REGIONAL))
    return _standings_by_unit(tasks, day, language, offices, "unit")


def standings_by_period(tasks, day, periods) -> list[StandingRow]:
    """The tasks due in each reporting period's data window (so far, for the current one), in one
    query whatever the number of periods; a period whose window has not begun is left out."""
    windows = [(p, p.data_from, min(p.data_to, day)) for p in periods if p.data_from <= day]
    if not windows:
        return []
    aggregates = {}
    for period, start, end in windows:
        for name, aggregate in standing_counts(day=day, within=due_between(start=start, end=end)).items():
            aggregates[f"p{period.pk}_{name}"] = aggregate
    values = tasks.aggregate(**aggregates)
    return [
        _standing_row(
            f"{period.label} ({start:%d/%m} – {end:%d/%m/%Y})", values,
            f"due_from={start:%d/%m/%Y}&due_to={end:%d/%m/%Y}", key=lambda name, pk=period.pk: f"p{pk}_{name}",
        )
        for period, start, end in windows
    ]


def open_explanations(user, tasks, limit: int = 10):
    """Explanations still awaited from the units, on the scope's tasks, the oldest reply date first."""
    return (
        ExplanationReply.objects.visible_to(user).awaited().filter(request__task__in=tasks)
        .select_related("request__task", "unit").order_by("request__reply_by", "pk")[:limit]
    )


# --- The leader's summary (issue 17): headline figures with their change, trends, ranking, provinces ---


def previous_period_end(periods, day):
    """The end of the last reporting period that ended before `day`: the "last period" of a change."""
    ended = [p.end for p in periods if p.end < day]
    return max(ended) if ended else None


def _change(now, before) -> int | None:
    return None if now is None or before is None else now - before


def headline_counts(*, tasks, user, day, periods) -> dict:
    """What the headline counts from the tasks and explanations (four queries): the four states now and at
    the end of the last period, and the overdue explanation requests then and now. Kept with the task
    figures; the headline itself adds the reports received (`headline`)."""
    since = previous_period_end(periods, day)
    replies = ExplanationReply.objects.visible_to(user).filter(request__task__in=tasks)
    return {
        "now": standing_totals(tasks, day),
        "before": standing_totals(tasks, since) if since else None,
        "overdue": replies.overdue(day).count(),
        "overdue_before": replies.overdue(since).count() if since else None,
    }


def headline(counts: dict, completeness, day) -> list[dict]:
    """The four states, the on-time rate, report completeness and overdue explanation requests,
    each with its change since the end of the last period and the query of the list behind it
    (`query` after the scope's own; `explanations` lists replies, not tasks). No query: `counts` comes
    from `headline_counts`."""
    now, before = counts["now"], counts["before"]
    items = [
        {
            "key": cell["standing"].value, "label": cell["label"], "value": cell["count"], "unit": "",
            "change": _change(cell["count"], before.counts[cell["standing"].value]) if before else None,
            "bad": cell["standing"] in (Standing.OVERDUE, Standing.DONE_LATE),
            "query": f"standing={cell['standing'].value}", "list": "tasks",
        }
        for cell in now.cells
    ]
    items.append({
        "key": "on_time_rate", "label": _("On-time rate"), "value": now.rate, "unit": "%",
        "change": _change(now.rate, before.rate) if before else None, "bad": False,
        "detail": {"on_time": now.counts["due_on_time"], "due": now.counts["due"]},
        "query": f"standing=done_on_time&due_to={day:%d/%m/%Y}", "list": "tasks",
    })
    rates = completeness_rates(completeness, day)
    items.append({
        "key": "completeness", "label": _("Reports received"), "value": rates[-1]["rate"] if rates else None,
        "unit": "%", "change": _change(rates[-1]["rate"], rates[-2]["rate"]) if len(rates) > 1 else None,
        "bad": False, "period": rates[-1]["label"] if rates else "", "list": "completeness",
        "detail": {"submitted": rates[-1]["submitted"], "expected": rates[-1]["expected"]} if rates else None,
    })
    overdue = counts["overdue"]
    items.append({
        "key": "explanations_overdue", "label": _("Explanations overdue"), "value": overdue, "unit": "",
        "change": _change(overdue, counts["overdue_before"]), "bad": True, "list": "explanations",
    })
    return items


def completeness_rates(completeness, day) -> list[dict]:
    """Reports received ÷ reports owed, per reporting period already due, oldest first."""
    if completeness is None:
        return []
    return [
        {
            "label": period.label, "expected": cell.expected, "submitted": cell.submitted,
            "rate": round(100 * cell.submitted / cell.expected) if cell.expected else None,
        }
        for period, cell in zip(completeness.periods, completeness.totals, strict=True)
        if period.due_date < day
    ]


CHART_WIDTH, CHART_HEIGHT = 240, 64


def percent_chart(points: list[tuple[str, int | None]]) -> dict:
    """A small line chart of percentages (0–100) drawn on the server: the SVG polyline and dots, and
    the same points as text (its alternative)."""
    known = [(index, value) for index, (_label, value) in enumerate(points) if value is not None]
    step = CHART_WIDTH / max(len(points) - 1, 1)

    def y(value: int) -> float:
        return round(CHART_HEIGHT - 4 - value / 100 * (CHART_HEIGHT - 8), 1)

    dots = [{"x": round(index * step, 1), "y": y(value), "value": value} for index, value in known]
    return {
        "polyline": " ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        "dots": dots,
        "rows": [{"label": label, "value": value} for label, value in points],
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
    }


def trends(period_rows, completeness, day) -> list[dict]:
    """The year's periods: the on-time rate of the tasks due in each period, and reports received."""
    charts = []
    if period_rows:
        charts.append({
            "key": "on_time", "title": _("On-time rate by period"),
            "chart": percent_chart([(row.label.split(" (")[0], row.rate) for row in period_rows]),
        })
    rates = completeness_rates(completeness, day)
    if rates:
        charts.append({
            "key": "completeness", "title": _("Reports received by period"),
            "chart": percent_chart([(r["label"], r["rate"]) for r in rates]),
        })
    return charts


def unit_ranking(lead_rows, completeness) -> list[dict]:
    """Lead units ranked by on-time rate (units with nothing due yet last), with their reports received."""
    received = {row.unit.pk: row.total for row in completeness.rows} if completeness else {}
    ranked = []
    for row in lead_rows:
        cell = received.get(row.unit_id)
        ranked.append({
            "row": row,
            "completeness": round(100 * cell.submitted / cell.expected) if cell and cell.expected else None,
            "cell": cell,
        })
    return sorted(ranked, key=lambda r: (r["row"].rate is None, -(r["row"].rate or 0), r["row"].label))


PROVINCE_STATES = ("overdue", "in_progress", "done", "none")


def province_grid(province_rows, day, language: str) -> list[dict]:
    """Every provincial office in operation on `day` (34 since 01/07/2025), with its figures in the scope
    and a state for its colour: overdue work, work in progress, all done, or no work."""
    name = "name_en" if language.startswith("en") else "name_vi"
    rows = {row.unit_id: row for row in province_rows}
    cells = []
    for unit in Unit.objects.active_on(day).filter(kind=Unit.Kind.PROVINCIAL).order_by(name, "pk"):
        row = rows.get(unit.pk)
        counts = row.counts if row else None
        if counts is None or not counts["total"]:
            state = "none"
        elif counts[Standing.OVERDUE]:
            state = "overdue"
        elif counts[Standing.IN_PROGRESS]:
            state = "in_progress"
        else:
            state = "done"
        cells.append({"unit": unit, "name": getattr(unit, name), "short": _province(getattr(unit, name)), "row": row,
                      "state": state})
    return cells


PROVINCE_WORDS = ("Bảo hiểm xã hội tỉnh ", "Bảo hiểm xã hội thành phố ", " Province Social Security", " City Social Security")


def _province(name: str) -> str:
    """The province in an office's name ("Bảo hiểm xã hội tỉnh Lào Cai" → "Lào Cai"), for a compact grid."""
    for words in PROVINCE_WORDS:
        name = name.replace(words, "")
    return name
