"""Tasks get their effective deadline (plans.deadlines) and their completion date.

Existing rows: the effective deadline is computed from the calendar as it stands; a done task's
completion date is the day its history last saw it become done (the approval of the lead unit's
report, or the planner's edit), or the day it was last saved when no history says."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    from core.calendar import WorkingCalendar
    from plans.deadlines import effective_deadline

    Task = apps.get_model("plans", "Task")
    HistoricalTask = apps.get_model("plans", "HistoricalTask")
    WorkingDayException = apps.get_model("core", "WorkingDayException")
    PortalSettings = apps.get_model("core", "PortalSettings")
    calendar = WorkingCalendar(dict(WorkingDayException.objects.values_list("date", "kind")))
    policy = PortalSettings.objects.filter(pk=1).first()
    shift = policy.shift_deadlines if policy else True
    for task in Task.objects.only("pk", "deadline", "status", "updated_at").iterator(chunk_size=2000):
        fields = {"effective_deadline": effective_deadline(
            deadline=task.deadline, extended_to=None, calendar=calendar, shift=shift)}
        if task.status == "done":
            became_done = None
            for record in HistoricalTask.objects.filter(id=task.pk).order_by("-history_date", "-history_id"):
                if record.status != "done":
                    break
                became_done = record.history_date
            fields["completed_on"] = timezone.localdate(became_done or task.updated_at)
        Task.objects.filter(pk=task.pk).update(**fields)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_calendar_from_notifications"),
        ("plans", "0002_historicalplan_amending_plan_amending_planversion"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltask",
            name="completed_by",
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="completed by"),
        ),
        migrations.AddField(
            model_name="historicaltask",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completion date"),
        ),
        migrations.AddField(
            model_name="historicaltask",
            name="completion_note",
            field=models.TextField(blank=True, editable=False, verbose_name="completion note"),
        ),
        migrations.AddField(
            model_name="task",
            name="completed_by",
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="completed by"),
        ),
        migrations.AddField(
            model_name="task",
            name="completed_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="completion date"),
        ),
        migrations.AddField(
            model_name="task",
            name="completion_note",
            field=models.TextField(blank=True, editable=False, verbose_name="completion note"),
        ),
        migrations.AddField(
            model_name="task",
            name="extended_deadline",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="extended to"),
        ),
        migrations.AddField(
            model_name="task",
            name="effective_deadline",
            field=models.DateField(editable=False, null=True, verbose_name="due (effective deadline)"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
