from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import formats, timezone

from notifications.models import ReminderDispatch, ReminderRule
from notifications.services import reminders_scan


class Command(BaseCommand):
    help = "Run one reminder scan now (the same scan Celery beat runs every 30 minutes); idempotent."

    def handle(self, *args, **options):
        started = timezone.now()
        result = reminders_scan()
        day = formats.date_format(result.day, "SHORT_DATE_FORMAT")
        if not result.working_day:
            self.stdout.write(f"{day} is not a working day: only rules set to run on non-working days were checked.")
        for code, count in sorted(result.recorded.items()):
            self.stdout.write(f"  {ReminderRule.Code(code).label}: {count}")
        self.stdout.write(f"{day}: {result.total} new reminders recorded, {result.requeued} unsent ones queued again.")
        delivered = (
            ReminderDispatch.objects.filter(sent_at__gte=started).values_list("outcome").annotate(n=Count("pk")).order_by()
        )
        for outcome, count in delivered:
            self.stdout.write(f"  delivered now, {ReminderDispatch.Outcome(outcome).label}: {count}")
        pending = ReminderDispatch.objects.pending().count()
        if pending:
            self.stdout.write(f"{pending} reminders are queued for the Celery workers.")
        self.stdout.write(self.style.SUCCESS("Reminder scan done."))
