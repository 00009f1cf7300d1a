import datetime

import factory
from django.contrib.contenttypes.models import ContentType

from notifications.models import Notification, ReminderDispatch, ReminderRule, WorkingDayException
from plans.models import Task


class WorkingDayExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingDayException
        django_get_or_create = ["date"]

    date = datetime.date(2026, 11, 24)
    kind = WorkingDayException.Kind.HOLIDAY
    name = "Ngày Văn hóa Việt Nam"


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
