from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import formats, timezone

from notifications.models import ReminderDispatch, ReminderRule
from notifications.services import reminders_scan

Email = ReminderDispatch.Email
SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = (
        "Run one reminder scan now (the same scan Celery beat runs every 30 minutes); idempotent. Prints what was "
        "recorded, delivered in the portal and e-mailed, and which e-mails failed or wait for a retry."
    )

    def handle(self, *args, **options):
        started = timezone.now()
        result = reminders_scan()
        day = formats.date_format(result.day, "SHORT_DATE_FORMAT")
        if not result.working_day:
            self.stdout.write(f"{day} is not a working day: only rules set to run on non-working days were checked.")
        for code, count in sorted(result.recorded.items()):
            self.stdout.write(f"  {ReminderRule.Code(code).label}: {count}")
        self.stdout.write(
            f"{day}: {result.total} new reminders recorded, {result.requeued} undelivered ones and "
            f"{result.emails_requeued} e-mails due for a retry queued again."
        )
        delivered = ReminderDispatch.objects.filter(sent_at__gte=started)
        for outcome, count in delivered.values_list("outcome").annotate(n=Count("pk")).order_by("outcome"):
            self.stdout.write(f"  delivered now, {ReminderDispatch.Outcome(outcome).label}: {count}")
        attempted = ReminderDispatch.objects.filter(email_attempted_at__gte=started)
        emails = dict(attempted.values_list("email_status").annotate(n=Count("pk")).order_by())
        waiting = ReminderDispatch.objects.filter(email_status=Email.RETRY)
        waiting_count = waiting.count()
        if emails or waiting_count:
            self.stdout.write(
                f"E-mails: {emails.get(Email.SENT, 0)} sent, {emails.get(Email.FAILED, 0)} failed, "
                f"{waiting_count} waiting for a retry."
            )
        problems = (attempted.filter(email_status=Email.FAILED) | waiting).select_related("recipient").order_by("pk")
        for dispatch in problems[:SHOWN_PROBLEMS]:
            self.stdout.write(self.style.WARNING(f"  {self._problem(dispatch)}"))
        if result.queued:
            self.stdout.write(f"{result.queued} deliveries queued for the Celery workers.")
        self.stdout.write(self.style.SUCCESS("Reminder scan done."))

    @staticmethod
    def _problem(dispatch: ReminderDispatch) -> str:
        who = f"reminder {dispatch.pk} to {dispatch.recipient.username} <{dispatch.recipient.email}>"
        if dispatch.email_status == Email.FAILED:
            return f"failed: {who}: {dispatch.email_error}"
        next_attempt = formats.date_format(timezone.localtime(dispatch.email_due_at), "SHORT_DATETIME_FORMAT")
        return f"waiting: {who}, attempt {dispatch.email_attempts}, next at {next_attempt}: {dispatch.email_error}"
