"""Invited units and their participants: inviting (one unit or a whole area), quotas, registering,
guests, withdrawing, and the participant list with its Excel export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors, error_messages

from .. import exports, services
from ..access import get_conference_for_user, get_invitation_for_user, get_participant_for_user
from ..forms import GuestForm, InvitationForm, ParticipantFilterForm, ParticipantForm, QuotaForm, RegionInvitationForm
from ..models import Participant
from .common import querystring


def invitation_manage(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    form = InvitationForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_add(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(unit)s is invited.") % {"unit": invitation.unit})
            return redirect("conferences:invitation_manage", pk=conference.pk)
    return _invitations_page(request, conference, form)


def _invitations_page(request, conference, form, region_form=None):
    return render(request, "conferences/invitations.html", {
        "conference": conference, "form": form, "region_form": region_form or RegionInvitationForm(),
        "invitations": conference.invitations.visible_to(request.user).with_registered().select_related("unit")
        .order_by("unit__name_vi"),
    })


@require_POST
def invitation_invite_region(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    region_form = RegionInvitationForm(request.POST)
    if region_form.is_valid():
        try:
            created = services.invitations_add_region(conference=conference, data=region_form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(region_form, exc)
        else:
            messages.success(request, _("%(count)s provincial offices were invited.") % {"count": len(created)})
            return redirect("conferences:invitation_manage", pk=conference.pk)
    return _invitations_page(request, conference, InvitationForm(conference=conference), region_form)


@require_POST
def invitation_set_quota(request, pk):
    invitation = get_invitation_for_user(request.user, pk, to_edit=True)
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_set_quota(invitation=invitation, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            error_messages(request, exc)
        else:
            messages.success(request, _("The quota of %(unit)s is now %(quota)s.") % {
                "unit": invitation.unit, "quota": form.cleaned_data["quota"]})
    else:
        messages.error(request, _("The quota must be a whole number of at least 1."))
    return redirect("conferences:invitation_manage", pk=invitation.conference_id)


def participant_list(request, pk):
    return _participants_page(request, get_conference_for_user(request.user, pk))


def _participants_page(request, conference, register_form=None):
    """The registered participants the user may see (filtered by ?q= and ?invitation=), per-unit totals,
    and the registration form while registration is open; ?format=xlsx downloads it."""
    user = request.user
    days = conference.days
    invitations = conference.invitations.visible_to(user).order_by("unit__name_vi")
    filter_form = ParticipantFilterForm(request.GET, invitations=invitations.select_related("unit"))
    participants = conference.participants.visible_to(user)
    rows = filter_form.results(participants.registered()).by_unit().attendance_rows(days)
    totals = invitations.unit_totals(days)
    if request.GET.get("format") == "xlsx":
        return exports.participants_xlsx(conference, rows, days, totals)
    registrable = conference.invitations.registrable_by(user).select_related("unit").order_by("unit__name_vi")
    if register_form is None and conference.registration_is_open and registrable:
        register_form = ParticipantForm(invitations=registrable)
    return render(request, "conferences/participants.html", {
        "conference": conference, "days": days, "rows": rows, "unit_totals": totals, "filter_form": filter_form,
        "export_query": querystring(request, format="xlsx"),
        "register_form": register_form, "can_manage": conference.is_editable_by(user),
        "can_withdraw": conference.withdrawals_open_to(user),
        "withdrawn": participants.filter(status=Participant.Status.WITHDRAWN).select_related("invitation__unit"),
    })


@require_POST
def participant_register(request, pk):
    conference = get_conference_for_user(request.user, pk)
    registrable = conference.invitations.registrable_by(request.user).select_related("unit").order_by("unit__name_vi")
    if not registrable.exists():
        raise PermissionDenied
    form = ParticipantForm(request.POST, invitations=registrable)
    if form.is_valid():
        try:
            participant = services.participant_register(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered for %(unit)s.") % {
                "name": participant.name, "unit": participant.invitation.unit})
            return redirect("conferences:participant_list", pk=conference.pk)
    return _participants_page(request, conference, register_form=form)


def guest_add(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guest_add(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The guest was added."))
            return redirect("conferences:participant_list", pk=conference.pk)
    return render(request, "conferences/guest_form.html", {"form": form, "conference": conference})


@require_POST
def participant_withdraw(request, pk):
    participant = get_participant_for_user(request.user, pk, to_edit=True)
    try:
        services.participant_withdraw(participant=participant, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("%(name)s was withdrawn.") % {"name": participant.name})
    return redirect("conferences:participant_list", pk=participant.conference_id)
