"""After 0003 filled them: every task has an effective deadline, and a done task its completion date.
A migration of its own, so PostgreSQL never alters the table in the transaction that updated its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("plans", "0003_task_deadlines_and_completion")]

    operations = [
        migrations.AlterField(
            model_name="task",
            name="effective_deadline",
            field=models.DateField(db_index=True, editable=False, verbose_name="due (effective deadline)"),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["plan", "status", "effective_deadline"], name="task_plan_status_due"),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("status", "done"), ("completed_on__isnull", False)), models.Q(models.Q(("status", "done"), _negated=True), ("completed_on__isnull", True)), _connector="OR"),
                name="task_done_has_completion_date",
            ),
        ),
    ]
