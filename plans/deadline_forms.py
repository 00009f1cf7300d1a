"""Forms of deadline tracking: extension requests and decisions, explanation requests and answers,
a planner's completion decision, and the query strings of the two queues."""

from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from core.forms import DateField, DateInput, ListFilterForm
from core.uploads import EVIDENCE, accept_attribute, check_upload

from .models import Assignment, ExtensionRequest, Plan, Task


class DocumentField(forms.FileField):
    """An optional supporting document, checked by its content (core.uploads)."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False, help_text=_("Optional. PDF, Word, Excel, PNG or JPEG."),
            widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(EVIDENCE)}), **kwargs,
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload, accepted=EVIDENCE)
        return upload


class ExtensionRequestForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    proposed_deadline = DateField(label=_("New deadline asked for"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))
    document = DocumentField(label=_("Supporting document"))


class ExtensionDecisionForm(forms.Form):
    APPROVE, REFUSE = "approve", "refuse"

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(APPROVE, _("Grant")), (REFUSE, _("Refuse"))],
    )
    granted_deadline = DateField(
        label=_("Deadline granted"), required=False, widget=DateInput(),
        help_text=_("Leave empty to grant the date asked for."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing."),
    )


class ExplanationRequestForm(forms.Form):
    question = forms.CharField(label=_("What the units should explain"), widget=forms.Textarea(attrs={"rows": 4}))
    reply_by = DateField(label=_("Reply by"), widget=DateInput())
    coordinating_units = forms.ModelMultipleChoiceField(
        label=_("Also ask these coordinating units"), required=False, queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=_("The lead unit is always asked."),
    )

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        coordinating = Assignment.objects.current().filter(task=task, role=Assignment.Role.COORDINATING)
        self.fields["coordinating_units"].queryset = Unit.objects.filter(
            pk__in=coordinating.values("unit_id")
        ).order_by("name_vi")


class ExplanationAnswerForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 6}))
    document = DocumentField(label=_("Supporting document"))


class CompletionForm(forms.Form):
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionFilterForm(ListFilterForm):
    """The extension queue: pending requests first; a planner who chose no status sees the pending ones."""

    ALL = "all"

    status = forms.ChoiceField(label=_("Status"), required=False)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False, empty_label=_("All plans"))

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["status"].choices = [("", _("Waiting for a decision")), (self.ALL, _("All")),
                                         *[c for c in ExtensionRequest.Status.choices if c[0] != "pending"]]
        self.fields["plan"].queryset = Plan.objects.visible_to(user).filter(status__in=Plan.IN_FORCE).order_by(
            "-year", "number")

    def filter(self, requests, data):
        if data.get("q"):
            requests = requests.filter(task__in=Task.objects.search(data["q"]))
        status = data.get("status") or ExtensionRequest.Status.PENDING
        if status != self.ALL:
            requests = requests.filter(status=status)
        if data.get("plan"):
            requests = requests.filter(task__plan=data["plan"])
        if status == self.ALL:
            waiting_first = Case(When(status=ExtensionRequest.Status.PENDING, then=Value(0)), default=Value(1))
            return requests.order_by(waiting_first, "-requested_at", "-pk")
        return requests.order_by("requested_at", "pk")


class ExplanationFilterForm(ListFilterForm):
    """The explanation list: awaited answers by default."""

    AWAITED, OVERDUE, ANSWERED, ALL = "awaited", "overdue", "answered", "all"

    show = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[
            ("", _("Awaiting an answer")), (OVERDUE, _("Not answered by the reply date")), (ANSWERED, _("Answered")),
            (ALL, _("All")),
        ],
    )

    def filter(self, replies, data):
        if data.get("q"):
            replies = replies.filter(request__task__in=Task.objects.search(data["q"]))
        show = data.get("show") or self.AWAITED
        if show == self.AWAITED:
            replies = replies.awaited()
        elif show == self.OVERDUE:
            replies = replies.overdue()
        elif show == self.ANSWERED:
            replies = replies.answered()
        return replies.order_by("request__reply_by", "request_id", "role", "pk")
