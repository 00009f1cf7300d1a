"""Demo data of the reminders: the rules' default parameters and the administrator-maintained days
(Vietnamese Culture Day 24/11 from 2026, the 2024 swap of Monday 29/04 for Saturday 04/05)."""

import datetime

from .models import ReminderRule, WorkingDayException

H = WorkingDayException.Kind.HOLIDAY
W = WorkingDayException.Kind.WORKED_DAY

WORKING_DAY_EXCEPTIONS = [
    (datetime.date(2024, 4, 29), H, "Nghỉ bù dịp 30/4 – 1/5 (hoán đổi với thứ Bảy 04/05/2024)"),
    (datetime.date(2024, 5, 4), W, "Làm bù cho ngày nghỉ 29/04/2024"),
    *((datetime.date(year, 11, 24), H, "Ngày Văn hóa Việt Nam") for year in range(2026, 2031)),
]


def ensure_default_rules() -> None:
    for code, values in ReminderRule.DEFAULTS.items():
        ReminderRule.objects.get_or_create(code=code, defaults=values)


def load(stdout=None) -> None:
    ensure_default_rules()
    for day, kind, name in WORKING_DAY_EXCEPTIONS:
        WorkingDayException.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
