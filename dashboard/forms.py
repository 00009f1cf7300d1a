"""The dashboard's query strings as forms: its scope (one plan, or a year's plans in force) and the
official report's choices. A bad plan id, a bad year or a NUL byte is a form error, never a 500."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.docnumbers import parse_document_number
from core.forms import DateField, DateInput, QuickSelect
from plans.models import Plan, Task, today
from reports.models import ReportingPeriod

DRAFT_NUMBER = "…/BC-BHXH"


@dataclass
class Scope:
    """The work the dashboard counts: `tasks` (through visible_to) and the task-list query behind them."""

    plan: Plan | None
    year: int
    tasks: QuerySet
    query: str


class ScopeForm(forms.Form):
    """Which work the dashboard shows: one plan, or every plan in force in a year (Task.objects.of_year)."""

    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), required=False, empty_label=_("All plans of the year"),
        widget=QuickSelect,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, data=None, *, user):
        super().__init__(data or None)
        self.user = user
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-year", "number")

    def scope(self) -> Scope | None:
        """The scope asked for; without a query string, the current year (or the latest with a plan);
        None when the query string is invalid (the form then carries the errors)."""
        plan = year = None
        if self.is_bound:
            if not self.is_valid():
                return None
            plan, year = self.cleaned_data["plan"], self.cleaned_data["year"]
        tasks = Task.objects.visible_to(self.user)
        if plan is not None:
            return Scope(plan=plan, year=plan.year, tasks=tasks.filter(plan=plan), query=f"plan={plan.pk}")
        if year is None:
            year = self.default_year()
        return Scope(plan=None, year=year, tasks=tasks.of_year(year), query=f"year={year}&plan_status=in_force")

    def default_year(self) -> int:
        plans, current = Plan.objects.visible_to(self.user), today().year
        return current if plans.filter(year=current).exists() else (plans.aggregate(top=Max("year"))["top"] or current)


class OfficialReportForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Plan and reporting period"), queryset=ReportingPeriod.objects.none())
    number = forms.CharField(
        label=_("Report number"),
        initial=DRAFT_NUMBER,
        max_length=64,
        help_text=_("Leave “…/BC-BHXH” until the report is registered and numbered."),
    )
    date = DateField(label=_("Date of the report"), widget=DateInput())
    issuer = forms.CharField(label=_("Issuing body"), initial="Bảo hiểm xã hội Việt Nam", max_length=255)
    format = forms.ChoiceField(
        choices=[("docx", "Word (.docx)"), ("pdf", "PDF")], required=False, widget=forms.HiddenInput
    )

    def clean_format(self):
        return self.cleaned_data["format"] or "docx"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.fields["period"].queryset = (
            ReportingPeriod.objects.filter(
                plan__in=Plan.objects.visible_to(user).filter(status__in=Plan.IN_FORCE)
            )
            .select_related("plan")
            .order_by("-plan__year", "plan__number", "end", "-start")
        )
        self.fields["period"].label_from_instance = lambda p: f"{p.plan.number} — {p.label}"
        self.suggestions = self._suggestions()
        if self.suggestions:
            self.initial.setdefault("period", self.suggestions[0][1].pk)

    def _suggestions(self) -> list[tuple[str, ReportingPeriod]]:
        """The period that ended last and the one running today, the two a leader usually wants.
        Two queries."""
        periods, day = self.fields["period"].queryset, timezone.localdate()
        found = [
            (_("Last ended period"), periods.filter(end__lt=day).order_by("-end", "start", "pk").first()),
            (_("Current period"), periods.filter(start__lte=day, end__gte=day).order_by("end", "-start", "pk").first()),
        ]
        return [(label, period) for label, period in found if period is not None]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number == DRAFT_NUMBER:
            return number
        try:
            return str(parse_document_number(number, expected_type="BC"))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
