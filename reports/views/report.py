"""One progress report: its page, the form that writes it, submission, review and evidence files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import serve_document, wants_inline
from core.forms import add_service_errors, error_messages
from core.locking import EditConflict

from .. import services
from ..access import (
    attachments_of,
    can_start_report,
    get_assignment_and_period_for_user,
    get_attachment_for_user,
    get_report_for_user,
)
from ..forms import AttachmentForm, LockForm, ProgressReportForm, ReviewForm
from ..models import ProgressReport, may_submit_report_on


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/report_detail.html", {
        "report": report,
        "events": report.events.select_related("actor"),
        "attachments": attachments_of(report, request.user),
        "can_edit": report.is_editable_by(request.user),
        "can_submit": report.is_submittable_by(request.user),
        "can_review": report.is_reviewable_by(request.user),
        "lock_form": LockForm(initial={"lock_version": report.lock_version}),
        "review_form": ReviewForm(initial={"lock_version": report.lock_version}),
    })


def report_create(request, assignment_pk, period_pk):
    assignment, period = get_assignment_and_period_for_user(request.user, assignment_pk, period_pk)
    existing = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if existing is not None:
        return redirect("reports:report_edit", existing.pk)
    if not can_start_report(request.user, assignment):
        raise PermissionDenied
    return _report_form(request, assignment=assignment, period=period)


def report_edit(request, pk):
    report = get_report_for_user(request.user, pk, to_edit=True)
    if not report.is_editable:
        messages.info(request, _("This report is %(status)s and can no longer be changed.") % {
            "status": report.get_status_display().lower()})
        return redirect(report)
    return _report_form(request, assignment=report.assignment, period=report.period, report=report)


def _report_form(request, *, assignment, period, report=None):
    instance = report or ProgressReport(assignment=assignment, period=period, unit=assignment.unit)
    previous = ProgressReport.objects.visible_to(request.user).last_approved_before(assignment=assignment, period=period)
    initial = ProgressReportForm.starting_from(previous, assignment.task) if report is None else None
    form = ProgressReportForm(request.POST or None, request.FILES or None, instance=instance, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        upload = form.cleaned_data.get("attachment")
        try:
            saved = services.report_save(
                by=request.user,
                data=form.cleaned_data,
                report=report,
                assignment=assignment,
                period=period,
                expected_version=(form.cleaned_data["lock_version"] or 0) if report else None,
                uploads=[upload] if upload else [],
                submit=submitting,
            )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not submitting:
                messages.success(request, _("The draft was saved."))
                return redirect("reports:report_edit", saved.pk)
            if saved.is_late:
                messages.warning(request, _("The report was submitted after its due date: it is accepted and marked late."))
            else:
                messages.success(request, _("The report was submitted for review."))
            return redirect(saved)
    return render(request, "reports/report_form.html", {
        "form": form,
        "report": report,
        "assignment": assignment,
        "task": assignment.task,
        "period": period,
        "previous": previous,
        "attachments": attachments_of(report, request.user),
        "conflict": conflict,
        "today": timezone.localdate(),
        "can_submit": may_submit_report_on(request.user, assignment),
    })


@require_POST
def report_submit(request, pk):
    report = get_report_for_user(request.user, pk, to_edit=True)
    form = LockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; please try again."))
        return redirect(report)
    try:
        report = services.report_submit(report=report, by=request.user, expected_version=form.cleaned_data["lock_version"])
    except EditConflict as exc:
        messages.error(request, exc.summary)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("The report was submitted for review."))
    return redirect(report)


@require_POST
def report_approve(request, pk):
    report = get_report_for_user(request.user, pk, to_review=True)
    return _review(request, report, services.report_approve, _("The report was approved."))


@require_POST
def report_return(request, pk):
    report = get_report_for_user(request.user, pk, to_review=True)
    return _review(request, report, services.report_return, _("The report was returned to its unit."))


def _review(request, report, action, success: str):
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            action(
                report=report,
                by=request.user,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["lock_version"],
            )
        except EditConflict as exc:
            messages.error(request, _("Someone else changed this report first: %(summary)s") % {"summary": exc.summary})
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, success)
    else:
        messages.error(request, _("The form was incomplete; please try again."))
    return redirect(_next_or(request, report.get_absolute_url()))


# --- Evidence ----------------------------------------------------------------------------------


def attachment_download(request, pk):
    """Served only through this permission-checked view, always as a download."""
    return serve_document(get_attachment_for_user(request.user, pk), inline=wants_inline(request))


@require_POST
def attachment_upload(request, pk):
    report = get_report_for_user(request.user, pk, to_edit=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(report=report, upload=form.cleaned_data["attachment"], by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, _("The file was attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_next_or(request, report.get_absolute_url()))


@require_POST
def attachment_remove(request, pk):
    attachment = get_attachment_for_user(request.user, pk, to_edit=True)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("The file was removed from the report."))
    return redirect(_next_or(request, reverse("reports:report_edit", args=[attachment.report_id])))
