"""Each reminder's e-mail gets a state of its own (to be sent, sent, failed with its reason, waiting
for a retry), so one failing mailbox no longer holds up or hides the other reminders.

Existing rows keep their meaning: "emailed" becomes delivered in the portal with its e-mail sent;
"failed" (given up after too many mail-server errors) becomes an e-mail failed with its reason when
the portal notice exists; the last error is kept as the e-mail's error.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Q


def split_outcomes(apps, schema_editor):
    ReminderDispatch = apps.get_model("notifications", "ReminderDispatch")
    ReminderDispatch.objects.filter(outcome="emailed").update(
        outcome="in_app", email_status="sent", email_attempted_at=F("sent_at"), email_attempts=F("attempts"),
    )
    notified = Q(notification__isnull=False)
    ReminderDispatch.objects.filter(notified, outcome="failed", email_error="").update(
        email_error="Given up after too many mail-server errors",
    )
    ReminderDispatch.objects.filter(notified, outcome="failed").update(
        outcome="in_app", email_status="failed", email_attempted_at=F("sent_at"), email_attempts=F("attempts"),
    )


def join_outcomes(apps, schema_editor):
    ReminderDispatch = apps.get_model("notifications", "ReminderDispatch")
    ReminderDispatch.objects.filter(email_status="sent").update(outcome="emailed")
    ReminderDispatch.objects.filter(email_status="failed").update(outcome="failed")
    ReminderDispatch.objects.filter(email_status__in=["pending", "retry"]).update(
        sent_at=None, outcome="", sending_at=None, email_status="none",
    )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0004_deadline_rules'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='reminderdispatch',
            options={'ordering': ['-created_at', '-pk'], 'permissions': [('retry_reminder_email', "Can retry a reminder's e-mail")], 'verbose_name': 'reminder sent', 'verbose_name_plural': 'reminders sent'},
        ),
        migrations.RenameField(
            model_name='reminderdispatch',
            old_name='last_error',
            new_name='email_error',
        ),
        migrations.AlterField(
            model_name='reminderdispatch',
            name='email_error',
            field=models.TextField(blank=True, verbose_name='e-mail error'),
        ),
        migrations.AddField(
            model_name='reminderdispatch',
            name='email_attempted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last e-mail attempt'),
        ),
        migrations.AddField(
            model_name='reminderdispatch',
            name='email_attempts',
            field=models.PositiveSmallIntegerField(default=0, verbose_name='e-mail attempts'),
        ),
        migrations.AddField(
            model_name='reminderdispatch',
            name='email_due_at',
            field=models.DateTimeField(blank=True, help_text='Waiting for a retry: the time of the next attempt; to be sent: since when.', null=True, verbose_name='e-mail due at'),
        ),
        migrations.AddField(
            model_name='reminderdispatch',
            name='email_sending_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='e-mail claimed at'),
        ),
        migrations.AddField(
            model_name='reminderdispatch',
            name='email_status',
            field=models.CharField(choices=[('none', 'No e-mail'), ('pending', 'To be sent'), ('retry', 'Waiting for a retry'), ('sent', 'Sent'), ('failed', 'Failed'), ('cancelled', 'Not sent: no longer due or wanted')], default='none', max_length=16, verbose_name='e-mail'),
        ),
        migrations.AlterField(
            model_name='reminderdispatch',
            name='outcome',
            field=models.CharField(blank=True, choices=[('in_app', 'In the portal'), ('skipped', 'Not sent: no longer due'), ('failed', 'Failed')], max_length=16, verbose_name='outcome'),
        ),
        migrations.AlterField(
            model_name='reminderdispatch',
            name='sent_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='delivered at'),
        ),
        migrations.RunPython(split_outcomes, join_outcomes),
        migrations.AddIndex(
            model_name='reminderdispatch',
            index=models.Index(condition=models.Q(('email_status__in', ['pending', 'retry', 'failed'])), fields=['email_status', 'email_due_at'], name='reminder_email_open'),
        ),
        migrations.AddConstraint(
            model_name='reminderdispatch',
            constraint=models.CheckConstraint(condition=models.Q(('sent_at__isnull', False), ('email_status', 'none'), _connector='OR'), name='reminder_email_after_delivery'),
        ),
        migrations.AddConstraint(
            model_name='reminderdispatch',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('email_status__in', ['pending', 'retry']), _negated=True), ('email_due_at__isnull', False), _connector='OR'), name='reminder_email_open_has_due_time'),
        ),
        migrations.AddConstraint(
            model_name='reminderdispatch',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('email_status', 'failed'), _negated=True), models.Q(('email_error', ''), _negated=True), _connector='OR'), name='reminder_email_failed_has_reason'),
        ),
    ]
