"""Writes to conferences: lifecycle, agenda, invitations, registrations, attendance, feedback,
awards and the outcome report. Every function is one transaction; rules raise ValidationError."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from plans.models import Task
from plans.services import task_record_progress

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


def can_manage(user: User) -> bool:
    return user.has_perm("conferences.manage_conferences")


def can_register_for(user: User, invitation: Invitation) -> bool:
    """Central planners register for any unit; a focal officer only for their own unit."""
    if can_manage(user):
        return True
    return user.has_perm("conferences.register_participants") and invitation.unit_id in user.unit_lineage_ids


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Conference lifecycle -------------------------------------------------------------------


@transaction.atomic
def conference_create(*, by: User, **fields) -> Conference:
    conference = Conference(created_by=by, status=Conference.Status.PLANNED, **fields)
    conference._history_user = by
    conference.full_clean()
    conference.save()
    return conference


def conference_initial_from_task(*, task: Task) -> dict:
    """Form values for a conference that carries out `task`: its title, dates and lead unit."""
    lead = task.assignments.filter(role="lead", removed_at__isnull=True).select_related("unit").first()
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
    conference = _locked(conference)
    if conference.status not in (Conference.Status.PLANNED, Conference.Status.INVITATIONS_SENT):
        raise ValidationError(_("Only a planned conference can be marked as held."))
    if conference.start_date > today():
        raise ValidationError(
            _("The conference has not started yet (it starts on %(day)s).") % {"day": _fmt(conference.start_date)}
        )
    return _set_status(conference, Conference.Status.HELD, by)


@transaction.atomic
def conference_cancel(*, conference: Conference, reason: str, by: User) -> Conference:
    conference = _locked(conference)
    if conference.status in (Conference.Status.REPORT_FILED, Conference.Status.CANCELLED):
        raise ValidationError(_("This conference can no longer be cancelled."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling."))
    conference.cancel_reason = reason.strip()
    return _set_status(conference, Conference.Status.CANCELLED, by, extra_fields=["cancel_reason"])


@transaction.atomic
def conference_file_report(*, conference: Conference, text: str, file=None, actual_budget: int | None, by: User) -> Conference:
    """File the outcome report: the conference becomes "report filed" and its plan task is done."""
    conference = _locked(conference)
    if conference.status != Conference.Status.HELD:
        raise ValidationError(_("Mark the conference as held before filing its report."))
    if not text.strip():
        raise ValidationError({"report_text": _("Write the outcome of the conference.")})
    conference.report_text = text.strip()
    if file:
        conference.report_file = file
    conference.actual_budget = actual_budget
    conference.report_filed_at, conference.report_filed_by = timezone.now(), by
    conference = _set_status(
        conference, Conference.Status.REPORT_FILED, by,
        extra_fields=["report_text", "report_file", "actual_budget", "report_filed_at", "report_filed_by"],
    )
    # A cancelled task takes no progress; the conference report still stands.
    if conference.task_id and conference.task.status != Task.Status.CANCELLED:
        task_record_progress(task=conference.task, progress=100, status=Task.Status.DONE, by=by)
    return conference


def _set_status(conference: Conference, status: str, by: User, extra_fields=()) -> Conference:
    conference.status = status
    conference._history_user = by
    conference.full_clean()
    conference.lock_version += 1
    conference.save(update_fields=["status", "lock_version", "updated_at", *extra_fields])
    return conference


# --- Speakers and agenda --------------------------------------------------------------------


@transaction.atomic
def speaker_save(*, speaker: Speaker, by: User) -> Speaker:
    speaker._history_user = by
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def agenda_session_save(*, session: AgendaSession, speakers: Iterable[Speaker], by: User) -> AgendaSession:
    """Create or change a session; a speaker cannot be in two sessions at the same time."""
    conference = _locked(session.conference)
    if not conference.is_editable:
        raise ValidationError(_("The agenda of a cancelled conference or one with a filed report cannot change."))
    speakers = list(speakers)
    session.full_clean()
    # Lock the speakers so two planners cannot book one speaker twice at once.
    speaker_ids = list(Speaker.objects.select_for_update().filter(pk__in=[s.pk for s in speakers]).values_list("pk", flat=True))
    clashes = session.overlaps_for(speaker_ids).select_related("conference").prefetch_related("speakers")
    errors = []
    for other in clashes:
        for speaker in other.speakers.all():
            if speaker.pk in speaker_ids:
                errors.append(
                    _("%(speaker)s already speaks at that time: “%(topic)s” (%(conference)s, %(day)s %(start)s–%(end)s).") % {
                        "speaker": speaker.display_name, "topic": other.topic, "conference": other.conference,
                        "day": _fmt(other.day), "start": f"{other.start_time:%H:%M}", "end": f"{other.end_time:%H:%M}",
                    }
                )
    if errors:
        raise ValidationError({"speakers": errors})
    session._history_user = by
    session.save()
    session.speakers.set(speakers)
    return session


@transaction.atomic
def material_add(*, session: AgendaSession, title: str, file, by: User) -> SessionMaterial:
    material = SessionMaterial(session=session, title=title, file=file, uploaded_by=by)
    material._history_user = by
    material.full_clean()
    material.save()
    return material


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
def invitation_add(*, conference: Conference, unit: Unit, quota: int, by: User) -> Invitation:
    conference = _locked(conference)
    _check_invitable(conference, unit)
    if conference.invitations.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already invited.") % {"unit": unit}})
    invitation = Invitation(conference=conference, unit=unit, quota=quota, invited_by=by)
    invitation._history_user = by
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitations_add_region(*, conference: Conference, region: str, quota: int, by: User) -> list[Invitation]:
    """Invite every provincial office of `region` that exists on the first day; skip those invited."""
    conference = _locked(conference)
    if not conference.is_editable:
        raise ValidationError(_("Units can no longer be invited to this conference."))
    offices = (
        Unit.objects.filter(kind=Unit.Kind.PROVINCIAL, region=region)
        .active_on(conference.start_date)
        .exclude(conference_invitations__conference=conference)
        .order_by("name_vi")
    )
    created = []
    for unit in offices:
        invitation = Invitation(conference=conference, unit=unit, quota=quota, invited_by=by)
        invitation._history_user = by
        invitation.full_clean()
        invitation.save()
        created.append(invitation)
    return created


@transaction.atomic
def invitation_set_quota(*, invitation: Invitation, quota: int, by: User) -> Invitation:
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("conference").get(pk=invitation.pk)
    if not invitation.conference.is_editable:
        raise ValidationError(_("This conference can no longer change."))
    registered = invitation.participants.registered().count()
    if quota < registered:
        raise ValidationError(
            _("%(unit)s has already registered %(count)s participants: the quota cannot be lower.") % {
                "unit": invitation.unit, "count": registered}
        )
    invitation.quota = quota
    invitation._history_user = by
    invitation.full_clean()
    invitation.save(update_fields=["quota"])
    return invitation


# --- Participants ---------------------------------------------------------------------------


@transaction.atomic
def participant_register(*, invitation: Invitation, name: str, position: str = "", email: str = "", by: User) -> Participant:
    """Register one participant of an invited unit, within its quota and before the deadline.

    The invitation row is locked first, so two officers registering at once cannot both take
    the last place."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("conference", "unit").get(
        pk=invitation.pk
    )
    conference = invitation.conference
    if not can_register_for(by, invitation):
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
    participant = Participant(
        conference=conference, invitation=invitation, name=name.strip(), position=position.strip(),
        email=email.strip(), registered_by=by,
    )
    participant._history_user = by
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def guest_add(
    *, conference: Conference, name: str, organisation: str, position: str = "", email: str = "", by: User,
) -> Participant:
    """Central staff add a guest (no unit, no quota) until the report is filed."""
    conference = _locked(conference)
    if not conference.is_editable:
        raise ValidationError(_("Guests can no longer be added to this conference."))
    participant = Participant(
        conference=conference, name=name.strip(), organisation=organisation.strip(), position=position.strip(),
        email=email.strip(), registered_by=by,
    )
    participant._history_user = by
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_withdraw(*, participant: Participant, by: User) -> Participant:
    """Withdraw a registration (the record stays): the unit's place is free again."""
    participant = Participant.objects.select_for_update(of=("self",)).select_related("conference", "invitation").get(
        pk=participant.pk
    )
    conference = participant.conference
    if participant.status != Participant.Status.REGISTERED:
        raise ValidationError(_("This participant is already withdrawn."))
    if can_manage(by):
        if conference.status not in (Conference.Status.PLANNED, Conference.Status.INVITATIONS_SENT):
            raise ValidationError(_("Participants of a held conference cannot be withdrawn."))
    elif participant.is_guest or not can_register_for(by, participant.invitation):
        raise ValidationError(_("You can only withdraw participants of your own unit."))
    elif not conference.registration_is_open:
        raise ValidationError(_("Registration is closed: ask the organisers to withdraw this participant."))
    participant.status, participant.withdrawn_at = Participant.Status.WITHDRAWN, timezone.now()
    participant._history_user = by
    participant.full_clean()
    participant.save(update_fields=["status", "withdrawn_at"])
    return participant


# --- Attendance and feedback ----------------------------------------------------------------


@transaction.atomic
def attendance_record(*, conference: Conference, day: datetime.date, present_ids: Iterable[int], by: User) -> int:
    """Record who was present on `day` (every registered participant not listed was absent).

    Returns how many were present."""
    conference = _locked(conference)
    if day not in conference.held_days:
        raise ValidationError(
            _("Attendance can only be recorded for a day the conference has been held (%(day)s is not one).")
            % {"day": _fmt(day)}
        )
    participants = {p.pk: p for p in conference.participants.registered()}
    present_ids = {int(pk) for pk in present_ids}
    unknown = present_ids - participants.keys()
    if unknown:
        raise ValidationError(_("Attendance can only be recorded for registered participants."))
    existing = {a.participant_id: a for a in Attendance.objects.filter(participant__in=participants.keys(), day=day)}
    now = timezone.now()
    for pk, participant in participants.items():
        present = pk in present_ids
        record = existing.get(pk)
        if record is None:
            record = Attendance(participant=participant, day=day)
        elif record.present == present:
            continue
        record.present, record.recorded_by, record.recorded_at = present, by, now
        record._history_user = by
        record.save()
    return len(present_ids)


@transaction.atomic
def feedback_record(*, participant: Participant, ratings: dict[AgendaSession, tuple[int, str]], by: User) -> list[Feedback]:
    """Record a participant's rating (1–5) and comment for each session given; replaces earlier ones."""
    participant = Participant.objects.select_for_update(of=("self",)).select_related("conference", "invitation").get(
        pk=participant.pk
    )
    conference = participant.conference
    if participant.status != Participant.Status.REGISTERED:
        raise ValidationError(_("Feedback can only be given by a registered participant."))
    if not can_manage(by) and (participant.is_guest or not can_register_for(by, participant.invitation)):
        raise ValidationError(_("You can only enter feedback for participants of your own unit."))
    saved = []
    held = set(conference.held_days)
    for session, (rating, comment) in ratings.items():
        if session.conference_id != conference.pk:
            raise ValidationError(_("This session is not part of the conference."))
        if session.day not in held:
            raise ValidationError(_("“%(topic)s” has not taken place yet.") % {"topic": session.topic})
        feedback = Feedback.objects.filter(session=session, participant=participant).first()
        feedback = feedback or Feedback(session=session, participant=participant)
        feedback.rating, feedback.comment, feedback.entered_by, feedback.entered_at = rating, comment.strip(), by, timezone.now()
        feedback._history_user = by
        feedback.full_clean()
        feedback.save()
        saved.append(feedback)
    if not saved:
        raise ValidationError(_("Rate at least one session."))
    return saved


@transaction.atomic
def award_add(*, conference: Conference, by: User, **fields) -> Award:
    conference = _locked(conference)
    if conference.status == Conference.Status.CANCELLED:
        raise ValidationError(_("A cancelled conference hands out no award."))
    award = Award(conference=conference, created_by=by, **fields)
    award._history_user = by
    award.full_clean()
    award.save()
    return award
