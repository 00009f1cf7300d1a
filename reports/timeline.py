"""What reporting adds to the task's timeline: the reviewer's comment each time a report was returned."""

from django.template.loader import render_to_string

from plans.timeline import TimelineEntry

from .models import ProgressReport, ReportEvent


def returned_report_entries(request, task) -> list[TimelineEntry]:
    """Returned-report comments on `task` of the reports the user may read: one query."""
    reports = ProgressReport.objects.visible_to(request.user).filter(assignment__task=task)
    events = (
        ReportEvent.objects.filter(action=ReportEvent.Action.RETURNED, report__in=reports)
        .select_related("actor", "report__period", "report__unit")
        .order_by("at", "pk")
    )

    def entry(event):
        def render():
            return render_to_string("reports/includes/timeline_returned.html", {"event": event}, request=request)
        return TimelineEntry(at=event.at, kind="report_returned", key=f"report-event-{event.pk}", render=render)

    return [entry(event) for event in events]
