"""The agenda: sessions, their materials (private documents), the printable agenda, and the speakers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.documents import serve_document, wants_inline
from core.forms import add_service_errors

from .. import services
from ..access import (
    get_conference_for_user,
    get_material_for_user,
    get_session_for_user,
    get_speaker_for_user,
    may_manage_conferences,
)
from ..forms import AgendaSessionForm, MaterialForm, SpeakerFilterForm, SpeakerForm
from ..models import AgendaSession, Speaker
from .common import querystring, redirect_to


def agenda_print(request, pk):
    conference = get_conference_for_user(request.user, pk)
    sessions = list(conference.sessions.prefetch_related("speakers"))
    days = [{"day": day, "sessions": [s for s in sessions if s.day == day]} for day in conference.days]
    return render(request, "conferences/agenda_print.html", {"conference": conference, "agenda_days": days})


def session_create(request, pk):
    conference = get_conference_for_user(request.user, pk, to_edit=True)
    session = AgendaSession(conference=conference)
    form = AgendaSessionForm(request.POST or None, instance=session, initial={"day": conference.start_date})
    return _session_page(request, form, session, _("The session was added to the agenda."))


def session_update(request, pk):
    session = get_session_for_user(request.user, pk, to_edit=True)
    return _session_page(request, AgendaSessionForm(request.POST or None, instance=session), session, _("The session was saved."))


def _session_page(request, form, session, success: str, material_form=None):
    conference = session.conference
    if request.method == "POST" and material_form is None and form.is_valid():
        try:
            if session.pk:
                services.session_update(session=session, data=form.cleaned_data, by=request.user)
            else:
                services.session_create(conference=conference, data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect_to(conference, "agenda")
    return render(request, "conferences/session_form.html", {
        "form": form, "conference": conference, "session": session if session.pk else None,
        "material_form": material_form or MaterialForm(),
        "materials": session.materials.current() if session.pk else [],
    })


def material_upload(request, pk):
    session = get_session_for_user(request.user, pk, to_edit=True)
    material_form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and material_form.is_valid():
        try:
            services.material_add(session=session, data=material_form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(material_form, exc)
        else:
            messages.success(request, _("The material was uploaded."))
            return redirect("conferences:session_update", pk=session.pk)
    return _session_page(request, AgendaSessionForm(instance=session), session, "", material_form=material_form)


def material_download(request, pk):
    return serve_document(get_material_for_user(request.user, pk), inline=wants_inline(request))


# --- Speakers -------------------------------------------------------------------------------


def speaker_list(request):
    form = SpeakerFilterForm(request.GET)
    speakers = form.results(Speaker.objects.visible_to(request.user).with_session_count()).order_by("name", "pk")
    return render(request, "conferences/speaker_list.html", {
        "filter_form": form, "page_obj": Paginator(speakers, 50).get_page(request.GET.get("page")),
        "querystring": querystring(request), "can_manage": may_manage_conferences(request.user),
    })


def speaker_form(request, pk=None):
    if not may_manage_conferences(request.user):
        raise PermissionDenied
    speaker = get_speaker_for_user(request.user, pk, to_edit=True) if pk else Speaker()
    form = SpeakerForm(request.POST or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        try:
            if pk:
                services.speaker_update(speaker=speaker, data=form.cleaned_data, by=request.user)
            else:
                services.speaker_create(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The speaker was saved."))
            next_url = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("conferences:speaker_list")
    return render(request, "conferences/speaker_form.html", {"form": form, "speaker": speaker if pk else None})
