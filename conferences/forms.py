
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import forms as accounts_forms
from accounts.models import Unit
from core.forms import DateInput, ListFilterForm, date_fields, money_fields
from core.uploads import TEXTS, UploadValidator, accept_attribute
from plans.models import Task

from .models import AgendaSession, Award, Conference, Invitation, Participant, SessionMaterial, Speaker


class TimeInput(forms.TimeInput):
    def __init__(self, attrs=None):
        defaults = {"placeholder": _("hh:mm"), "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%H:%M")


class UnitChoiceField(accounts_forms.UnitChoiceField):
    """Units share names across reorganisations (two "Hà Nội" offices): show the code too."""

    def label_from_instance(self, unit):
        return f"{unit.choice_label} ({unit.code})"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, task):
        return f"{task.plan.number} — {task.title}" if task.plan.number else task.title


def provincial_offices():
    return Unit.objects.filter(kind=Unit.Kind.PROVINCIAL).order_by("name_vi", "code")


class ConferenceFilterForm(ListFilterForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=pgettext_lazy("conference", "Type"), required=False, choices=[("", _("All types")), *Conference.Kind.choices],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Conference.Status.choices])
    province = UnitChoiceField(label=_("Province"), required=False, queryset=provincial_offices(), empty_label=_("All provinces"))
    organiser = UnitChoiceField(
        label=_("Organiser"), required=False, queryset=Unit.objects.internal().order_by("kind", "name_vi"),
        empty_label=_("All organisers"),
    )

    def filter(self, queryset, data):
        queryset = super().filter(queryset, data)
        if data.get("year"):
            queryset = queryset.in_year(data["year"])
        for field in ("kind", "status", "province", "organiser"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset


def conference_list_filter(user, params) -> tuple[ConferenceFilterForm, QuerySet]:
    """The conference list's filter form and its conferences for `user` (through visible_to), latest first:
    the page, its Excel and the background export all read the list here."""
    form = ConferenceFilterForm(params)
    conferences = Conference.objects.visible_to(user).select_related("province", "organiser").with_counts()
    return form, form.results(conferences).order_by("-start_date", "-pk")


class ConferenceForm(forms.ModelForm):
    province = UnitChoiceField(label=_("Province"), required=False, queryset=provincial_offices(),
                               help_text=Conference._meta.get_field("province").help_text)
    organiser = UnitChoiceField(label=_("Organising unit"), queryset=Unit.objects.internal().order_by("kind", "name_vi"))
    task = TaskChoiceField(label=_("Plan task"), required=False, queryset=Task.objects.none(),
                           help_text=_("The task of a plan this conference carries out."))
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Conference
        fields = [
            "title", "kind", "start_date", "end_date", "venue", "province", "organiser", "chair",
            "registration_deadline", "task", "planned_budget", "description",
        ]
        field_classes = {**date_fields("start_date", "end_date", "registration_deadline"), **money_fields("planned_budget")}
        widgets = {
            "start_date": DateInput(), "end_date": DateInput(), "registration_deadline": DateInput(),
            "title": forms.TextInput(), "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        tasks = Task.objects.visible_to(user).live()
        if self.instance.task_id:
            tasks = tasks | Task.objects.filter(pk=self.instance.task_id)
        initial_task = self.initial.get("task")
        if initial_task:
            tasks = tasks | Task.objects.filter(pk=getattr(initial_task, "pk", initial_task))
        self.fields["task"].queryset = tasks.select_related("plan").order_by("-plan__year", "plan__number", "position")

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("lock_version") is None:
            raise forms.ValidationError(_("The form is out of date: reload the page."))
        return data

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["lock_version"]


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "title", "position", "organisation", "kind"]


class SpeakerFilterForm(ListFilterForm):
    """Search by name, title, position or organisation (diacritics ignored)."""


class AgendaSessionForm(forms.ModelForm):
    class Meta:
        model = AgendaSession
        fields = ["day", "start_time", "end_time", "topic", "speakers", "summary"]
        field_classes = date_fields("day")
        widgets = {
            "day": DateInput(), "start_time": TimeInput(), "end_time": TimeInput(),
            "topic": forms.TextInput(), "summary": forms.Textarea(attrs={"rows": 3}),
            "speakers": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = Speaker.objects.order_by("name")
        self.fields["speakers"].help_text = _("Hold Ctrl (or Cmd) to choose several speakers.")


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(
        label=_("File"), validators=[UploadValidator(SessionMaterial.ACCEPTED)],
        widget=forms.ClearableFileInput(attrs={"accept": accept_attribute(SessionMaterial.ACCEPTED)}),
    )


class InvitationForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    quota = forms.IntegerField(label=_("Participant quota"), min_value=1, max_value=500, initial=2)

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.internal().active_on(conference.start_date)
            .exclude(conference_invitations__conference=conference).order_by("kind", "name_vi")
        )


class RegionInvitationForm(forms.Form):
    region = forms.ChoiceField(label=_("Area"), choices=Unit.Region.choices, initial=Unit.Region.NORTH)
    quota = forms.IntegerField(label=_("Quota per office"), min_value=1, max_value=500, initial=2)


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["quota"]


class ParticipantFilterForm(ListFilterForm):
    """The participant list: search by name, position or organisation, or one invited unit."""

    invitation = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Invitation.objects.none(),
                                        empty_label=_("All units"))

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = invitations
        self.fields["invitation"].label_from_instance = lambda invitation: str(invitation.unit)

    def filter(self, queryset, data):
        queryset = super().filter(queryset, data)
        if data.get("invitation"):
            queryset = queryset.filter(invitation=data["invitation"])
        return queryset


class ParticipantForm(forms.Form):
    invitation = forms.ModelChoiceField(label=_("Unit"), queryset=Invitation.objects.none(), empty_label=None)
    name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitation"].queryset = invitations
        self.fields["invitation"].label_from_instance = lambda invitation: str(invitation.unit)


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=255)
    email = forms.EmailField(label=_("Email"), required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["report_text", "report_file", "actual_budget"]
        field_classes = money_fields("actual_budget")
        widgets = {
            "report_text": forms.Textarea(attrs={"rows": 8}),
            "report_file": forms.ClearableFileInput(attrs={"accept": accept_attribute(TEXTS)}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_text"].required = True


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["honour", "recipient", "recipient_position", "organisation", "decision"]


RATING_CHOICES = [("", _("Not rated")), *[(str(n), str(n)) for n in range(1, 6)]]


class FeedbackForm(forms.Form):
    """One participant's rating and comment for each session that has taken place."""

    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())

    def __init__(self, *args, participants, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["participant"].label_from_instance = lambda p: f"{p.name} — {p.affiliation}"
        self.sessions = list(sessions)
        for session in self.sessions:
            self.fields[f"rating_{session.pk}"] = forms.ChoiceField(
                label=_("Rating: %(topic)s") % {"topic": session.topic}, choices=RATING_CHOICES, required=False,
            )
            self.fields[f"comment_{session.pk}"] = forms.CharField(
                label=_("Comment: %(topic)s") % {"topic": session.topic}, required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def session_fields(self):
        return [(session, self[f"rating_{session.pk}"], self[f"comment_{session.pk}"]) for session in self.sessions]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"rating_{session.pk}") for session in self.sessions):
            raise forms.ValidationError(_("Rate at least one session."))
        for session in self.sessions:
            if data.get(f"comment_{session.pk}") and not data.get(f"rating_{session.pk}"):
                self.add_error(f"rating_{session.pk}", _("Give a rating with the comment."))
        data["ratings"] = {
            session: (int(data[f"rating_{session.pk}"]), data.get(f"comment_{session.pk}", ""))
            for session in self.sessions if data.get(f"rating_{session.pk}")
        }
        return data


class AttendanceForm(forms.Form):
    """Who was present on one day: the day (yyyy-mm-dd, from the page's links) and the ticked participants."""

    day = forms.DateField(
        label=_("Day"), input_formats=["%Y-%m-%d"],
        error_messages={"required": _("Choose a day of the conference."), "invalid": _("Choose a day of the conference.")},
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), required=False, queryset=Participant.objects.none(),
        error_messages={"invalid_choice": _("Attendance can only be recorded for registered participants."),
                        "invalid_pk_value": _("Attendance can only be recorded for registered participants.")},
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = conference.participants.registered()
