"""What reporting adds to the engine's task page (registered in ReportsConfig.ready)."""

from django.template.loader import render_to_string

from plans.models import Assignment

from .access import can_start_report
from .models import ProgressReport, expected_reports, report_assignments_visible_to


def task_reports_section(request, task) -> str:
    """The task page's section: the reports of every unit assigned to `task` that `user` may see, period by period.
    Four queries: assignments, owed pairs, periods, reports."""
    assignments = list(
        report_assignments_visible_to(request.user).filter(task=task).select_related("unit", "task__plan")
        .order_by("removed_at", "role", "unit__name_vi")
    )
    owed = set(expected_reports(Assignment.objects.filter(pk__in=[a.pk for a in assignments])).values_list("pk", "period_id"))
    periods = list(task.plan.reporting_periods.order_by("end", "-start", "pk"))
    reports = {
        (r.assignment_id, r.period_id): r
        for r in ProgressReport.objects.visible_to(request.user).filter(assignment__task=task).select_related("unit", "period")
    }
    writable = {a.pk for a in assignments if can_start_report(request.user, a)}
    rows = [
        {
            "period": period,
            "cells": [
                {
                    "assignment": assignment,
                    "report": reports.get((assignment.pk, period.pk)),
                    "owed": (assignment.pk, period.pk) in owed,
                    "can_write": assignment.pk in writable,
                }
                for assignment in assignments
            ],
        }
        for period in periods
        if any((a.pk, period.pk) in owed or (a.pk, period.pk) in reports for a in assignments)
    ]
    return render_to_string(
        "reports/includes/task_reports.html", {"task": task, "assignments": assignments, "rows": rows}, request=request
    )
