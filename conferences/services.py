"""Writes to conferences: lifecycle, agenda, invitations, registrations, attendance, feedback, awards
and the outcome report.

Every function is one transaction, checks the permission it needs (PermissionDenied; the rules of a
unit's own participants are ValidationErrors, as the forms show them), records who made the change in
the history, and takes what the user typed as `data` (a form's cleaned fields; keys it does not know
are ignored)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from core.locking import save_with_lock
from plans.models import Assignment, Task
from reports.models import ProgressReport, ReportingPeriod
from reports.services import report_submit_in_stead

from .access import may_manage_conferences
from .models import (
    AgendaSession,
    Attendance,
    Award,
    Conference,
    Feedback,
    Invitation,
    Participant,
    SessionMaterial,
    Speaker,
    today,
)

CONFERENCE_FIELDS = (
    "title", "kind", "start_date", "end_date", "venue", "province", "organiser", "chair", "registration_deadline", "task",
    "planned_budget", "description",
)
SPEAKER_FIELDS = ("name", "title", "position", "organisation", "kind")
SESSION_FIELDS = ("day", "start_time", "end_time", "topic", "summary")
PERSON_FIELDS = ("name", "position", "organisation", "email")
AWARD_FIELDS = ("honour", "recipient", "recipient_position", "organisation", "decision")


def _pick(data: dict, names) -> dict:
    return {name: data[name] for name in names if name in data}


def _clean_text(data: dict, names) -> dict:
    return {name: (value or "").strip() for name, value in _pick(data, names).items()}


def _require_manager(by: User) -> None:
    if not may_manage_conferences(by):
        raise PermissionDenied


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _save(instance, by: User, **save_kwargs):
    instance._history_user = by
    instance.full_clean()
    instance.save(**save_kwargs)
    return instance


# --- Conference lifecycle -------------------------------------------------------------------


@transaction.atomic
def conference_create(*, data: dict, by: User) -> Conference:
    _require_manager(by)
    return _save(Conference(created_by=by, status=Conference.Status.PLANNED, **_pick(data, CONFERENCE_FIELDS)), by)


@transaction.atomic
def conference_update(*, conference: Conference, data: dict, expected_version: int, by: User) -> Conference:
    """Save the changes unless someone saved the conference since the form was opened (EditConflict)."""
    _require_manager(by)
    if not _locked(conference).is_editable:
        raise ValidationError(_("A cancelled conference or one with a filed report can no longer be edited."))
    return save_with_lock(
        conference, expected_version=expected_version, changes=_pick(data, CONFERENCE_FIELDS), history_user=by,
    )


def conference_initial_from_task(*, task: Task) -> dict:
    """Form values for a conference that carries out `task`: its title, dates and lead unit."""
    lead = task.assignments.current().filter(role=Assignment.Role.LEAD).select_related("unit").first()
    start = task.start_date or task.deadline
    initial = {"task": task, "title": task.title, "start_date": start, "end_date": task.deadline}
    if task.category == Task.Category.TRAINING:
        initial["kind"] = Conference.Kind.TRAINING
    elif task.category in (Task.Category.CONFERENCE, Task.Category.FORUM):
        initial["kind"] = Conference.Kind.INTERNATIONAL
    elif task.category == Task.Category.INBOUND:
        initial["kind"] = Conference.Kind.DELEGATION
    if lead and lead.unit.is_internal:
        initial["organiser"] = lead.unit
    if task.budget is not None:
        initial["planned_budget"] = task.budget
    return initial


@transaction.atomic
def conference_send_invitations(*, conference: Conference, by: User) -> Conference:
    _require_manager(by)
    conference = _locked(conference)
    if conference.status != Conference.Status.PLANNED:
        raise ValidationError(_("Invitations can only be sent for a planned conference."))
    if not conference.invitations.exists():
        raise ValidationError(_("Invite at least one unit before sending the invitations."))
    if conference.registration_deadline is None:
        raise ValidationError(_("Set a registration deadline before sending the invitations."))
    if conference.registration_deadline < today():
        raise ValidationError(_("The registration deadline has already passed: move it before sending the invitations."))
    return _set_status(conference, Conference.Status.INVITATIONS_SENT, by)


@transaction.atomic
def conference_mark_held(*, conference: Conference, by: User) -> Conference:
    _require_manager(by)
    conference = _locked(conference)
    if not conference.is_upcoming:
        raise ValidationError(_("Only a planned conference can be marked as held."))
    if conference.start_date > today():
        raise ValidationError(
            _("The conference has not started yet (it starts on %(day)s).") % {"day": _fmt(conference.start_date)}
        )
    return _set_status(conference, Conference.Status.HELD, by)


@transaction.atomic
def conference_cancel(*, conference: Conference, data: dict, by: User) -> Conference:
    _require_manager(by)
    conference = _locked(conference)
    if not conference.is_editable:
        raise ValidationError(_("This conference can no longer be cancelled."))
    reason = (data.get("reason") or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for cancelling."))
    conference.cancel_reason = reason
    return _set_status(conference, Conference.Status.CANCELLED, by, extra_fields=["cancel_reason"])


@transaction.atomic
def conference_file_report(*, conference: Conference, data: dict, by: User) -> Conference:
    """File the outcome report (data: report_text, report_file, actual_budget). The conference becomes
    "report filed", and its plan task gets the lead unit's progress report for the period of the
    conference (done, 100 %, the outcome and the actual spending), submitted for review: the task is done,
    and its spending counted, once a reviewer approves that report."""
    _require_manager(by)
    conference = _locked(conference)
    if not conference.awaits_outcome:
        raise ValidationError(_("Mark the conference as held before filing its report."))
    text = (data.get("report_text") or "").strip()
    if not text:
        raise ValidationError({"report_text": _("Write the outcome of the conference.")})
    # A cancelled task, or one of a plan no longer issued, takes no report; the conference report still stands.
    lead, period, report = _outcome_report_slot(conference) if conference.reports_on_task else (None, None, None)
    conference.report_text = text
    if data.get("report_file"):
        conference.report_file = data["report_file"]
    conference.actual_budget = data.get("actual_budget")
    conference.report_filed_at, conference.report_filed_by = timezone.now(), by
    conference = _set_status(
        conference, Conference.Status.REPORT_FILED, by,
        extra_fields=["report_text", "report_file", "actual_budget", "report_filed_at", "report_filed_by"],
    )
    if lead is not None:
        spent = conference.actual_budget if conference.actual_budget is not None else getattr(report, "amount_spent", 0)
        report_submit_in_stead(assignment=lead, period=period, by=by, data={
            "work_status": Task.Status.DONE, "progress": 100, "results": text, "amount_spent": spent,
        })
    return conference


def _outcome_report_slot(conference: Conference) -> tuple[Assignment, ReportingPeriod, ProgressReport | None]:
    """Where the outcome goes: the task's lead unit, the period that holds the conference's last day (the
    shortest one whose report can still change), or the plan's last period if none holds it; and the
    report already there, if any."""
    task = conference.task
    lead = task.assignments.current().filter(role=Assignment.Role.LEAD).select_related("unit", "task__plan").first()
    if lead is None:
        raise ValidationError(_("The plan task “%(task)s” has no lead unit to report its outcome: assign one first.")
                              % {"task": task})
    periods = ReportingPeriod.objects.filter(plan_id=task.plan_id)
    candidates = list(
        periods.filter(start__lte=conference.end_date, end__gte=conference.end_date).order_by("end", "-start", "pk")
    ) or list(periods.order_by("-end", "start", "pk")[:1])
    if not candidates:
        raise ValidationError(_("The plan of the task “%(task)s” has no reporting periods: set them up first.")
                              % {"task": task})
    reports = {report.period_id: report for report in ProgressReport.objects.filter(assignment=lead, period__in=candidates)}
    for period in candidates:
        report = reports.get(period.pk)
        if report is None or report.is_editable:
            return lead, period, report
    taken = reports[candidates[0].pk]
    raise ValidationError(
        _("The report of %(unit)s on “%(task)s” for %(period)s is already %(status)s, so it cannot take the outcome.")
        % {"unit": lead.unit, "task": task, "period": candidates[0], "status": taken.get_status_display().lower()}
    )


def _set_status(conference: Conference, status: str, by: User, extra_fields=()) -> Conference:
    conference.status = status
    conference.lock_version += 1
    return _save(conference, by, update_fields=["status", "lock_version", "updated_at", *extra_fields])


# --- Speakers and agenda --------------------------------------------------------------------


@transaction.atomic
def speaker_create(*, data: dict, by: User) -> Speaker:
    _require_manager(by)
    return _save(Speaker(**_pick(data, SPEAKER_FIELDS)), by)


@transaction.atomic
def speaker_update(*, speaker: Speaker, data: dict, by: User) -> Speaker:
    _require_manager(by)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    for name, value in _pick(data, SPEAKER_FIELDS).items():
        setattr(speaker, name, value)
    return _save(speaker, by)


@transaction.atomic
def session_create(*, conference: Conference, data: dict, by: User) -> AgendaSession:
    return _session_save(AgendaSession(conference=conference), data, by)


@transaction.atomic
def session_update(*, session: AgendaSession, data: dict, by: User) -> AgendaSession:
    return _session_save(AgendaSession.objects.select_for_update().get(pk=session.pk), data, by)


def _session_save(session: AgendaSession, data: dict, by: User) -> AgendaSession:
    """Create or change a session (data: day, times, topic, summary, speakers); a speaker cannot be in two
    sessions at the same time."""
    _require_manager(by)
    conference = _locked(session.conference)
    if not conference.is_editable:
        raise ValidationError(_("The agenda of a cancelled conference or one with a filed report cannot change."))
    for name, value in _pick(data, SESSION_FIELDS).items():
        setattr(session, name, value)
    speakers = list(data.get("speakers") or [])
    session.full_clean()
    # Lock the speakers so two planners cannot book one speaker twice at once.
    speaker_ids = list(Speaker.objects.select_for_update().filter(pk__in=[s.pk for s in speakers]).values_list("pk", flat=True))
    clashes = session.overlaps_for(speaker_ids).select_related("conference").prefetch_related("speakers")
    errors = [
        _("%(speaker)s already speaks at that time: “%(topic)s” (%(conference)s, %(day)s %(start)s–%(end)s).") % {
            "speaker": speaker.display_name, "topic": other.topic, "conference": other.conference,
            "day": _fmt(other.day), "start": f"{other.start_time:%H:%M}", "end": f"{other.end_time:%H:%M}",
        }
        for other in clashes for speaker in other.speakers.all() if speaker.pk in speaker_ids
    ]
    if errors:
        raise ValidationError({"speakers": errors})
    _save(session, by)
    session.speakers.set(speakers)
    return session


@transaction.atomic
def material_add(*, session: AgendaSession, data: dict, by: User) -> SessionMaterial:
    """Add a file to a session (data: title, file), checked by its content (core.uploads.MATERIALS)."""
    _require_manager(by)
    material = SessionMaterial(session=session, title=(data.get("title") or "").strip())
    try:
        material.store(data.get("file"), by=by)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    return _save(material, by)


# --- Invitations ----------------------------------------------------------------------------


def _check_invitable(conference: Conference, unit: Unit) -> None:
    if not conference.is_editable:
        raise ValidationError(_("Units can no longer be invited to this conference."))
    if not unit.is_internal:
        raise ValidationError({"unit": _("Only VSS units and offices are invited; add outside people as guests.")})
    if not unit.is_active_on(conference.start_date):
        raise ValidationError(
            {"unit": _("%(unit)s does not exist on %(day)s.") % {"unit": unit, "day": _fmt(conference.start_date)}}
        )


@transaction.atomic
def invitation_add(*, conference: Conference, data: dict, by: User) -> Invitation:
    """Invite one unit (data: unit, quota)."""
    _require_manager(by)
    conference = _locked(conference)
    unit = data["unit"]
    _check_invitable(conference, unit)
    if conference.invitations.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already invited.") % {"unit": unit}})
    return _save(Invitation(conference=conference, unit=unit, quota=data["quota"], invited_by=by), by)


@transaction.atomic
def invitations_add_region(*, conference: Conference, data: dict, by: User) -> list[Invitation]:
    """Invite every provincial office of data["region"] that exists on the first day (data["quota"] each);
    skip those invited."""
    _require_manager(by)
    conference = _locked(conference)
    if not conference.is_editable:
        raise ValidationError(_("Units can no longer be invited to this conference."))
    offices = (
        Unit.objects.filter(kind=Unit.Kind.PROVINCIAL, region=data["region"])
        .active_on(conference.start_date)
        .exclude(conference_invitations__conference=conference)
        .order_by("name_vi")
    )
    return [_save(Invitation(conference=conference, unit=unit, quota=data["quota"], invited_by=by), by) for unit in offices]


@transaction.atomic
def invitation_set_quota(*, invitation: Invitation, data: dict, by: User) -> Invitation:
    _require_manager(by)
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("conference", "unit").get(pk=invitation.pk)
    if not invitation.conference.is_editable:
        raise ValidationError(_("This conference can no longer change."))
    quota = data["quota"]
    registered = invitation.participants.registered().count()
    if quota < registered:
        raise ValidationError(
            _("%(unit)s has already registered %(count)s participants: the quota cannot be lower.") % {
                "unit": invitation.unit, "count": registered}
        )
    invitation.quota = quota
    return _save(invitation, by, update_fields=["quota"])


# --- Participants ---------------------------------------------------------------------------


@transaction.atomic
def participant_register(*, data: dict, by: User) -> Participant:
    """Register one participant (data: invitation, name, position, email) of an invited unit, within its
    quota and before the deadline.

    The invitation row is locked first, so two officers registering at once cannot both take the last place."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("conference", "unit").get(
        pk=data["invitation"].pk
    )
    conference = invitation.conference
    if not invitation.is_registrable_by(by):
        raise ValidationError(_("You can only register participants of your own unit."))
    if conference.status != Conference.Status.INVITATIONS_SENT:
        raise ValidationError(_("Registration is not open for this conference."))
    if conference.registration_deadline is None or today() > conference.registration_deadline:
        raise ValidationError(
            _("Registration closed on %(day)s.") % {"day": _fmt(conference.registration_deadline)}
            if conference.registration_deadline else _("Registration is not open for this conference.")
        )
    registered = invitation.participants.registered().count()
    if registered >= invitation.quota:
        raise ValidationError(
            _("%(unit)s has already registered %(count)s of its %(quota)s places: the quota is full.") % {
                "unit": invitation.unit, "count": registered, "quota": invitation.quota}
        )
    person = _clean_text(data, ("name", "position", "email"))
    return _save(Participant(conference=conference, invitation=invitation, registered_by=by, **person), by)


@transaction.atomic
def guest_add(*, conference: Conference, data: dict, by: User) -> Participant:
    """Central staff add a guest (data: name, organisation, position, email; no unit, no quota) until the
    report is filed."""
    _require_manager(by)
    conference = _locked(conference)
    if not conference.is_editable:
        raise ValidationError(_("Guests can no longer be added to this conference."))
    return _save(Participant(conference=conference, registered_by=by, **_clean_text(data, PERSON_FIELDS)), by)


@transaction.atomic
def participant_withdraw(*, participant: Participant, by: User) -> Participant:
    """Withdraw a registration (the record stays): the unit's place is free again."""
    participant = Participant.objects.select_for_update(of=("self",)).select_related("conference", "invitation").get(
        pk=participant.pk
    )
    conference = participant.conference
    if participant.status != Participant.Status.REGISTERED:
        raise ValidationError(_("This participant is already withdrawn."))
    if not participant.is_editable_by(by):
        raise ValidationError(_("You can only withdraw participants of your own unit."))
    if not conference.withdrawals_open_to(by):
        if conference.is_editable_by(by):
            raise ValidationError(_("Participants of a held conference cannot be withdrawn."))
        raise ValidationError(_("Registration is closed: ask the organisers to withdraw this participant."))
    participant.status, participant.withdrawn_at = Participant.Status.WITHDRAWN, timezone.now()
    return _save(participant, by, update_fields=["status", "withdrawn_at"])


# --- Attendance and feedback ----------------------------------------------------------------


@transaction.atomic
def attendance_record(*, conference: Conference, data: dict, by: User) -> int:
    """Record who was present on data["day"]: data["present"] lists them (participants or their ids);
    every other registered participant was absent. Returns how many were present."""
    _require_manager(by)
    conference = _locked(conference)
    day = data.get("day")
    if day is None:
        raise ValidationError(_("Choose a day of the conference."))
    if day not in conference.held_days:
        raise ValidationError(
            _("Attendance can only be recorded for a day the conference has been held (%(day)s is not one).")
            % {"day": _fmt(day)}
        )
    participants = {p.pk: p for p in conference.participants.registered()}
    try:
        present_ids = {int(getattr(p, "pk", p)) for p in data.get("present") or ()}
    except (TypeError, ValueError):
        raise ValidationError(_("Attendance can only be recorded for registered participants.")) from None
    if present_ids - participants.keys():
        raise ValidationError(_("Attendance can only be recorded for registered participants."))
    existing = {a.participant_id: a for a in Attendance.objects.filter(participant__in=participants.keys(), day=day)}
    now = timezone.now()
    for pk, participant in participants.items():
        present = pk in present_ids
        record = existing.get(pk) or Attendance(participant=participant, day=day)
        if record.pk and record.present == present:
            continue
        record.present, record.recorded_by, record.recorded_at = present, by, now
        record._history_user = by
        record.save()
    return len(present_ids)


@transaction.atomic
def feedback_record(*, data: dict, by: User) -> list[Feedback]:
    """Record a participant's ratings (data: participant, ratings = {session: (1–5, comment)}); replaces
    earlier ones."""
    participant = Participant.objects.select_for_update(of=("self",)).select_related("conference", "invitation").get(
        pk=data["participant"].pk
    )
    conference = participant.conference
    if participant.status != Participant.Status.REGISTERED:
        raise ValidationError(_("Feedback can only be given by a registered participant."))
    if not participant.is_editable_by(by):
        raise ValidationError(_("You can only enter feedback for participants of your own unit."))
    saved = []
    held = set(conference.held_days)
    for session, (rating, comment) in (data.get("ratings") or {}).items():
        if session.conference_id != conference.pk:
            raise ValidationError(_("This session is not part of the conference."))
        if session.day not in held:
            raise ValidationError(_("“%(topic)s” has not taken place yet.") % {"topic": session.topic})
        feedback = Feedback.objects.filter(session=session, participant=participant).first()
        feedback = feedback or Feedback(session=session, participant=participant)
        feedback.rating, feedback.comment, feedback.entered_by, feedback.entered_at = rating, comment.strip(), by, timezone.now()
        saved.append(_save(feedback, by))
    if not saved:
        raise ValidationError(_("Rate at least one session."))
    return saved


@transaction.atomic
def award_add(*, conference: Conference, data: dict, by: User) -> Award:
    """Record an honour handed out at the conference (data: honour, recipient, position, organisation, decision)."""
    _require_manager(by)
    conference = _locked(conference)
    if not conference.takes_awards:
        raise ValidationError(_("A cancelled conference hands out no award."))
    return _save(Award(conference=conference, created_by=by, **_pick(data, AWARD_FIELDS)), by)
