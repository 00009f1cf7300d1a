"""The REST API (/api/v1/). Every object comes through its app's `visible_to(user)` or
`get_<thing>_for_user` guard (invisible → 404, visible but not allowed → 403); every write goes
through the form and the service the pages use, so the API can do nothing a page forbids."""

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, CharField, Prefetch, Value, When
from django.utils.cache import parse_etags
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from accounts.forms import UnitFilterForm
from accounts.models import Unit
from agreements.forms import AgreementFilterForm, CoverageFilterForm
from agreements.models import Agreement, CoverageAccessLog, CoverageCertificate
from agreements.services import certificate_access_record
from conferences.forms import ConferenceFilterForm
from conferences.models import Conference, Participant
from core.locking import EditConflict
from plans import services as plan_services
from plans.access import get_plan_for_user, get_task_for_user
from plans.forms import PlanFilterForm, TaskFilterForm, TaskForm
from plans.models import Assignment, Objective, Plan, Task, bucket_conditions
from reports import services as report_services
from reports.access import can_start_report, get_assignment_and_period_for_user, get_report_for_user
from reports.forms import ProgressReportForm, ReviewQueueFilterForm
from reports.models import ProgressReport, ReportingPeriod

from . import serializers
from .filtering import FormFilter, Ordering, form_parameters, ordering_parameter
from .forms import AssignmentFilterForm, PeriodFilterForm, PlanChildFilterForm
from .problems import Conflict

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_("The ETag of the copy you hold: 304 Not Modified when it is still current."),
)
NOT_MODIFIED = OpenApiResponse(description=_("Not modified: your copy (its ETag) is current."))


def etag_of(data) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder).encode()).hexdigest()
    return f'"{digest[:40]}"'


def conditional_response(request, data) -> Response:
    """200 with an ETag, or 304 when the client's If-None-Match names the same representation."""
    etag = etag_of(data)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, headers={"ETag": etag})


def form_errors(form) -> dict:
    """A Django form's errors as DRF field errors (`non_field_errors` for the form's own)."""
    return {
        ("non_field_errors" if field == "__all__" else field): [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def with_bucket(tasks):
    """Annotate each task's standing from the engine's one definition (plans.models.bucket_conditions)."""
    whens = [When(condition, then=Value(bucket.value)) for bucket, condition in bucket_conditions().items()]
    return tasks.annotate(bucket=Case(*whens, default=Value(None), output_field=CharField()))


class ApiViewSet(viewsets.GenericViewSet):
    """Signed in by token or session (DRF exempts its views from the login redirect of the pages
    and answers 401 itself), lists filtered by the page's own filter form and ordered on a stable key, details with an ETag."""

    filter_backends = [FormFilter, Ordering]
    filter_form_class = None
    orderings: dict = {}
    detail_serializer_class = None
    lookup_value_regex = r"\d+"

    def get_filter_form(self, data):
        return self.filter_form_class(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self.record_read([instance])
        return conditional_response(request, self.get_serializer(instance).data)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.record_read(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def record_read(self, objects) -> None:
        """Hook for records whose every read is logged (certificates of coverage)."""


def documented(viewset):
    """Document a viewset's list parameters (its filter form's fields, its orderings) and its detail's ETag."""
    parameters = form_parameters(viewset.filter_form_class) if viewset.filter_form_class else []
    if viewset.orderings:
        parameters.append(ordering_parameter(viewset.orderings))
    detail = viewset.detail_serializer_class or viewset.serializer_class
    return extend_schema_view(
        list=extend_schema(parameters=parameters),
        retrieve=extend_schema(parameters=[IF_NONE_MATCH], responses={200: detail, 304: NOT_MODIFIED}),
    )(viewset)


# --- Organisation units ------------------------------------------------------------------------


@documented
class UnitViewSet(ApiViewSet):
    """VSS units, offices and partner organisations, with their validity and successors."""

    serializer_class = serializers.UnitSerializer
    filter_form_class = UnitFilterForm
    orderings = {"kind": ("kind", "name_vi", "pk"), "code": ("code", "pk")}

    def get_queryset(self):
        return Unit.objects.prefetch_related("successors", "predecessors").order_by("kind", "name_vi", "pk")


# --- Plans, objectives, tasks, assignments -------------------------------------------------------


@documented
class PlanViewSet(ApiViewSet):
    """Plans you may see: every plan for central staff, plans with your unit's work otherwise."""

    serializer_class = serializers.PlanSerializer
    filter_form_class = PlanFilterForm

    def get_queryset(self):
        return Plan.objects.visible_to(self.request.user).order_by("-year", "kind", "number", "pk")


OBJECTIVE_ORDER = {"position": ("plan_id", "position", "pk")}


@documented
class ObjectiveViewSet(ApiViewSet):
    serializer_class = serializers.ObjectiveSerializer
    filter_form_class = PlanChildFilterForm
    orderings = OBJECTIVE_ORDER

    def get_queryset(self):
        return Objective.objects.filter(plan__in=Plan.objects.visible_to(self.request.user))


TASK_CONFLICT = OpenApiResponse(description=_("Someone saved the task since your version: `current` holds it."))


@documented
@extend_schema_view(
    create=extend_schema(request=serializers.TaskCreateSerializer, responses={201: serializers.TaskSerializer}),
    partial_update=extend_schema(
        request=serializers.TaskUpdateSerializer, responses={200: serializers.TaskSerializer, 409: TASK_CONFLICT},
    ),
)
class TaskViewSet(ApiViewSet):
    """Tasks you may see, with the filters and search of /tasks/. Central planners create and change
    the tasks of a draft plan (or of a plan under amendment)."""

    serializer_class = serializers.TaskSerializer
    filter_form_class = TaskFilterForm
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_filter_form(self, data):
        return TaskFilterForm(data, user=self.request.user)

    def get_queryset(self):
        tasks = Task.objects.visible_to(self.request.user).with_units().prefetch_related("partners")
        return with_bucket(tasks).order_by("deadline", "pk")

    def create(self, request):
        incoming = serializers.TaskCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = get_plan_for_user(request.user, incoming.validated_data["plan"], to_edit=True)
        form = self._valid_form(plan, None, incoming.validated_data)
        task = plan_services.task_create(plan=plan, data=self._task_data(form), by=request.user, **self._units(form))
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        task = get_task_for_user(request.user, pk, to_edit=True)
        incoming = serializers.TaskUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        form = self._valid_form(task.plan, task, incoming.validated_data)
        try:
            plan_services.task_update(
                task=task, expected_version=incoming.validated_data["lock_version"], data=self._task_data(form),
                by=request.user, **self._units(form),
            )
        except EditConflict as conflict:
            raise Conflict(current=self.get_serializer(self.get_queryset().get(pk=conflict.current.pk)).data) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    def _valid_form(self, plan, task, changes) -> TaskForm:
        """The task form, filled with the task as it is (or the defaults) and the sent changes."""
        current = task or Task(plan=plan)
        values = {name: getattr(current, name) for name in plan_services.TASK_FIELDS if name != "objective"}
        values["objective"] = current.objective_id
        if task is not None:
            assignments = task.assignments.current()
            values["lead_unit"] = assignments.filter(role=Assignment.Role.LEAD).values_list("unit_id", flat=True).first()
            values["coordinating_units"] = list(
                assignments.filter(role=Assignment.Role.COORDINATING).values_list("unit_id", flat=True))
            values["partners"] = list(task.partners.values_list("pk", flat=True))
        values.update({name: value for name, value in changes.items() if name not in ("plan", "lock_version")})
        form = TaskForm(data=values, instance=task, plan=plan)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        return form

    @staticmethod
    def _task_data(form) -> dict:
        return {name: form.cleaned_data.get(name) for name in plan_services.TASK_FIELDS}

    @staticmethod
    def _units(form) -> dict:
        return {
            "lead_unit": form.cleaned_data["lead_unit"],
            "coordinating_units": list(form.cleaned_data["coordinating_units"]),
            "partners": list(form.cleaned_data["partners"]),
        }


ASSIGNMENT_ORDER = {"task": ("task_id", "role", "pk"), "-assigned_at": ("-assigned_at", "-pk")}


@documented
class AssignmentViewSet(ApiViewSet):
    """Units' parts in tasks (lead or coordinating); removed ones keep their removal date."""

    serializer_class = serializers.AssignmentSerializer
    filter_form_class = AssignmentFilterForm
    orderings = ASSIGNMENT_ORDER

    def get_queryset(self):
        user = self.request.user
        return Assignment.objects.visible_to(user).filter(task__in=Task.objects.visible_to(user))


# --- Reporting ------------------------------------------------------------------------------------


PERIOD_ORDER = {"end": ("plan_id", "end", "-start", "pk"), "due_date": ("due_date", "pk")}


@documented
class ReportingPeriodViewSet(ApiViewSet):
    serializer_class = serializers.ReportingPeriodSerializer
    filter_form_class = PeriodFilterForm
    orderings = PERIOD_ORDER

    def get_queryset(self):
        return ReportingPeriod.objects.visible_to(self.request.user)


REPORT_ORDER = {
    # Newest first by default: on the report's own key, so a list reads a page of the user's slice, not
    # the slice joined to every assignment and task to sort it.
    "-created": ("-pk",),
    "period": ("period__end", "assignment__task__position", "pk"),
    "submitted_at": ("submitted_at", "pk"),
    "-updated_at": ("-updated_at", "-pk"),
}
REPORT_CONFLICT = OpenApiResponse(description=_("Someone saved the report since your version: `current` holds it."))


@documented
@extend_schema_view(
    create=extend_schema(request=serializers.ReportCreateSerializer, responses={201: serializers.ProgressReportSerializer}),
    partial_update=extend_schema(
        request=serializers.ReportUpdateSerializer,
        responses={200: serializers.ProgressReportSerializer, 409: REPORT_CONFLICT},
    ),
    submit=extend_schema(
        request=serializers.LockVersionSerializer, responses={200: serializers.ProgressReportSerializer, 409: REPORT_CONFLICT},
    ),
    approve=extend_schema(
        request=serializers.ReviewSerializer, responses={200: serializers.ProgressReportSerializer, 409: REPORT_CONFLICT},
    ),
    return_to_unit=extend_schema(
        request=serializers.ReviewSerializer, responses={200: serializers.ProgressReportSerializer, 409: REPORT_CONFLICT},
    ),
)
class ProgressReportViewSet(ApiViewSet):
    """Progress reports you may see. An officer writes and submits their unit's reports; a central
    planner approves or returns submitted ones (`?status=submitted` is the review queue)."""

    serializer_class = serializers.ProgressReportSerializer
    filter_form_class = ReviewQueueFilterForm
    orderings = REPORT_ORDER
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_filter_form(self, data):
        # The review page starts a reviewer on the submitted reports; the API lists every status unless asked.
        data = data.copy()
        data.setdefault("status", "")
        return ReviewQueueFilterForm(data, user=self.request.user)

    def get_queryset(self):
        # A list reads the user's whole slice (listed_for); one report by id is narrow already (visible_to).
        reports = ProgressReport.objects
        visible = reports.listed_for if self.action == "list" else reports.visible_to
        return visible(self.request.user).select_related("assignment", "period")

    def create(self, request):
        incoming = serializers.ReportCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        assignment, period = get_assignment_and_period_for_user(request.user, data["assignment"], data["period"])
        if not can_start_report(request.user, assignment):
            raise PermissionDenied
        instance = ProgressReport(assignment=assignment, period=period, unit=assignment.unit)
        form = self._valid_form(instance, data)
        report = self._write(
            report_services.report_save_draft, by=request.user, changes=form.cleaned_data,
            assignment=assignment, period=period,
        )
        return Response(self._show(report), status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        report = self._writable(pk)
        incoming = serializers.ReportUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        form = self._valid_form(report, incoming.validated_data)
        report = self._write(
            report_services.report_save_draft, by=request.user, changes=form.cleaned_data, report=report,
            expected_version=incoming.validated_data["lock_version"],
        )
        return Response(self._show(report))

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self._writable(pk)
        version = self._incoming(serializers.LockVersionSerializer)["lock_version"]
        report = self._write(report_services.report_submit, report=report, by=request.user, expected_version=version)
        return Response(self._show(report))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._review(pk, report_services.report_approve)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_unit(self, request, pk=None):
        return self._review(pk, report_services.report_return)

    def _review(self, pk, service):
        report = get_report_for_user(self.request.user, pk, to_review=True)
        data = self._incoming(serializers.ReviewSerializer)
        report = self._write(
            service, report=report, by=self.request.user, comment=data["comment"], expected_version=data["lock_version"],
        )
        return Response(self._show(report))

    def _writable(self, pk) -> ProgressReport:
        """Visible (else 404) and written by the user's unit (else 403), as on the report pages."""
        return get_report_for_user(self.request.user, pk, to_edit=True)

    def _incoming(self, serializer_class) -> dict:
        incoming = serializer_class(data=self.request.data)
        incoming.is_valid(raise_exception=True)
        return incoming.validated_data

    def _valid_form(self, report: ProgressReport, changes: dict) -> ProgressReportForm:
        values = {name: getattr(report, name) for name in report_services.REPORT_FIELDS}
        values.update({name: value for name, value in changes.items() if name in report_services.REPORT_FIELDS})
        form = ProgressReportForm(data=values, instance=report)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        return form

    def _write(self, service, **kwargs) -> ProgressReport:
        try:
            return service(**kwargs)
        except EditConflict as conflict:
            raise Conflict(current=self._show(conflict.current)) from None

    def _show(self, report) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=report.pk)).data


# --- Agreements and certificates of coverage ----------------------------------------------------------


AGREEMENT_ORDER = {"-signed_on": ("-signed_on", "-pk"), "title": ("title", "pk")}


@documented
class AgreementViewSet(ApiViewSet):
    """The register of international instruments (readable by every signed-in user)."""

    serializer_class = serializers.AgreementSerializer
    filter_form_class = AgreementFilterForm
    orderings = AGREEMENT_ORDER

    def get_queryset(self):
        plans = Plan.objects.visible_to(self.request.user).order_by("pk")
        return Agreement.objects.visible_to(self.request.user).prefetch_related(
            "parties", "liaison_institutions", Prefetch("implementation_plans", queryset=plans, to_attr="visible_plans"),
        )


CERTIFICATE_ORDER = {"urgency": ("urgency", "covered_until", "pk"), "-detachment_start": ("-detachment_start", "-pk")}


@documented
class CoverageCertificateViewSet(ApiViewSet):
    """Certificates of coverage (personal data): central staff see all, an office its own. Every
    read is recorded in the certificates' access log, as on the register's pages."""

    serializer_class = serializers.CoverageCertificateSerializer
    filter_form_class = CoverageFilterForm
    orderings = CERTIFICATE_ORDER

    def get_filter_form(self, data):
        return CoverageFilterForm(data, user=self.request.user)

    def get_queryset(self):
        return CoverageCertificate.objects.visible_to(self.request.user).by_urgency()

    def record_read(self, objects) -> None:
        channel = CoverageAccessLog.Channel.DETAIL if self.action == "retrieve" else CoverageAccessLog.Channel.LIST
        certificate_access_record(
            by=self.request.user, certificates=objects, channel=channel, path=self.request.get_full_path(),
        )


# --- Conferences ---------------------------------------------------------------------------------------


CONFERENCE_ORDER = {"-start_date": ("-start_date", "-pk"), "start_date": ("start_date", "pk")}


@documented
class ConferenceViewSet(ApiViewSet):
    """Conferences you may see; one conference comes with its agenda sessions and the participants you may see."""

    serializer_class = serializers.ConferenceSerializer
    detail_serializer_class = serializers.ConferenceDetailSerializer
    filter_form_class = ConferenceFilterForm
    orderings = CONFERENCE_ORDER

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.serializer_class

    def get_queryset(self):
        conferences = Conference.objects.visible_to(self.request.user).with_counts()
        if self.action == "retrieve":
            participants = (
                Participant.objects.visible_to(self.request.user).registered()
                .select_related("invitation").order_by("name", "pk")
            )
            conferences = conferences.prefetch_related(
                "sessions__speakers", Prefetch("participants", queryset=participants, to_attr="visible_participants"),
            )
        return conferences
