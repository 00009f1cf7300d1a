import datetime

import factory
from django.contrib.contenttypes.models import ContentType

from core.tests.factories import WorkingDayExceptionFactory  # noqa: F401  (imported from here by older tests)
from notifications.models import Notification, ReminderDispatch, ReminderRule
from plans.models import Task


class ReminderDispatchFactory(factory.django.DjangoModelFactory):
    """A recorded, unsent "task overdue" reminder; pass target=<Task> and recipient=<User>."""

    class Meta:
        model = ReminderDispatch
        exclude = ["target"]

    target = None
    rule = ReminderRule.Code.TASK_OVERDUE
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Task))
    object_id = factory.LazyAttribute(lambda d: d.target.pk)
    recipient = None
    occurrence = datetime.date(2026, 11, 23)
    context = factory.LazyAttribute(lambda d: {"unit": d.recipient.unit_id, "role": "lead",
                                               "deadline": d.target.deadline.isoformat()})


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = None
    rule = ReminderRule.Code.TASK_OVERDUE
    family = "tasks"
    title = factory.Sequence(lambda n: f"Quá hạn: Nhiệm vụ {n}")
    body = "Nhiệm vụ đã quá hạn."
    url = "/tasks/"
