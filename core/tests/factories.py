import datetime

import factory

from core import services
from core.models import WorkingDayException


class WorkingDayExceptionFactory(factory.django.DjangoModelFactory):
    """Through the service, as an administrator's edit is: the engine's effective deadlines follow."""

    class Meta:
        model = WorkingDayException

    date = datetime.date(2026, 11, 24)
    kind = WorkingDayException.Kind.HOLIDAY
    name = "Ngày Văn hóa Việt Nam"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        exception = model_class.objects.filter(date=kwargs["date"]).first() or model_class()
        for name, value in kwargs.items():
            setattr(exception, name, value)
        return services.working_day_exception_save(exception=exception, by=None)
