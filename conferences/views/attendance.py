"""After the doors open: attendance per day, participants' feedback on the sessions, and awards."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.forms import add_service_errors, error_messages

from .. import services
from ..access import get_conference_for_user, may_give_feedback
from ..forms import AttendanceForm, AwardForm, FeedbackForm
from .common import redirect_to


def attendance(request, pk):
    """One held day at a time (?day=yyyy-mm-dd, the first held day by default): tick who was present."""
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    held = conference.held_days
    form = AttendanceForm(request.POST if request.method == "POST" else request.GET or None, conference=conference)
    valid = form.is_valid()
    day = form.cleaned_data.get("day") if form.is_bound else (held[0] if held else None)
    if request.method == "POST":
        try:
            if not valid:
                raise ValidationError([error for errors in form.errors.values() for error in errors])
            count = services.attendance_record(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, _("Attendance of %(day)s saved: %(count)s present.") % {
                "day": day.strftime("%d/%m/%Y"), "count": count})
            return redirect(reverse("conferences:attendance", args=[conference.pk]) + f"?day={day.isoformat()}")
    day = day if day in held else None
    present = set()
    if day:
        present = set(conference.participants.registered().filter(attendances__day=day, attendances__present=True)
                      .values_list("pk", flat=True))
    return render(request, "conferences/attendance.html", {
        "conference": conference, "held_days": held, "day": day,
        "participants": conference.participants.registered().select_related("invitation__unit").by_unit(),
        "present": present,
    })


def feedback(request, pk):
    """Ratings of the held sessions for one participant the user may see (Participant.visible_to)."""
    conference = get_conference_for_user(request.user, pk)
    if not may_give_feedback(request.user):
        raise PermissionDenied
    held = set(conference.held_days)
    sessions = [session for session in conference.sessions.all() if session.day in held]
    participants = (
        conference.participants.visible_to(request.user).registered().select_related("invitation__unit").order_by("name")
    )
    form = FeedbackForm(request.POST or None, participants=participants, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_record(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The feedback of %(name)s was saved.") % {"name": form.cleaned_data["participant"].name})
            return redirect("conferences:feedback", pk=conference.pk)
    return render(request, "conferences/feedback_form.html", {"form": form, "conference": conference, "sessions": sessions})


def award_create(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_add(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The award was recorded."))
            return redirect_to(conference, "awards")
    return render(request, "conferences/award_form.html", {"form": form, "conference": conference})
