import datetime

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.forms import UnitChoiceField
from accounts.models import Unit
from core.forms import DateInput, ListFilterForm, QuickSelect, date_fields, money_fields, narrow_choices
from core.uploads import EVIDENCE, accept_attribute, check_upload
from plans.models import Plan, Task

from .access import REPORT_RELATED
from .models import ProgressReport, ReportingPeriod, may_review_reports
from .services import DEFAULT_DUE_DAYS, DEFAULT_KIND_CHOICES, DEFAULT_KINDS
from .worklist import unit_work


class ProgressReportForm(forms.ModelForm):
    """What a unit writes; the optional file is added to the report's evidence when it is saved."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    attachment = forms.FileField(
        label=_("Add an evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(EVIDENCE)}),
    )

    class Meta:
        model = ProgressReport
        fields = ["work_status", "progress", "results", "difficulties_and_proposals", "amount_spent"]
        field_classes = money_fields("amount_spent")
        widgets = {
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "difficulties_and_proposals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_status"].choices = [
            choice for choice in Task.Status.choices if choice[0] != Task.Status.CANCELLED
        ]
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    @classmethod
    def starting_from(cls, previous: ProgressReport | None, task: Task) -> dict:
        """The initial values of a new report: the last approved report's state, figures and text, or
        without one the task's own progress, never 0 % on a task already under way."""
        if previous is not None:
            return {
                "work_status": previous.work_status, "progress": previous.progress, "results": previous.results,
                "difficulties_and_proposals": previous.difficulties_and_proposals,
            }
        status = task.status if task.status != Task.Status.CANCELLED else Task.Status.IN_PROGRESS
        return {"work_status": status, "progress": task.progress}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload, accepted=EVIDENCE)
        return upload


class ReviewForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LockForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(
        label=_("Evidence file"), widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(EVIDENCE)})
    )

    def clean_attachment(self):
        upload = self.cleaned_data["attachment"]
        check_upload(upload, accepted=EVIDENCE)
        return upload


class ReviewQueueFilterForm(ListFilterForm):
    """Filters of central staff's review queue; the choices are what the user may see. A reviewer
    who chose no status starts with the reports awaiting review."""

    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), required=False, empty_label=_("All plans"), widget=QuickSelect,
    )
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=ReportingPeriod.objects.none(), required=False, empty_label=_("All periods"),
        help_text=_("Choose a plan first to list its periods."),
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.internal(), required=False, empty_label=_("All units")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data, *, user):
        if "status" not in data and may_review_reports(user):
            data = data.copy()
            data["status"] = ProgressReport.Status.SUBMITTED
        super().__init__(data)
        plans = Plan.objects.visible_to(user).exclude(status=Plan.Status.DRAFT)
        self.fields["plan"].queryset = plans.order_by("-year", "number")
        narrow_choices(
            self, "period",
            ReportingPeriod.objects.filter(plan__in=plans).select_related("plan")
            .order_by("-plan__year", "plan__number", "end", "-start"),
            parent="plan", parent_lookup="plan_id",
        )
        self.fields["period"].label_from_instance = lambda period: f"{period.plan.number} · {period.label}"
        self.fields["status"].choices = [("", _("All statuses")), *ProgressReport.Status.choices]

    def filter(self, reports, data):
        reports = super().filter(reports, data)
        if data.get("plan"):
            reports = reports.filter(period__plan=data["plan"])
        if data.get("period"):
            reports = reports.filter(period=data["period"])
        if data.get("unit"):
            reports = reports.filter(unit=data["unit"])
        # Oldest submission first; with every status, those awaiting review come first. One status
        # chosen reads in the order of the (status, submitted_at, id) index; the page is then grouped
        # by task (`worklist.review_groups`).
        if data.get("status"):
            return reports.filter(status=data["status"]).order_by("submitted_at", "pk")
        awaiting_first = Case(
            When(status=ProgressReport.Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return reports.order_by(awaiting_first, "submitted_at", "pk")


def review_queue_filter(user, params) -> tuple[ReviewQueueFilterForm, QuerySet]:
    """The review queue's filter form and its reports for `user` (through visible_to): the page, its Excel and
    the background export all read the queue here."""
    form = ReviewQueueFilterForm(params, user=user)
    return form, form.results(ProgressReport.objects.visible_to(user).select_related(*REPORT_RELATED))


class WorkFilterForm(ListFilterForm):
    """Filters of a unit officer's work list."""

    everything = forms.BooleanField(label=_("Also show periods already reported"), required=False)

    def work(self, user, *, today: datetime.date):
        """`unit_work` rows for the filters; none when the query string is invalid."""
        if self.submitted and not self.is_valid():
            return unit_work(user, today=today).none()
        data = self.cleaned_data if self.submitted else {}
        return unit_work(user, query=data.get("q", ""), everything=data.get("everything", False), today=today)


class CompletenessFilterForm(forms.Form):
    """Which plan the completeness table shows (by default the latest in force), and which kinds of
    period (every kind by default: a plan may mix months, quarters, six and nine months, the year)."""

    plan = forms.IntegerField(label=_("Plan"), required=False, min_value=1, max_value=2**31 - 1)
    kind = forms.ChoiceField(
        label=_("Periods"), required=False, choices=[("", _("Every kind")), *ReportingPeriod.Kind.choices]
    )


class PeriodForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "label", "start", "end", "data_from", "data_to", "due_date"]
        field_classes = date_fields("start", "end", "data_from", "data_to", "due_date")
        widgets = {
            "start": DateInput(), "end": DateInput(), "data_from": DateInput(), "data_to": DateInput(),
            "due_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version


class DefaultPeriodsForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of period"), widget=forms.CheckboxSelectMultiple, initial=list(DEFAULT_KINDS), required=False,
        choices=[(kind, ReportingPeriod.Kind(kind).label) for kind in DEFAULT_KIND_CHOICES],
        help_text=_("None chosen: quarters, the first six months and the year."),
    )
    due_days = forms.IntegerField(
        label=_("Reports due this many days after each period ends"),
        min_value=0, max_value=90, initial=DEFAULT_DUE_DAYS,
    )

    def clean_kinds(self):
        return self.cleaned_data["kinds"] or list(DEFAULT_KINDS)
