"""A user's calendar: deadlines of their tasks, report due dates and conferences, all through visible_to."""

import datetime

from django.utils import timezone

from conferences.models import Conference
from core.ical import absolute, all_day_event, calendar
from plans.models import Assignment, Task
from reports.models import ReportingPeriod

# Past events older than this are left out so the feed stays small.
HISTORY = datetime.timedelta(days=180)


def user_calendar(user) -> str:
    since = timezone.localdate() - HISTORY
    stamp = timezone.now()
    events = []
    tasks = (
        Task.objects.visible_to(user).live().filter(effective_deadline__gte=since)
        .select_related("plan").order_by("effective_deadline", "pk")
    )
    for task in tasks:
        events.append(
            all_day_event(
                uid=f"task-{task.pk}-deadline",
                stamp=stamp,
                day=task.effective_deadline,
                summary=f"Hạn nhiệm vụ: {task.title}",
                description=f"{task.plan.number} — {task.title}",
                url=absolute(task.get_absolute_url()),
            )
        )
    # A closed plan's reporting is over: only issued plans' due dates are shown.
    periods = ReportingPeriod.objects.visible_to(user).of_issued_plans().filter(due_date__gte=since)
    if not user.sees_all_work:  # an officer's calendar: the periods of plans their unit has work in now
        periods = periods.filter(plan__tasks__assignments__in=Assignment.objects.visible_to(user).current()).distinct()
    for period in periods.select_related("plan").order_by("due_date", "pk"):
        events.append(
            all_day_event(
                uid=f"period-{period.pk}-due",
                stamp=stamp,
                day=period.due_date,
                summary=f"Hạn báo cáo {period.label} — {period.plan.number}",
                url=absolute("/reports/"),
            )
        )
    conferences = (
        Conference.objects.visible_to(user).filter(end_date__gte=since).exclude(status=Conference.Status.CANCELLED)
    )
    for conference in conferences.order_by("start_date", "pk"):
        events.append(
            all_day_event(
                uid=f"conference-{conference.pk}",
                stamp=stamp,
                day=conference.start_date,
                last_day=conference.end_date,
                summary=conference.title,
                location=conference.venue,
                url=absolute(conference.get_absolute_url()),
            )
        )
    return calendar(events, name=f"Đối ngoại BHXH — {user}")
