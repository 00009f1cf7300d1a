from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms import UnitChoiceField, UnitMultipleChoiceField
from accounts.models import Unit
from core.forms import DateField, DateInput, ListFilterForm, QuickSelect, date_fields, money_fields, narrow_choices
from core.text import search_filter

from .models import Assignment, Bucket, Objective, Plan, Standing, Task, due_between, with_extension
from .sections import task_search_ids
from .services import assignable_units


class LockVersionMixin(forms.Form):
    """Carries the version the user started from, for optimistic locking."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def init_lock_version(self):
        if self.instance.pk and not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version


class PlanForm(LockVersionMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "year", "number", "issue_date", "title", "issuing_unit", "general_goal", "signed_document"]
        field_classes = {**date_fields("issue_date"), "issuing_unit": UnitChoiceField}
        widgets = {"issue_date": DateInput(), "general_goal": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = Unit.objects.internal().order_by("kind", "name_vi")
        self.init_lock_version()


class ObjectiveForm(LockVersionMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_lock_version()


class TaskForm(LockVersionMixin, forms.ModelForm):
    lead_unit = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinating_units = UnitMultipleChoiceField(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    class Meta:
        model = Task
        fields = [
            "objective",
            "title",
            "category",
            "content",
            "expected_result",
            "reference",
            "start_date",
            "deadline",
            "budget",
            "funding_source",
            "partners",
            "status",
            "progress",
        ]
        field_classes = {**date_fields("start_date", "deadline"), **money_fields("budget")}
        widgets = {
            "start_date": DateInput(),
            "deadline": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["objective"].queryset = plan.objectives.order_by("position", "pk")
        self.fields["partners"].queryset = Unit.objects.partners().order_by("name_vi")
        units = assignable_units(plan)
        if self.instance.pk:
            current = self.instance.assignments.filter(removed_at__isnull=True)
            units = (units | Unit.objects.filter(pk__in=current.values("unit_id"))).distinct()
            self.initial.setdefault("lead_unit", current.filter(role="lead").values_list("unit_id", flat=True).first())
            self.initial.setdefault(
                "coordinating_units", list(current.filter(role="coordinating").values_list("unit_id", flat=True))
            )
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["start_date"].help_text = _("dd/mm/yyyy, in %(year)s or later.") % {"year": plan.year}
        self.fields["deadline"].help_text = _("dd/mm/yyyy, on or after the start date.")
        self.init_lock_version()

    def clean(self):
        cleaned = super().clean()
        lead, coordinating = cleaned.get("lead_unit"), cleaned.get("coordinating_units") or []
        if lead and lead in coordinating:
            self.add_error("coordinating_units", _("The lead unit cannot also be a coordinating unit."))
        return cleaned

    def _post_clean(self):
        self.instance.plan = self.plan
        super()._post_clean()


class AmendmentIssueForm(forms.Form):
    note = forms.CharField(
        label=_("What the amendment changes and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


OPEN = "open"
IN_FORCE = "in_force"


class PlanFilterForm(ListFilterForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Plan.Status.choices])

    def filter(self, plans, data):
        plans = super().filter(plans, data)
        if data.get("status"):
            plans = plans.filter(status=data["status"])
        return plans.order_by("-year", "kind", "number", "pk")


def plan_list_filter(user, params) -> tuple[PlanFilterForm, QuerySet]:
    """The plan list's filter form and its rows for `user` (through visible_to): the page, its Excel and the
    background export all read the list here."""
    form = PlanFilterForm(params)
    plans = Plan.objects.visible_to(user).with_progress().select_related("issuing_unit")
    return form, form.results(plans)


class OrphanedWorkFilterForm(ListFilterForm):
    def filter(self, assignments, data):
        query = data.get("q")
        if query:
            assignments = search_filter(assignments, query, field="task__search_text")
        return assignments.order_by("task__deadline", "task__plan_id", "task__position", "pk")


class TaskFilterForm(forms.Form):
    SORTS = {
        "deadline": ("effective_deadline", "pk"),
        "-deadline": ("-effective_deadline", "-pk"),
        "title": ("title", "pk"),
        "progress": ("progress", "pk"),
        "-progress": ("-progress", "pk"),
        "plan": ("plan__year", "objective__position", "position", "pk"),
    }

    q = forms.CharField(label=_("Search"), required=False)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind of plan"), required=False, choices=[("", _("All")), *Plan.Kind.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    plan_status = forms.ChoiceField(
        label=_("Plan status"), required=False,
        choices=[("", _("All")), (IN_FORCE, _("Issued or closed")), *Plan.Status.choices],
    )
    objective = forms.ModelChoiceField(
        label=_("Objective"), queryset=Objective.objects.none(), required=False,
        help_text=_("Choose a plan first to list its objectives."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Task.Category.choices])
    unit = UnitChoiceField(label=_("Lead or coordinating unit"), queryset=Unit.objects.none(), required=False)
    lead = UnitChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), (OPEN, _("Open (not done, not cancelled)")), *Task.Status.choices],
    )
    deadline_from = DateField(label=_("Deadline from"), required=False, widget=DateInput())
    deadline_to = DateField(label=_("Deadline to"), required=False, widget=DateInput())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    bucket = forms.ChoiceField(label=_("Standing"), required=False, choices=[("", _("All")), *Bucket.choices])
    standing = forms.ChoiceField(
        label=_("Reporting state"), required=False, choices=[("", _("All")), *Standing.choices],
        help_text=_("Against the effective deadline; cancelled tasks are in none."),
    )
    due_from = DateField(label=_("Due (effective deadline) from"), required=False, widget=DateInput())
    due_to = DateField(
        label=_("Due (effective deadline) to"), required=False, widget=DateInput(),
        help_text=_("Cancelled tasks are left out."),
    )
    extended = forms.BooleanField(label=_("With an approved extension"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("deadline", _("Deadline, earliest first")),
            ("-deadline", _("Deadline, latest first")),
            ("title", _("Title")),
            ("progress", _("Progress, lowest first")),
            ("-progress", _("Progress, highest first")),
            ("plan", _("Plan order")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        plans = Plan.objects.visible_to(user).order_by("-year", "number")
        self.fields["plan"].queryset = plans
        # Only the chosen plan's objectives (or the one objective asked for): every objective of
        # every plan would make a select of hundreds of options on each page.
        narrow_choices(
            self, "objective",
            Objective.objects.filter(plan__in=plans).select_related("plan").order_by("plan", "position"),
            parent="plan", parent_lookup="plan_id",
        )
        self.fields["objective"].label_from_instance = lambda o: (
            f"{o.plan.number or o.plan.title} — {o.position}. {o.text[:60]}"
        )
        units = Unit.objects.internal().order_by("kind", "name_vi")
        self.fields["unit"].queryset = units
        self.fields["lead"].queryset = units

    def clean(self):
        cleaned = super().clean()
        for start_name, end_name in (("deadline_from", "deadline_to"), ("due_from", "due_to")):
            start, end = cleaned.get(start_name), cleaned.get(end_name)
            if start and end and end < start:
                self.add_error(end_name, _("The end of the range is before its start."))
        return cleaned

    def filter(self, tasks):
        data = self.cleaned_data
        if data.get("q"):
            # The task's own text, or text the apps above keep about it (e.g. its discussion).
            found = Q(pk__in=Task.objects.search(data["q"]).values("pk"))
            for ids in task_search_ids(self.user, data["q"]):
                found |= Q(pk__in=ids)
            tasks = tasks.filter(found)
        for name in ("plan", "objective", "category"):
            if data.get(name):
                tasks = tasks.filter(**{name: data[name]})
        if data.get("status") == OPEN:
            tasks = tasks.open()
        elif data.get("status"):
            tasks = tasks.filter(status=data["status"])
        if data.get("kind"):
            tasks = tasks.filter(plan__kind=data["kind"])
        if data.get("year") and data.get("plan_status") == IN_FORCE:
            tasks = tasks.of_year(data["year"])  # the plans in force in the year, as the dashboard counts them
        elif data.get("year"):
            tasks = tasks.filter(plan__year=data["year"])
        if data.get("plan_status") == IN_FORCE:
            tasks = tasks.filter(plan__status__in=Plan.IN_FORCE)
        elif data.get("plan_status"):
            tasks = tasks.filter(plan__status=data["plan_status"])
        # A unit's tasks: what it answers for now, its ended predecessors' open work included (as on the dashboard).
        if data.get("unit"):
            assigned = Assignment.objects.current().answered_by([data["unit"].pk])
            tasks = tasks.filter(pk__in=assigned.values("task_id"))
        if data.get("lead"):
            leads = Assignment.objects.current().filter(role=Assignment.Role.LEAD).answered_by([data["lead"].pk])
            tasks = tasks.filter(pk__in=leads.values("task_id"))
        if data.get("deadline_from"):
            tasks = tasks.filter(deadline__gte=data["deadline_from"])
        if data.get("deadline_to"):
            tasks = tasks.filter(deadline__lte=data["deadline_to"])
        if data.get("overdue"):
            tasks = tasks.overdue()
        if data.get("bucket"):
            tasks = tasks.in_bucket(data["bucket"])
        if data.get("standing"):
            tasks = tasks.in_standing(data["standing"])
        if data.get("due_from") or data.get("due_to"):
            tasks = tasks.filter(due_between(start=data.get("due_from"), end=data.get("due_to")))
        if data.get("extended"):
            tasks = tasks.filter(with_extension())
        return tasks.order_by(*self.SORTS.get(data.get("sort") or "deadline"))


def task_list_filter(user, params) -> tuple["TaskFilterForm", QuerySet]:
    """The task list's filter form and its rows for `user` (through visible_to): the page, its Excel and
    the background export all read the list here. An invalid filter gives no rows (shown as a form error)."""
    form = TaskFilterForm(params or None, user=user)
    tasks = Task.objects.visible_to(user).select_related("plan", "objective").with_units()
    if form.is_valid():
        return form, form.filter(tasks)
    if form.is_bound:
        return form, tasks.none()
    return form, tasks.order_by("deadline", "pk")


class HandDownForm(forms.Form):
    officer = forms.ModelChoiceField(
        label=_("Executing officer"), queryset=None, empty_label=_("Choose a colleague"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        error_messages={"required": _("Choose an active colleague of your unit."),
                        "invalid_choice": _("Choose an active colleague of your unit.")},
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class TaskImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx) filled from the template"))
