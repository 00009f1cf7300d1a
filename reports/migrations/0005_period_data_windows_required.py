"""After 0004 filled them: every period has its data window, in order."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("reports", "0004_period_kinds_and_data_windows")]

    operations = [
        migrations.AlterField(
            model_name="reportingperiod",
            name="data_from",
            field=models.DateField(blank=True, help_text="First day of the figures the report covers (data cut-off window).", verbose_name="data from"),
        ),
        migrations.AlterField(
            model_name="reportingperiod",
            name="data_to",
            field=models.DateField(blank=True, help_text="Last day of the figures the report covers; empty: the period's own dates.", verbose_name="data to"),
        ),
        migrations.AlterField(
            model_name="historicalreportingperiod",
            name="data_from",
            field=models.DateField(blank=True, help_text="First day of the figures the report covers (data cut-off window).", verbose_name="data from"),
        ),
        migrations.AlterField(
            model_name="historicalreportingperiod",
            name="data_to",
            field=models.DateField(blank=True, help_text="Last day of the figures the report covers; empty: the period's own dates.", verbose_name="data to"),
        ),
        migrations.AddConstraint(
            model_name="reportingperiod",
            constraint=models.CheckConstraint(condition=models.Q(("data_to__gte", models.F("data_from"))), name="reporting_period_window_in_order"),
        ),
    ]
