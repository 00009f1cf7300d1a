from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="conference_list"),
    path("calendar/", views.conference_calendar, name="conference_calendar"),
    path("new/", views.conference_create, name="conference_create"),
    path("new/from-task/<int:task_pk>/", views.conference_create, name="conference_create_from_task"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/edit/", views.conference_update, name="conference_update"),
    path("<int:pk>/send-invitations/", views.conference_send_invitations, name="conference_send_invitations"),
    path("<int:pk>/held/", views.conference_mark_held, name="conference_mark_held"),
    path("<int:pk>/cancel/", views.conference_cancel, name="conference_cancel"),
    path("<int:pk>/report/", views.conference_report, name="conference_report"),
    path("<int:pk>/report/file/", views.report_file_download, name="report_file_download"),
    path("<int:pk>/event.ics", views.conference_ics, name="conference_ics"),
    path("<int:pk>/agenda/print/", views.agenda_print, name="agenda_print"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/edit/", views.session_update, name="session_update"),
    path("sessions/<int:pk>/materials/new/", views.material_upload, name="material_upload"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("<int:pk>/invitations/", views.invitation_manage, name="invitation_manage"),
    path("<int:pk>/invitations/region/", views.invitation_invite_region, name="invitation_invite_region"),
    path("invitations/<int:pk>/quota/", views.invitation_set_quota, name="invitation_set_quota"),
    path("<int:pk>/participants/", views.participant_list, name="participant_list"),
    path("<int:pk>/participants/register/", views.participant_register, name="participant_register"),
    path("<int:pk>/guests/new/", views.guest_add, name="guest_add"),
    path("participants/<int:pk>/withdraw/", views.participant_withdraw, name="participant_withdraw"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/awards/new/", views.award_create, name="award_create"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/new/", views.speaker_form, name="speaker_create"),
    path("speakers/<int:pk>/edit/", views.speaker_form, name="speaker_update"),
]
