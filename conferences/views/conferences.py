"""Conference pages: the list and the calendar, a conference's page and downloads, creating and editing
it, and moving it through its life (invitations sent, held, cancelled, outcome filed)."""

import calendar
import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents import serve_file
from core.exports import export_response
from core.forms import add_service_errors
from core.locking import EditConflict
from plans.access import get_task_for_user

from .. import exports, ics, services
from ..access import get_conference_for_user, may_give_feedback, may_manage_conferences
from ..forms import CancelForm, ConferenceForm, ReportForm, conference_list_filter
from ..models import Conference, Feedback, present_per_day, today
from .common import querystring, run_action


def conference_list(request):
    form, conferences = conference_list_filter(request.user, request.GET)
    if request.GET.get("format") == "xlsx":
        return export_response(request, exports.CONFERENCES_EXPORT.kind, conferences)
    return render(request, "conferences/conference_list.html", {
        "filter_form": form, "page_obj": Paginator(conferences, 25).get_page(request.GET.get("page")),
        "querystring": querystring(request), "export_query": querystring(request, format="xlsx"),
        "can_manage": may_manage_conferences(request.user),
    })


def conference_calendar(request):
    """A month of conferences, Monday first, server-rendered; a bad month shows this month."""
    first = today().replace(day=1)
    try:
        first = datetime.date(int(request.GET["year"]), int(request.GET["month"]), 1)
    except (KeyError, ValueError, OverflowError):
        pass
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    conferences = list(
        Conference.objects.visible_to(request.user).overlapping(weeks[0][0], weeks[-1][-1])
        .select_related("province").order_by("start_date", "pk")
    )
    rows = [
        [{"day": day, "in_month": day.month == first.month, "is_today": day == today(),
          "conferences": [c for c in conferences if c.start_date <= day <= c.end_date]} for day in week]
        for week in weeks
    ]
    return render(request, "conferences/conference_calendar.html", {
        "month": first, "weeks": rows, "weekdays": [WEEKDAYS[n] for n in range(7)],
        "previous_month": (first - datetime.timedelta(days=1)).replace(day=1),
        "next_month": (first + datetime.timedelta(days=32)).replace(day=1),
    })


def conference_detail(request, pk):
    user = request.user
    conference = get_conference_for_user(user, pk)
    days = conference.days
    sessions = list(conference.sessions.for_agenda())
    totals = conference.invitations.visible_to(user).order_by("unit__name_vi").unit_totals(days)
    rows = conference.participants.visible_to(user).registered().by_unit().attendance_rows(days)
    by_invitation = defaultdict(list)
    for row in rows:
        by_invitation[row["participant"].invitation_id].append(row)
    speakers = {speaker.pk: speaker for session in sessions for speaker in session.speakers.all()}
    return render(request, "conferences/conference_detail.html", {
        "conference": conference,
        "days": days,
        "sessions": sessions,
        "speakers": sorted(speakers.values(), key=lambda speaker: speaker.name),
        "groups": [{"invitation": total["invitation"], "rows": by_invitation.get(total["invitation"].pk, [])}
                   for total in totals],
        "guests": by_invitation.get(None, []),
        "unit_totals": totals,
        "day_totals": present_per_day(rows, days),
        "registered_total": len(rows),
        "quota_total": sum(total["quota"] for total in totals),
        "overall_rating": Feedback.objects.filter(session__conference=conference).mean_rating(),
        "awards": conference.awards.all(),
        "can_manage": conference.is_editable_by(user),
        "can_register": conference.invitations.registrable_by(user).exists(),
        "can_give_feedback": may_give_feedback(user),
    })


def conference_ics(request, pk):
    conference = get_conference_for_user(request.user, pk)
    body = ics.conference_ics(conference, conference.sessions.prefetch_related("speakers"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(conference)}"'
    return response


def report_file_download(request, pk):
    conference = get_conference_for_user(request.user, pk)
    if not conference.report_file:
        raise Http404
    return serve_file(conference.report_file, filename=conference.outcome_file_name())


# --- Create and edit ------------------------------------------------------------------------


def conference_create(request, task_pk=None):
    if not may_manage_conferences(request.user):
        raise PermissionDenied
    task = get_task_for_user(request.user, task_pk) if task_pk else None
    initial = services.conference_initial_from_task(task=task) if task else {}
    form = ConferenceForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_create(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference was created. Now build its agenda and invite units."))
            return redirect(conference)
    return render(request, "conferences/conference_form.html", {"form": form, "task": task})


def conference_update(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    if not conference.is_editable:
        messages.error(request, _("A cancelled conference or one with a filed report can no longer be edited."))
        return redirect(conference)
    form = ConferenceForm(request.POST or None, instance=conference, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_update(
                conference=conference, data=form.cleaned_data, expected_version=form.expected_version, by=request.user,
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.summary)
            # Saving again after reading the message keeps the form's values over theirs.
            form.data = form.data.copy()
            form.data["lock_version"] = conflict.current.lock_version
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference was saved."))
            return redirect(conference)
    return render(request, "conferences/conference_form.html", {"form": form, "conference": conference})


@require_POST
def conference_send_invitations(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    return run_action(
        request, conference, lambda: services.conference_send_invitations(conference=conference, by=request.user),
        _("The invitations were sent: invited units can now register their participants."),
    )


@require_POST
def conference_mark_held(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    return run_action(
        request, conference, lambda: services.conference_mark_held(conference=conference, by=request.user),
        _("The conference is marked as held."),
    )


@require_POST
def conference_cancel(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    form = CancelForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    return run_action(
        request, conference, lambda: services.conference_cancel(conference=conference, data=data, by=request.user),
        _("The conference was cancelled."),
    )


def conference_report(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    form = ReportForm(request.POST or None, request.FILES or None, instance=conference)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_file_report(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if conference.reports_on_task:
                messages.success(request, _("The outcome report was filed, and the lead unit's progress report on the "
                                            "plan task was submitted for review."))
            else:
                messages.success(request, _("The outcome report was filed."))
            return redirect(conference)
    if not conference.awaits_outcome and request.method == "GET":
        messages.warning(request, _("Mark the conference as held before filing its report."))
    return render(request, "conferences/report_form.html", {"form": form, "conference": conference})
