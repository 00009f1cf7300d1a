"""Pages and actions of conferences. Every object comes through a `visible_to(user)` queryset:
invisible → 404, visible but not allowed → 403. Rules live in services.py."""

import calendar
import datetime
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.dates import WEEKDAYS
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors, error_messages
from core.locking import EditConflict, save_with_lock
from plans.models import Task

from . import exports, ics, services
from .forms import (
    AgendaSessionForm,
    AwardForm,
    CancelForm,
    ConferenceFilterForm,
    ConferenceForm,
    FeedbackForm,
    GuestForm,
    InvitationForm,
    MaterialForm,
    ParticipantForm,
    QuotaForm,
    RegionInvitationForm,
    ReportForm,
    SpeakerFilterForm,
    SpeakerForm,
)
from .models import AgendaSession, Attendance, Conference, Invitation, Participant, SessionMaterial, Speaker, today
from .services import can_manage


def get_conference_for_user(user, pk, *, to_manage=False) -> Conference:
    conference = get_object_or_404(
        Conference.objects.visible_to(user).select_related("province", "organiser", "task__plan", "report_filed_by"), pk=pk,
    )
    if to_manage and not can_manage(user):
        raise PermissionDenied
    return conference


def _require_manager(user) -> None:
    if not can_manage(user):
        raise PermissionDenied


def _redirect_detail(conference, anchor=""):
    return redirect(conference.get_absolute_url() + (f"#{anchor}" if anchor else ""))


# --- List, calendar -------------------------------------------------------------------------


def conference_list(request):
    form = ConferenceFilterForm(request.GET or None)
    conferences = Conference.objects.visible_to(request.user).select_related("province", "organiser").with_counts()
    if form.is_valid():
        conferences = form.filter(conferences)
    conferences = conferences.order_by("-start_date", "-pk")
    if request.GET.get("format") == "xlsx":
        return exports.conference_list_xlsx(conferences)
    page = Paginator(conferences, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "conferences/conference_list.html", {
        "filter_form": form, "page_obj": page, "querystring": query.urlencode(),
        "export_query": _with(query, format="xlsx"), "can_manage": can_manage(request.user),
    })


def _with(query, **values) -> str:
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()


def conference_calendar(request):
    """A month of conferences, Monday first, server-rendered."""
    first = today().replace(day=1)
    try:
        first = datetime.date(int(request.GET["year"]), int(request.GET["month"]), 1)
    except (KeyError, ValueError):
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
    previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "conferences/conference_calendar.html", {
        "month": first, "weeks": rows, "weekdays": [WEEKDAYS[n] for n in range(7)],
        "previous_month": previous_month, "next_month": next_month,
    })


# --- Conference detail and outputs ----------------------------------------------------------


def _participant_rows(conference, user, days):
    """Registered participants the user may see, each with a present/absent/None mark per day."""
    participants = (
        Participant.objects.visible_to(user).filter(conference=conference).registered()
        .select_related("invitation__unit").prefetch_related("attendances")
        .order_by(F("invitation__unit__name_vi").asc(nulls_last=True), "name", "pk")
    )
    rows = []
    for participant in participants:
        marks = {a.day: a.present for a in participant.attendances.all()}
        rows.append({"participant": participant, "marks": [marks.get(day) for day in days]})
    return rows


def _visible_invitations(conference, user):
    invitations = conference.invitations.select_related("unit").annotate(
        registered=Count("participants", filter=Q(participants__status=Participant.Status.REGISTERED)),
    ).order_by("unit__name_vi")
    if not user.has_perm("plans.view_all_work"):
        invitations = invitations.filter(unit_id__in=user.unit_lineage_ids)
    return invitations


def _unit_totals(conference, invitations, days):
    present = defaultdict(int)
    counts = (
        Attendance.objects.filter(
            participant__conference=conference, participant__status=Participant.Status.REGISTERED, present=True,
        ).values_list("participant__invitation_id", "day").annotate(n=Count("pk"))
    )
    for invitation_id, day, n in counts:
        present[(invitation_id, day)] = n
    return [
        {"invitation": inv, "unit": inv.unit, "quota": inv.quota, "registered": inv.registered,
         "present": [present[(inv.pk, day)] for day in days]}
        for inv in invitations
    ]


def _sessions(conference):
    return conference.sessions.with_feedback().prefetch_related("speakers", "materials")


def conference_detail(request, pk):
    conference = get_conference_for_user(request.user, pk)
    user = request.user
    days = conference.days
    sessions = list(_sessions(conference))
    invitations = list(_visible_invitations(conference, user))
    rows = _participant_rows(conference, user, days)
    by_invitation = defaultdict(list)
    for row in rows:
        by_invitation[row["participant"].invitation_id].append(row)
    groups = [{"invitation": inv, "rows": by_invitation.get(inv.pk, [])} for inv in invitations]
    speakers = list({speaker.pk: speaker for s in sessions for speaker in s.speakers.all()}.values())
    rated = [s for s in sessions if s.rating_count]
    overall = (sum(s.rating_average * s.rating_count for s in rated) / sum(s.rating_count for s in rated)) if rated else None
    totals = _unit_totals(conference, invitations, days)
    day_totals = [sum(t["present"][i] for t in totals) + sum(1 for r in by_invitation.get(None, []) if r["marks"][i])
                  for i in range(len(days))]
    return render(request, "conferences/conference_detail.html", {
        "conference": conference,
        "days": days,
        "sessions": sessions,
        "speakers": sorted(speakers, key=lambda s: s.name),
        "groups": groups,
        "guests": by_invitation.get(None, []),
        "unit_totals": totals,
        "day_totals": day_totals,
        "registered_total": len(rows),
        "quota_total": sum(inv.quota for inv in invitations),
        "overall_rating": overall,
        "awards": conference.awards.all(),
        "can_manage": can_manage(user),
        "can_register": _registrable_invitations(conference, user).exists(),
        "can_give_feedback": _can_give_feedback(user),
        "task_url": _task_url(conference.task),
    })


def _task_url(task) -> str:
    """The plan task's page, if the plans app serves one."""
    if task is None:
        return ""
    try:
        return task.get_absolute_url()
    except NoReverseMatch:
        return ""


def conference_ics(request, pk):
    conference = get_conference_for_user(request.user, pk)
    response = HttpResponse(ics.conference_ics(conference, _sessions(conference)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(conference)}"'
    return response


def agenda_print(request, pk):
    conference = get_conference_for_user(request.user, pk)
    sessions = list(_sessions(conference))
    days = [{"day": day, "sessions": [s for s in sessions if s.day == day]} for day in conference.days]
    return render(request, "conferences/agenda_print.html", {"conference": conference, "agenda_days": days})


def _serve(field_file, name: str):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    suffix = field_file.name.rsplit(".", 1)[-1] if "." in field_file.name else ""
    return FileResponse(handle, as_attachment=True, filename=f"{name}.{suffix}" if suffix else name)


def material_download(request, pk):
    material = get_object_or_404(
        SessionMaterial.objects.filter(session__conference__in=Conference.objects.visible_to(request.user)), pk=pk,
    )
    return _serve(material.file, material.title)


def report_file_download(request, pk):
    conference = get_conference_for_user(request.user, pk)
    return _serve(conference.report_file, f"outcome-report-{conference.pk}")


# --- Create and edit ------------------------------------------------------------------------


def conference_create(request, task_pk=None):
    _require_manager(request.user)
    task = get_object_or_404(Task.objects.visible_to(request.user), pk=task_pk) if task_pk else None
    initial = services.conference_initial_from_task(task=task) if task else {}
    form = ConferenceForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.conference_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference was created. Now build its agenda and invite units."))
            return redirect(conference)
    return render(request, "conferences/conference_form.html", {"form": form, "task": task})


def conference_update(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    if not conference.is_editable:
        messages.error(request, _("A cancelled conference or one with a filed report can no longer be edited."))
        return redirect(conference)
    form = ConferenceForm(request.POST or None, instance=conference, user=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in ConferenceForm.Meta.fields}
        try:
            expected = int(request.POST.get("lock_version", ""))
            save_with_lock(conference, expected_version=expected, changes=changes)
        except ValueError:
            form.add_error(None, _("The form is out of date: reload the page."))
        except EditConflict as exc:
            form.add_error(None, exc.summary)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference was saved."))
            return redirect(conference)
    lock_version = Conference.objects.filter(pk=conference.pk).values_list("lock_version", flat=True).get()
    if request.method == "POST" and "lock_version" in request.POST and not form.non_field_errors():
        lock_version = request.POST["lock_version"]
    return render(request, "conferences/conference_form.html", {
        "form": form, "conference": conference, "lock_version": lock_version,
    })


def _action(request, conference, call, success: str, anchor=""):
    try:
        call()
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, success)
    return _redirect_detail(conference, anchor)


@require_POST
def conference_send_invitations(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    return _action(
        request, conference, lambda: services.conference_send_invitations(conference=conference, by=request.user),
        _("The invitations were sent: invited units can now register their participants."),
    )


@require_POST
def conference_mark_held(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    return _action(
        request, conference, lambda: services.conference_mark_held(conference=conference, by=request.user),
        _("The conference is marked as held."),
    )


@require_POST
def conference_cancel(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _action(
        request, conference, lambda: services.conference_cancel(conference=conference, reason=reason, by=request.user),
        _("The conference was cancelled."),
    )


def conference_report(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    form = ReportForm(request.POST or None, request.FILES or None, instance=conference)
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_file_report(
                conference=conference, text=form.cleaned_data["report_text"], file=form.cleaned_data.get("report_file"),
                actual_budget=form.cleaned_data.get("actual_budget"), by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The outcome report was filed."))
            return redirect(conference)
    if conference.status != Conference.Status.HELD and request.method == "GET":
        messages.warning(request, _("Mark the conference as held before filing its report."))
    return render(request, "conferences/report_form.html", {"form": form, "conference": conference})


# --- Agenda ---------------------------------------------------------------------------------


def session_create(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    session = AgendaSession(conference=conference)
    form = AgendaSessionForm(request.POST or None, instance=session, initial={"day": conference.start_date})
    return _session_form(request, conference, form, session, _("The session was added to the agenda."))


def session_update(request, pk):
    session = get_object_or_404(AgendaSession.objects.filter(conference__in=Conference.objects.visible_to(request.user)), pk=pk)
    conference = get_conference_for_user(request.user, session.conference_id, to_manage=True)
    form = AgendaSessionForm(request.POST or None, instance=session)
    return _session_form(request, conference, form, session, _("The session was saved."))


def _session_form(request, conference, form, session, success: str, material_form=None):
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_session_save(session=form.instance, speakers=form.cleaned_data["speakers"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return _redirect_detail(conference, "agenda")
    return render(request, "conferences/session_form.html", {
        "form": form, "conference": conference, "session": session if session.pk else None,
        "material_form": material_form or MaterialForm(),
        "materials": session.materials.all() if session.pk else [],
    })


def material_upload(request, pk):
    session = get_object_or_404(AgendaSession.objects.filter(conference__in=Conference.objects.visible_to(request.user)), pk=pk)
    conference = get_conference_for_user(request.user, session.conference_id, to_manage=True)
    material_form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and material_form.is_valid():
        try:
            data = material_form.cleaned_data
            services.material_add(session=session, title=data["title"], file=data["file"], by=request.user)
        except ValidationError as exc:
            add_service_errors(material_form, exc)
        else:
            messages.success(request, _("The material was uploaded."))
            return redirect("conferences:session_update", pk=session.pk)
    return _session_form(request, conference, AgendaSessionForm(instance=session), session, "", material_form=material_form)


# --- Speakers -------------------------------------------------------------------------------


def speaker_list(request):
    form = SpeakerFilterForm(request.GET or None)
    speakers = Speaker.objects.annotate(session_count=Count("sessions")).order_by("name", "pk")
    if form.is_valid() and form.cleaned_data["q"]:
        speakers = speakers.search(form.cleaned_data["q"])
    page = Paginator(speakers, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "conferences/speaker_list.html", {
        "filter_form": form, "page_obj": page, "querystring": query.urlencode(), "can_manage": can_manage(request.user),
    })


def speaker_form(request, pk=None):
    _require_manager(request.user)
    speaker = get_object_or_404(Speaker, pk=pk) if pk else Speaker()
    form = SpeakerForm(request.POST or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaker_save(speaker=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The speaker was saved."))
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("conferences:speaker_list")
    return render(request, "conferences/speaker_form.html", {"form": form, "speaker": speaker if pk else None})


# --- Invitations ----------------------------------------------------------------------------


def invitation_manage(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    form = InvitationForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_add(
                conference=conference, unit=form.cleaned_data["unit"], quota=form.cleaned_data["quota"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(unit)s is invited.") % {"unit": invitation.unit})
            return redirect("conferences:invitation_manage", pk=conference.pk)
    return _invitations_page(request, conference, form)


def _invitations_page(request, conference, form, region_form=None):
    return render(request, "conferences/invitations.html", {
        "conference": conference, "form": form, "region_form": region_form or RegionInvitationForm(),
        "invitations": _visible_invitations(conference, request.user),
    })


@require_POST
def invitation_invite_region(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    region_form = RegionInvitationForm(request.POST)
    if region_form.is_valid():
        try:
            created = services.invitations_add_region(
                conference=conference, region=region_form.cleaned_data["region"], quota=region_form.cleaned_data["quota"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(region_form, exc)
        else:
            messages.success(request, _("%(count)s provincial offices were invited.") % {"count": len(created)})
            return redirect("conferences:invitation_manage", pk=conference.pk)
    return _invitations_page(request, conference, InvitationForm(conference=conference), region_form)


@require_POST
def invitation_set_quota(request, pk):
    invitation = get_object_or_404(Invitation.objects.filter(conference__in=Conference.objects.visible_to(request.user)), pk=pk)
    conference = get_conference_for_user(request.user, invitation.conference_id, to_manage=True)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_set_quota(invitation=invitation, quota=form.cleaned_data["quota"], by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, _("The quota of %(unit)s is now %(quota)s.") % {
                "unit": invitation.unit, "quota": form.cleaned_data["quota"]})
    else:
        messages.error(request, _("The quota must be a whole number of at least 1."))
    return redirect("conferences:invitation_manage", pk=conference.pk)


# --- Participants ---------------------------------------------------------------------------


def _registrable_invitations(conference, user):
    invitations = conference.invitations.select_related("unit").order_by("unit__name_vi")
    if can_manage(user):
        return invitations
    if not user.has_perm("conferences.register_participants"):
        return invitations.none()
    return invitations.filter(unit_id__in=user.unit_lineage_ids)


def participant_list(request, pk):
    conference = get_conference_for_user(request.user, pk)
    return _participants_page(request, conference)


def _participants_page(request, conference, register_form=None):
    user = request.user
    days = conference.days
    invitations = list(_visible_invitations(conference, user))
    rows = _participant_rows(conference, user, days)
    totals = _unit_totals(conference, invitations, days)
    if request.GET.get("format") == "xlsx":
        return exports.participants_xlsx(conference, rows, days, totals)
    registrable = _registrable_invitations(conference, user)
    if register_form is None and conference.registration_is_open and registrable:
        register_form = ParticipantForm(invitations=registrable)
    withdrawn = Participant.objects.visible_to(user).filter(conference=conference, status=Participant.Status.WITHDRAWN)
    return render(request, "conferences/participants.html", {
        "conference": conference, "days": days, "rows": rows, "unit_totals": totals,
        "register_form": register_form, "can_manage": can_manage(user),
        "can_withdraw": _can_withdraw(conference, user),
        "withdrawn": withdrawn.select_related("invitation__unit"),
    })


def _can_withdraw(conference, user) -> bool:
    """Mirrors services.participant_withdraw, to show the button only where it works."""
    if can_manage(user):
        return conference.status in (Conference.Status.PLANNED, Conference.Status.INVITATIONS_SENT)
    return user.has_perm("conferences.register_participants") and conference.registration_is_open


@require_POST
def participant_register(request, pk):
    conference = get_conference_for_user(request.user, pk)
    registrable = _registrable_invitations(conference, request.user)
    if not registrable.exists():
        raise PermissionDenied
    form = ParticipantForm(request.POST, invitations=registrable)
    if form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.participant_register(
                invitation=data["invitation"], name=data["name"], position=data["position"], email=data["email"], by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered for %(unit)s.") % {
                "name": participant.name, "unit": data["invitation"].unit})
            return redirect("conferences:participant_list", pk=conference.pk)
    return _participants_page(request, conference, register_form=form)


def guest_add(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guest_add(conference=conference, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The guest was added."))
            return redirect("conferences:participant_list", pk=conference.pk)
    return render(request, "conferences/guest_form.html", {"form": form, "conference": conference})


@require_POST
def participant_withdraw(request, pk):
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user).filter(conference__in=Conference.objects.visible_to(request.user)), pk=pk,
    )
    if not (can_manage(request.user) or request.user.has_perm("conferences.register_participants")):
        raise PermissionDenied
    try:
        services.participant_withdraw(participant=participant, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("%(name)s was withdrawn.") % {"name": participant.name})
    return redirect("conferences:participant_list", pk=participant.conference_id)


# --- Attendance and feedback ----------------------------------------------------------------


def attendance(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    held = conference.held_days
    day = held[0] if held else None
    requested = request.POST.get("day") or request.GET.get("day")
    if requested:
        try:
            day = datetime.date.fromisoformat(requested)
        except ValueError:
            day = None
    if request.method == "POST":
        try:
            if day is None:
                raise ValidationError(_("Choose a day of the conference."))
            count = services.attendance_record(
                conference=conference, day=day, present_ids=request.POST.getlist("present"), by=request.user,
            )
        except (ValidationError, ValueError) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Attendance of %(day)s saved: %(count)s present.") % {
                "day": day.strftime("%d/%m/%Y"), "count": count})
            return redirect(reverse("conferences:attendance", args=[conference.pk]) + f"?day={day.isoformat()}")
    participants = (
        conference.participants.registered().select_related("invitation__unit")
        .order_by(F("invitation__unit__name_vi").asc(nulls_last=True), "name", "pk")
    )
    present = set()
    if day:
        present = set(Attendance.objects.filter(participant__conference=conference, day=day, present=True)
                      .values_list("participant_id", flat=True))
    return render(request, "conferences/attendance.html", {
        "conference": conference, "held_days": held, "day": day if day in held else None,
        "participants": participants, "present": present,
    })


def _can_give_feedback(user) -> bool:
    return can_manage(user) or user.has_perm("conferences.register_participants")


def feedback(request, pk):
    conference = get_conference_for_user(request.user, pk)
    if not _can_give_feedback(request.user):
        raise PermissionDenied
    held = set(conference.held_days)
    sessions = [s for s in conference.sessions.all() if s.day in held]
    participants = conference.participants.registered().select_related("invitation__unit").order_by("name")
    if not can_manage(request.user):
        participants = participants.filter(invitation__unit_id__in=request.user.unit_lineage_ids)
    form = FeedbackForm(request.POST or None, participants=participants, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(participant=form.cleaned_data["participant"], ratings=form.ratings(), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The feedback of %(name)s was saved.") % {"name": form.cleaned_data["participant"].name})
            return redirect("conferences:feedback", pk=conference.pk)
    return render(request, "conferences/feedback_form.html", {"form": form, "conference": conference, "sessions": sessions})


def award_create(request, pk):
    conference = get_conference_for_user(request.user, pk, to_manage=True)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_add(conference=conference, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The award was recorded."))
            return _redirect_detail(conference, "awards")
    return render(request, "conferences/award_form.html", {"form": form, "conference": conference})
