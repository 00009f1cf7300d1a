from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("plans/<int:pk>/amend/issue/", views.plan_amend_issue, name="plan_amend_issue"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/discard/", views.plan_discard, name="plan_discard"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/changes/", views.plan_changes, name="plan_changes"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/document/", views.plan_document, name="plan_document"),
    path("plans/<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("plans/<int:pk>/tasks/import/", views.task_import, name="task_import"),
    path("plans/<int:pk>/tasks/import/template.xlsx", views.task_import_template, name="task_import_template"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/move/", views.objective_move, name="objective_move"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("assignments/<int:pk>/hand-down/", views.assignment_hand_down, name="assignment_hand_down"),
    path("assignments/<int:pk>/take-back/", views.assignment_take_back, name="assignment_take_back"),
]
