"""The conference pages, by area: conferences (list, calendar, page, lifecycle), agenda (sessions,
materials, speakers), people (invitations and participants), attendance (attendance, feedback,
awards). Objects come through conferences.access; writes go through conferences.services."""

from .agenda import agenda_print, material_download, material_upload, session_create, session_update, speaker_form, speaker_list
from .attendance import attendance, award_create, feedback
from .conferences import (
    conference_calendar,
    conference_cancel,
    conference_create,
    conference_detail,
    conference_ics,
    conference_list,
    conference_mark_held,
    conference_report,
    conference_send_invitations,
    conference_update,
    report_file_download,
)
from .people import (
    guest_add,
    invitation_invite_region,
    invitation_manage,
    invitation_set_quota,
    participant_list,
    participant_register,
    participant_withdraw,
)

__all__ = [
    "agenda_print", "attendance", "award_create", "conference_calendar", "conference_cancel", "conference_create",
    "conference_detail", "conference_ics", "conference_list", "conference_mark_held", "conference_report",
    "conference_send_invitations", "conference_update", "feedback", "guest_add", "invitation_invite_region",
    "invitation_manage", "invitation_set_quota", "material_download", "material_upload", "participant_list",
    "participant_register", "participant_withdraw", "report_file_download", "session_create", "session_update",
    "speaker_form", "speaker_list",
]
