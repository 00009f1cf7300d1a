from django.urls import path

from . import deadline_views, views

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
    path("tasks/orphaned/", views.OrphanedWorkView.as_view(), name="orphaned_work"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/<int:pk>/done/", deadline_views.task_complete, name="task_complete"),
    path("tasks/<int:pk>/reopen/", deadline_views.task_reopen, name="task_reopen"),
    path("tasks/<int:pk>/extension/", deadline_views.extension_create, name="extension_create"),
    path("tasks/<int:pk>/explanation/", deadline_views.explanation_create, name="explanation_create"),
    path("extensions/", deadline_views.ExtensionListView.as_view(), name="extension_list"),
    path("extensions/<int:pk>/", deadline_views.extension_detail, name="extension_detail"),
    path("extensions/<int:pk>/edit/", deadline_views.extension_edit, name="extension_edit"),
    path("extensions/documents/<int:pk>/", deadline_views.extension_document, name="extension_document"),
    path("explanations/", deadline_views.ExplanationListView.as_view(), name="explanation_list"),
    path("explanations/<int:pk>/", deadline_views.explanation_answer, name="explanation_answer"),
    path("explanations/documents/<int:pk>/", deadline_views.explanation_document, name="explanation_document"),
]
