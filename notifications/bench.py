"""Benchmark data: 100,000 × scale portal notifications over the past year, about the generated
tasks, each to an officer of a unit assigned to the task; two in three are read.

Titles start with BENCH; a second run adds another batch.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from plans.models import Assignment, Task

from .models import Notification, ReminderRule

NOTIFICATIONS_PER_SCALE = 100_000
BATCH_SIZE = 5000
TASK_RULES = [
    ReminderRule.Code.TASK_DUE_SOON,
    ReminderRule.Code.TASK_DUE_TODAY,
    ReminderRule.Code.TASK_OVERDUE,
    ReminderRule.Code.REPORT_DUE,
    ReminderRule.Code.REPORT_RETURNED,
]


def generate(*, scale: int, rng, stdout) -> None:
    officers: dict[int, list[int]] = {}
    for pk, unit_id in User.objects.filter(username__startswith="bench-").values_list("pk", "unit_id").order_by("pk"):
        officers.setdefault(unit_id, []).append(pk)
    targets = list(
        Assignment.objects.filter(task__plan__number__startswith="BENCH", unit_id__in=officers)
        .order_by("pk")
        .values_list("task_id", "task__title", "unit_id")
    )
    if not targets:
        stdout.write("    no generated tasks: no notifications")
        return
    task_type = ContentType.objects.get_for_model(Task)
    now = timezone.now()
    total = NOTIFICATIONS_PER_SCALE * scale
    for start in range(0, total, BATCH_SIZE):
        batch = []
        for _n in range(min(BATCH_SIZE, total - start)):
            task_id, title, unit_id = rng.choice(targets)
            rule = rng.choice(TASK_RULES)
            created = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
            read = rng.random() < 2 / 3
            batch.append(Notification(
                recipient_id=rng.choice(officers[unit_id]),
                rule=rule,
                family=ReminderRule.FAMILIES[rule],
                title=f"BENCH {ReminderRule.Code(rule).label}: {title}"[:500],
                body="BENCH",
                url=f"/tasks/{task_id}/",
                content_type=task_type,
                object_id=task_id,
                created_at=created,
                read_at=created + datetime.timedelta(hours=rng.randrange(1, 72)) if read else None,
            ))
        Notification.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        stdout.write(f"    notifications: {start + len(batch):,} / {total:,}")
