from django.urls import path

from .views import lists, periods, report

app_name = "reports"

urlpatterns = [
    path("", lists.report_list, name="report_list"),
    path("completeness/", lists.completeness, name="completeness"),
    path("new/<int:assignment_pk>/<int:period_pk>/", report.report_create, name="report_create"),
    path("<int:pk>/", report.report_detail, name="report_detail"),
    path("<int:pk>/edit/", report.report_edit, name="report_edit"),
    path("<int:pk>/submit/", report.report_submit, name="report_submit"),
    path("<int:pk>/approve/", report.report_approve, name="report_approve"),
    path("<int:pk>/return/", report.report_return, name="report_return"),
    path("<int:pk>/attachments/", report.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", report.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", report.attachment_remove, name="attachment_remove"),
    path("plans/<int:plan_pk>/periods/", periods.period_list, name="period_list"),
    path("plans/<int:plan_pk>/periods/new/", periods.period_create, name="period_create"),
    path("plans/<int:plan_pk>/periods/defaults/", periods.period_defaults, name="period_defaults"),
    path("periods/<int:pk>/edit/", periods.period_edit, name="period_edit"),
    path("periods/<int:pk>/delete/", periods.period_delete, name="period_delete"),
]
