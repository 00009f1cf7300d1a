"""Pages of the instrument register (everyone reads, central planners write) and of the certificates
of coverage (central staff and the responsible office only; every view of personal data is logged)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from accounts.models import Unit
from core.locking import EditConflict
from plans.models import Assignment, Plan, Task
from reports.models import ProgressReport

from . import services
from .exports import agreements_export, certificates_export
from .forms import AgreementFilterForm, AgreementForm, AgreementLinkForm, CoverageFilterForm, CoverageForm
from .models import (
    OFFICE_KINDS,
    Agreement,
    AgreementDocument,
    AgreementLink,
    CoverageAccessLog,
    CoverageCertificate,
    CoverageDocument,
)

LATE_TASKS_SHOWN = 20
LATEST_REPORTS_SHOWN = 10


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


# --- Register of instruments ------------------------------------------------------------------


class AgreementListView(ListView):
    """The register: every instrument, searchable and filterable; ?format=xlsx downloads it."""

    template_name = "agreements/agreement_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = AgreementFilterForm(self.request.GET or None)
        queryset = Agreement.objects.visible_to(self.request.user).select_related("counterpart").prefetch_related("parties")
        if self.filter_form.is_valid():
            queryset = self.filter_form.filter(queryset)
        return queryset.order_by("-signed_on", "-pk")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return agreements_export(self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["querystring"] = _querystring(self.request)
        context["can_manage"] = self.request.user.has_perm("agreements.manage_agreements")
        return context


def agreement_detail(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user)
        .select_related("counterpart", "created_by")
        .prefetch_related(
            "parties", "liaison_institutions",
            Prefetch("documents", queryset=AgreementDocument.objects.select_related("uploaded_by")),
            Prefetch("links_out", queryset=AgreementLink.objects.select_related("target")),
            Prefetch("links_in", queryset=AgreementLink.objects.select_related("source")),
        ),
        pk=pk,
    )
    can_manage = request.user.has_perm("agreements.manage_agreements")
    context = {
        "agreement": agreement,
        "can_manage": can_manage,
        "link_form": AgreementLinkForm(source=agreement) if can_manage else None,
        **_implementation(agreement, request.user),
        **_certificate_counts(agreement, request.user),
    }
    return render(request, "agreements/agreement_detail.html", context)


def _implementation(agreement: Agreement, user) -> dict:
    """The tracking engine's view of an agreement: its plans, their tasks by status, late tasks, units."""
    plans = Plan.objects.visible_to(user).filter(agreements=agreement).with_progress().order_by("-year", "number")
    tasks = Task.objects.visible_to(user).filter(plan__agreements=agreement)
    counts = dict(tasks.order_by().values_list("status").annotate(n=Count("pk")))
    late = (
        tasks.overdue().select_related("plan")
        .prefetch_related(Prefetch(
            "assignments", to_attr="leads",
            queryset=Assignment.objects.current().filter(role=Assignment.Role.LEAD).select_related("unit"),
        ))
        .order_by("deadline", "pk")
    )
    involvement = (
        Assignment.objects.current().filter(task__in=tasks).order_by()
        .values_list("unit_id", "role").annotate(n=Count("task_id", distinct=True))
    )
    per_unit: dict[int, dict] = {}
    for unit_id, role, n in involvement:
        per_unit.setdefault(unit_id, {"lead": 0, "coordinating": 0})[role] = n
    units = Unit.objects.in_bulk(per_unit) if per_unit else {}
    latest_reports = (
        ProgressReport.objects.visible_to(user).filter(assignment__task__in=tasks)
        .exclude(status=ProgressReport.Status.DRAFT)
        .select_related("assignment__task", "unit", "period")
        .order_by("-submitted_at", "-pk")
    )
    return {
        "plans": plans,
        "tasks_by_status": [(value, label, counts.get(value, 0)) for value, label in Task.Status.choices],
        "task_total": sum(counts.values()),
        "late_tasks": late[:LATE_TASKS_SHOWN],
        "late_count": tasks.overdue().count(),
        "latest_reports": latest_reports[:LATEST_REPORTS_SHOWN],
        "units_involved": sorted(
            ({"unit": units[unit_id], **roles} for unit_id, roles in per_unit.items()),
            key=lambda row: (-row["lead"], row["unit"].name_vi),
        ),
    }


def _certificate_counts(agreement: Agreement, user) -> dict:
    """Certificates issued or received under the agreement, counted (no personal data shown)."""
    if not agreement.provides_detachment:
        return {}
    rows = (
        CoverageCertificate.objects.visible_to(user).filter(agreement=agreement).order_by()
        .values_list("direction", "status").annotate(n=Count("pk"))
    )
    table = {(direction, status): n for direction, status, n in rows}
    return {
        "certificate_table": [
            {
                "label": label,
                "value": direction,
                "cells": [table.get((direction, status), 0) for status, _label in CoverageCertificate.Status.choices],
                "total": sum(n for (d, _s), n in table.items() if d == direction),
            }
            for direction, label in CoverageCertificate.Direction.choices
        ],
        "certificate_statuses": CoverageCertificate.Status.labels,
        "certificate_total": sum(table.values()),
    }


def agreement_create(request):
    _require(request.user, "agreements.manage_agreements")
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                agreement=form.save(commit=False), relations=_relations(form), by=request.user,
                document=form.cleaned_data["document"], document_title=form.cleaned_data["document_title"],
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The instrument was recorded."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form})


def agreement_update(request, pk):
    _require(request.user, "agreements.manage_agreements")
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement, expected_version=form.cleaned_data["lock_version"] or 0, changes=form.changes,
                relations=_relations(form), by=request.user,
                document=form.cleaned_data["document"], document_title=form.cleaned_data["document_title"],
            )
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


def _conflict_message(conflict: EditConflict) -> str:
    return _("Not saved: %(summary)s Reload the page to see their changes.") % {"summary": conflict.summary}


def _relations(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.AGREEMENT_RELATIONS}


@require_POST
def agreement_link_add(request, pk):
    _require(request.user, "agreements.manage_agreements")
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    form = AgreementLinkForm(request.POST, source=agreement)
    if form.is_valid():
        try:
            services.agreement_link(
                source=agreement, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"], by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The link was recorded."))
    else:
        messages.error(request, _("The link was not recorded: choose a relation and an instrument."))
    return redirect(agreement)


@require_POST
def agreement_link_remove(request, pk, link_pk):
    _require(request.user, "agreements.manage_agreements")
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    link = get_object_or_404(AgreementLink.objects.filter(Q(source=agreement) | Q(target=agreement)), pk=link_pk)
    services.agreement_unlink(link=link, by=request.user)
    messages.success(request, _("The link was removed."))
    return redirect(agreement)


def agreement_document(request, pk):
    document = get_object_or_404(AgreementDocument.objects.visible_to(request.user), pk=pk)
    return _pdf_response(document)


def _pdf_response(document) -> FileResponse:
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{slugify(document.title) or 'document'}.pdf",
        content_type="application/pdf",
    )


# --- Certificates of coverage -------------------------------------------------------------------


def get_certificate_for_user(user, pk, *, to_edit=False) -> CoverageCertificate:
    """The one access guard of a certificate: invisible → 404, visible but not editable → 403."""
    certificate = get_object_or_404(
        CoverageCertificate.objects.visible_to(user).select_related("agreement", "office", "created_by"), pk=pk
    )
    if to_edit and not certificate.is_editable_by(user):
        raise PermissionDenied
    return certificate


def _may_record(user) -> bool:
    """Central staff with the right, or an officer whose unit is a provincial or regional office."""
    if not user.has_perm("agreements.record_certificates"):
        return False
    return user.has_perm("agreements.view_all_certificates") or (user.unit is not None and user.unit.kind in OFFICE_KINDS)


class CoverageListView(ListView):
    """The register of certificates the user may see; ?format=xlsx exports it for the liaison institution."""

    template_name = "agreements/coverage_list.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.filter_form = CoverageFilterForm(self.request.GET or None, user=user)
        queryset = CoverageCertificate.objects.visible_to(user).select_related("office", "agreement")
        if self.filter_form.is_valid():
            queryset = self.filter_form.filter(queryset)
        return queryset.by_urgency()

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            certificates = list(self.get_queryset())
            services.certificate_access_record(
                user=request.user, certificates=certificates, channel=CoverageAccessLog.Channel.EXPORT,
                path=request.get_full_path(),
            )
            return certificates_export(certificates)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        services.certificate_access_record(
            user=self.request.user, certificates=context["page_obj"], channel=CoverageAccessLog.Channel.LIST,
            path=self.request.get_full_path(),
        )
        context.update({
            "filter_form": self.filter_form,
            "querystring": _querystring(self.request),
            "can_record": _may_record(self.request.user),
            "shows_office": "office" in self.filter_form.fields,
            **_counts_per_office(self.object_list),
        })
        return context


def _counts_per_office(certificates) -> dict:
    """Certificates per office and direction, counted in SQL."""
    rows = certificates.order_by().values_list("office_id", "direction").annotate(n=Count("pk"))
    per_office: dict[int, dict] = {}
    for office_id, direction, n in rows:
        per_office.setdefault(office_id, {}).setdefault(direction, 0)
        per_office[office_id][direction] += n
    offices = Unit.objects.in_bulk(per_office) if per_office else {}
    directions = CoverageCertificate.Direction
    table = sorted(
        (
            {
                "office": offices[office_id],
                "outbound": counts.get(directions.OUTBOUND, 0),
                "inbound": counts.get(directions.INBOUND, 0),
                "total": sum(counts.values()),
            }
            for office_id, counts in per_office.items()
        ),
        key=lambda row: row["office"].name_vi,
    )
    return {
        "office_counts": table,
        "office_totals": {key: sum(row[key] for row in table) for key in ("outbound", "inbound", "total")},
    }


def coverage_detail(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    documents = certificate.documents.select_related("uploaded_by")
    services.certificate_access_record(
        user=request.user, certificates=[certificate], channel=CoverageAccessLog.Channel.DETAIL, path=request.get_full_path(),
    )
    context = {"certificate": certificate, "documents": documents, "can_edit": certificate.is_editable_by(request.user)}
    return render(request, "agreements/coverage_detail.html", context)


def coverage_create(request):
    if not _may_record(request.user):
        raise PermissionDenied
    certificate = CoverageCertificate()
    if not request.user.has_perm("agreements.view_all_certificates"):
        certificate.office = request.user.unit  # an office records its own certificates
    form = CoverageForm(request.POST or None, request.FILES or None, instance=certificate, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_record(
                certificate=form.save(commit=False), by=request.user,
                document=form.cleaned_data["document"], document_title=form.cleaned_data["document_title"],
            )
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The certificate of coverage was recorded."))
            return redirect(certificate)
    return render(request, "agreements/coverage_form.html", {"form": form})


def coverage_update(request, pk):
    certificate = get_certificate_for_user(request.user, pk, to_edit=True)
    form = CoverageForm(request.POST or None, request.FILES or None, instance=certificate, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_update(
                certificate=certificate, expected_version=form.cleaned_data["lock_version"] or 0, changes=form.changes,
                by=request.user, document=form.cleaned_data["document"], document_title=form.cleaned_data["document_title"],
            )
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The certificate of coverage was saved."))
            return redirect(certificate)
    services.certificate_access_record(
        user=request.user, certificates=[certificate], channel=CoverageAccessLog.Channel.EDIT, path=request.get_full_path(),
    )
    return render(request, "agreements/coverage_form.html", {"form": form, "certificate": certificate})


def coverage_document(request, pk):
    document = get_object_or_404(CoverageDocument.objects.visible_to(request.user).select_related("certificate"), pk=pk)
    services.certificate_access_record(
        user=request.user, certificates=[document.certificate], channel=CoverageAccessLog.Channel.DOCUMENT,
        path=request.get_full_path(),
    )
    return _pdf_response(document)
