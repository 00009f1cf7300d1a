"""Demo data of the ground: the days an administrator keeps on top of the `holidays` package
(Vietnamese Culture Day 24/11 from 2026, the 2024 swap of Monday 29/04 for Saturday 04/05).

Saved through the service, as an administrator's edit is, so the effective deadlines follow."""

import datetime

from . import services
from .models import WorkingDayException

H = WorkingDayException.Kind.HOLIDAY
W = WorkingDayException.Kind.WORKED_DAY

WORKING_DAY_EXCEPTIONS = [
    (datetime.date(2024, 4, 29), H, "Nghỉ bù dịp 30/4 – 1/5 (hoán đổi với thứ Bảy 04/05/2024)"),
    (datetime.date(2024, 5, 4), W, "Làm bù cho ngày nghỉ 29/04/2024"),
    *((datetime.date(year, 11, 24), H, "Ngày Văn hóa Việt Nam") for year in range(2026, 2031)),
]


def load(stdout=None) -> None:
    for day, kind, name in WORKING_DAY_EXCEPTIONS:
        exception = WorkingDayException.objects.filter(date=day).first() or WorkingDayException(date=day)
        if exception.pk and (exception.kind, exception.name) == (kind, name):
            continue
        exception.kind, exception.name = kind, name
        services.working_day_exception_save(exception=exception, by=None)
