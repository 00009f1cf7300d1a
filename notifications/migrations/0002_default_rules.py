"""One ReminderRule row per rule with its default parameters, for administrators to edit."""

from django.db import migrations

DEFAULTS = {
    "task_due_soon": {"offsets": "7,3,1"},
    "task_due_today": {},
    "task_overdue": {"repeat_days": 7},
    "task_escalation": {"threshold": 10},
    "report_due": {"offsets": "5,1,0", "repeat_days": 7},
    "report_returned": {"threshold": 3, "repeat_days": 7},
    "report_review": {"threshold": 5, "repeat_days": 7},
    "leadership_digest": {"threshold": 10},
    "conference_registration": {"offsets": "5,1"},
    "coverage_ending": {"offsets": "60,30"},
}


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for code, values in DEFAULTS.items():
        ReminderRule.objects.get_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
