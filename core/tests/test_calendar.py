import datetime

import pytest

from core.calendar import WorkingCalendar, add_working_days, is_working_day, working_days_between
from core.models import WorkingDayException

from .factories import WorkingDayExceptionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_is_working_day_weekdays_yes_weekends_no():
    assert is_working_day(D(2026, 11, 23))  # Monday
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 11, 22))  # Sunday


@pytest.mark.parametrize("day", [
    D(2025, 1, 29),  # Tết Ất Tỵ
    D(2026, 2, 17),  # Tết Bính Ngọ
    D(2025, 4, 30),
    D(2025, 5, 1),
    D(2025, 5, 2),  # substituted day off
    D(2025, 9, 2),
    D(2026, 11, 24),  # Vietnamese Culture Day, from 2026
])
def test_is_working_day_public_holidays_no(day):
    assert not is_working_day(day)


def test_is_working_day_swapped_saturday_yes():
    assert is_working_day(D(2025, 4, 26))


def test_is_working_day_administrator_holiday_wins():
    WorkingDayExceptionFactory(date=D(2026, 12, 2), name="Nghỉ đột xuất")
    assert not is_working_day(D(2026, 12, 2))


def test_is_working_day_administrator_worked_saturday_wins():
    WorkingDayExceptionFactory(date=D(2026, 12, 5), kind=WorkingDayException.Kind.WORKED_DAY, name="Làm bù")
    assert is_working_day(D(2026, 12, 5))


def test_add_working_days_skips_tet():
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    assert add_working_days(D(2025, 2, 3), -1) == D(2025, 1, 24)


def test_add_working_days_skips_weekend_and_culture_day():
    assert add_working_days(D(2026, 11, 20), 2) == D(2026, 11, 25)
    assert add_working_days(D(2026, 12, 2), -7) == D(2026, 11, 20)


def test_add_working_days_zero_is_the_day_itself():
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 21)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 25)) == 2  # Mon 23, Wed 25
    assert working_days_between(D(2026, 11, 25), D(2026, 11, 20)) == -2
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 23)) == 0


def test_working_calendar_round_trip_on_working_days():
    calendar = WorkingCalendar.load()
    start = D(2026, 1, 2)
    for count in range(0, 40):
        end = calendar.add_working_days(start, count)
        assert calendar.is_working_day(end) or count == 0
        assert calendar.working_days_between(start, end) == count


def test_working_calendar_loads_exceptions_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar = WorkingCalendar.load()
        assert calendar.add_working_days(D(2026, 1, 1), 250) > D(2026, 12, 1)


def test_admin_saves_days_and_the_shift_setting_through_the_services(client, administrator):
    from plans.tests.factories import PlanFactory, TaskFactory

    task = TaskFactory(objective__plan=PlanFactory(year=2026), deadline=D(2026, 12, 2))
    client.force_login(administrator)
    response = client.post("/admin/core/workingdayexception/add/", {"date": "02/12/2026", "kind": "holiday", "name": "Nghỉ"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.effective_deadline == D(2026, 12, 3)
    assert WorkingDayException.history.get().history_user == administrator
    response = client.post("/admin/core/portalsettings/add/", {})  # the box unticked: no shift
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.effective_deadline == D(2026, 12, 2)
    assert client.get("/admin/core/portalsettings/add/").status_code == 403  # one row only
