"""Report fragments for other apps' pages: the task page's reports and an officer's review news."""

from django import template

from plans.models import Assignment

from ..models import ProgressReport, expected_reports, report_assignments_visible_to
from ..services import can_start_report
from ..worklist import recently_reviewed

register = template.Library()


@register.inclusion_tag("reports/includes/task_reports.html")
def task_reports(task, user):
    """The reports of every unit assigned to `task` that `user` may see, period by period.
    Four queries: assignments, owed pairs, periods, reports."""
    assignments = list(
        report_assignments_visible_to(user).filter(task=task).select_related("unit", "task__plan")
        .order_by("removed_at", "role", "unit__name_vi")
    )
    owed = set(expected_reports(Assignment.objects.filter(pk__in=[a.pk for a in assignments])).values_list("pk", "period_id"))
    periods = list(task.plan.reporting_periods.order_by("end", "-start", "pk"))
    reports = {
        (r.assignment_id, r.period_id): r
        for r in ProgressReport.objects.visible_to(user).filter(assignment__task=task).select_related("unit", "period")
    }
    writable = {a.pk for a in assignments if can_start_report(user, a)}
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
    return {"task": task, "assignments": assignments, "rows": rows}


@register.inclusion_tag("reports/includes/report_inbox.html")
def report_inbox(user):
    """An officer's unit reports returned (to correct) or approved lately, for their home page."""
    return {"news": recently_reviewed(user) if user.has_perm("plans.submit_reports") else []}
