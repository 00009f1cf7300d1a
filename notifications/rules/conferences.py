"""Conference rules: registration closing, to invited units that have registered nobody."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from conferences.models import Conference, Invitation, Participant

from ..models import ReminderRule
from .base import Message, Rule, chunks, show_date, unit_name


def registered_participants(invitation_ref):
    return Participant.objects.registered().filter(invitation=invitation_ref)


class ConferenceRegistration(Rule):
    """Registration closing (offsets in working days before the deadline): to the officers of each
    invited unit that has registered nobody (of its successor, for a unit that has ended)."""

    code = ReminderRule.Code.CONFERENCE_REGISTRATION
    model = "conferences.Invitation"
    related = ("conference", "unit")

    def collect(self, scan, params):
        offsets = params.offset_list
        if not offsets:
            return
        invitations = Invitation.objects.filter(
            conference__status=Conference.Status.INVITATIONS_SENT,
            conference__registration_deadline__gte=scan.day,
            conference__registration_deadline__lte=scan.calendar.add_working_days(scan.day, max(offsets)),
        ).filter(~Exists(registered_participants(OuterRef("pk"))))
        for chunk in chunks(invitations, ("unit_id", "conference__registration_deadline"), scan.chunk_size):
            batch = []
            for row in chunk:
                deadline = row["conference__registration_deadline"]
                hit = scan.before(deadline, offsets)
                if hit:
                    carrier, officers = scan.officers_for(row["unit_id"])
                    batch += [
                        self.dispatch(row["pk"], user_id, hit[0], **scan.units_context(row["unit_id"], carrier),
                                      deadline=deadline.isoformat())
                        for user_id in officers
                    ]
            yield batch

    def still_due(self, invitation, dispatch, today, params):
        conference = invitation.conference
        return (
            conference.registration_is_open
            and conference.registration_deadline.isoformat() == dispatch.context.get("deadline")
            and not registered_participants(invitation).exists()
        )

    def reason(self, dispatch, values: dict) -> str:
        if dispatch.context.get("for_unit"):
            return _("You receive this because you are a focal officer of %(carrier)s, which carries the open work of "
                     "%(unit)s, an invited unit.") % {**values, "carrier": unit_name(dispatch.context.get("unit"))}
        return _("You receive this because you are a focal officer of %(unit)s, an invited unit.") % values

    def message(self, invitation, dispatch, params):
        conference = invitation.conference
        values = {"conference": conference.title, "date": show_date(conference.registration_deadline),
                  "unit": invitation.unit.name, "quota": invitation.quota,
                  "start": show_date(conference.start_date), "venue": conference.venue}
        return Message(
            title=_("Registration closes %(date)s: %(conference)s") % values,
            lines=[
                _("%(unit)s is invited to %(conference)s (%(start)s, %(venue)s) and has registered nobody yet.") % values,
                _("Register up to %(quota)s participants by %(date)s.") % values,
            ],
            url=conference.get_absolute_url(),
            reason=self.reason(dispatch, values),
        )
