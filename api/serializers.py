"""What the API shows of each record, and what a write may send. Dates are ISO 8601.

Reads follow the list pages' prefetching (each list is a fixed number of queries); writes are
checked by the pages' own forms and saved by the apps' services (see views.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Unit
from agreements.models import Agreement, CoverageCertificate
from conferences.models import AgendaSession, Conference, Participant, Speaker
from plans.models import Assignment, Bucket, Objective, Plan, Task
from reports.models import ProgressReport, ReportingPeriod

# A report cannot cancel its task (ProgressReport.clean).
REPORT_WORK_STATUSES = [choice for choice in Task.Status.choices if choice[0] != Task.Status.CANCELLED]


@extend_schema_field({"type": "array", "items": {"type": "integer"}, "readOnly": True})
class PrefetchedIds(serializers.Field):
    """The primary keys of a prefetched relation (no query per row)."""

    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, instance):
        return [item.pk for item in getattr(instance, self.attribute).all()]


class UnitSerializer(serializers.ModelSerializer):
    successors = PrefetchedIds("successors", help_text=_("Units that took over this unit's work when it ended."))
    predecessors = PrefetchedIds("predecessors", help_text=_("Units whose work this unit took over."))
    name = serializers.CharField(read_only=True, help_text=_("The name in the response's language."))

    class Meta:
        model = Unit
        fields = [
            "id", "code", "kind", "name", "name_vi", "name_en", "parent", "region", "valid_from", "valid_to",
            "successors", "predecessors",
        ]


class PlanSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "number", "issue_date", "year", "kind", "title", "issuing_unit", "general_goal", "status",
            "status_label", "version", "amending", "issued_at", "closed_at", "lock_version", "created_at", "updated_at",
        ]


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "plan", "position", "text", "lock_version"]


class TaskSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    bucket = serializers.ChoiceField(
        choices=Bucket.choices, read_only=True, allow_null=True,
        help_text=_("Where the task stands: done, on track, at risk or late (none when cancelled)."),
    )
    is_overdue = serializers.BooleanField(read_only=True)
    lead_unit = serializers.SerializerMethodField()
    coordinating_units = serializers.SerializerMethodField()
    partners = PrefetchedIds("partners")

    class Meta:
        model = Task
        fields = [
            "id", "plan", "objective", "position", "title", "category", "content", "expected_result", "reference",
            "start_date", "deadline", "budget", "funding_source", "status", "status_label", "progress", "bucket",
            "is_overdue", "lead_unit", "coordinating_units", "partners", "lock_version", "created_at", "updated_at",
        ]

    def get_lead_unit(self, task) -> int | None:
        unit = task.lead_unit
        return unit.pk if unit else None

    def get_coordinating_units(self, task) -> list[int]:
        return [unit.pk for unit in task.coordinating_units]


class PartialUpdate:
    """An update sends `lock_version` and only the fields it changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "lock_version"


class TaskCreateSerializer(serializers.Serializer):
    """A new task of a draft plan, as the task form takes it."""

    plan = serializers.IntegerField(min_value=1, help_text=_("A draft plan (or one under amendment)."))
    objective = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=500)
    category = serializers.ChoiceField(choices=Task.Category.choices, required=False)
    content = serializers.CharField(required=False, allow_blank=True)
    expected_result = serializers.CharField(required=False, allow_blank=True)
    reference = serializers.CharField(max_length=255, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField()
    budget = serializers.IntegerField(min_value=0, max_value=2**63 - 1, required=False, allow_null=True)
    funding_source = serializers.ChoiceField(choices=Task.Funding.choices, required=False)
    status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    lead_unit = serializers.IntegerField(min_value=1)
    coordinating_units = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=100)
    partners = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=100)


class TaskUpdateSerializer(PartialUpdate, TaskCreateSerializer):
    plan = None
    lock_version = serializers.IntegerField(min_value=0, help_text=_("The version you read; a stale one is a 409."))


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "task", "unit", "role", "assigned_at", "removed_at"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "kind", "label", "start", "end", "due_date"]


class ProgressReportSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="assignment.task_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    is_late = serializers.BooleanField(read_only=True, help_text=_("First submitted after the period's due date."))

    class Meta:
        model = ProgressReport
        fields = [
            "id", "assignment", "task", "period", "unit", "status", "status_label", "work_status", "progress",
            "results", "difficulties_and_proposals", "amount_spent", "first_submitted_at", "submitted_at",
            "reviewed_at", "review_comment", "is_late", "lock_version", "created_at", "updated_at",
        ]


class ReportCreateSerializer(serializers.Serializer):
    """A unit's new draft report on one assignment for one period."""

    assignment = serializers.IntegerField(min_value=1)
    period = serializers.IntegerField(min_value=1)
    work_status = serializers.ChoiceField(choices=REPORT_WORK_STATUSES, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    results = serializers.CharField(required=False, allow_blank=True)
    difficulties_and_proposals = serializers.CharField(required=False, allow_blank=True)
    amount_spent = serializers.IntegerField(min_value=0, max_value=2**63 - 1, required=False)


class ReportUpdateSerializer(PartialUpdate, ReportCreateSerializer):
    assignment = None
    period = None
    lock_version = serializers.IntegerField(min_value=0, help_text=_("The version you read; a stale one is a 409."))


class LockVersionSerializer(serializers.Serializer):
    lock_version = serializers.IntegerField(min_value=0, help_text=_("The version you read; a stale one is a 409."))


class ReviewSerializer(LockVersionSerializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text=_("What the unit should change (required to return a report)."),
    )


class AgreementSerializer(serializers.ModelSerializer):
    parties = PrefetchedIds("parties")
    liaison_institutions = PrefetchedIds("liaison_institutions")
    implementation_plans = serializers.SerializerMethodField(help_text=_("The implementation plans you may see."))

    class Meta:
        model = Agreement
        fields = [
            "id", "number", "title", "kind", "status", "counterpart", "parties", "place_of_signing", "signed_on",
            "signed_on_precision", "in_force_on", "expires_on", "duration", "renewal", "scope", "signatories",
            "liaison_institutions", "contact_persons", "max_detachment_months", "max_extension_months",
            "implementation_plans", "notes", "lock_version", "created_at", "updated_at",
        ]

    def get_implementation_plans(self, agreement) -> list[int]:
        return [plan.pk for plan in agreement.visible_plans]


class CoverageCertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoverageCertificate
        fields = [
            "id", "agreement", "direction", "worker_name", "nationality", "date_of_birth", "identity_number",
            "home_employer", "host_enterprise", "detachment_start", "detachment_end", "extension_start",
            "extension_end", "covered_until", "number", "office", "status", "notes", "lock_version",
            "created_at", "updated_at",
        ]


class SpeakerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "name", "title", "position", "organisation", "kind"]


class SessionSerializer(serializers.ModelSerializer):
    speakers = SpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaSession
        fields = ["id", "day", "start_time", "end_time", "topic", "summary", "speakers"]


class ParticipantSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="invitation.unit_id", read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "name", "position", "organisation", "unit", "status", "registered_at"]


class ConferenceSerializer(serializers.ModelSerializer):
    invited_count = serializers.IntegerField(read_only=True)
    registered_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id", "title", "kind", "description", "start_date", "end_date", "venue", "province", "organiser",
            "chair", "registration_deadline", "task", "status", "invited_count", "registered_count", "lock_version",
            "created_at", "updated_at",
        ]


class ConferenceDetailSerializer(ConferenceSerializer):
    sessions = SessionSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(
        many=True, read_only=True, source="visible_participants",
        help_text=_("Registered participants you may see: every one for central staff, your unit's otherwise."),
    )

    class Meta(ConferenceSerializer.Meta):
        fields = [*ConferenceSerializer.Meta.fields, "sessions", "participants"]
