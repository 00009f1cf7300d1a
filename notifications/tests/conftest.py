import datetime
import zoneinfo

import pytest
import time_machine

from accounts.models import User
from notifications import services
from notifications.demo import ensure_default_rules

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: datetime.date, hour: int = 9):
    """Travel to `day` at `hour` o'clock in Hà Nội, clock stopped."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI), tick=False)


@pytest.fixture
def rules(db):
    ensure_default_rules()


@pytest.fixture
def scan(rules, django_capture_on_commit_callbacks):
    """Run one scan as beat would; its deliveries (in-process in tests) run when it commits."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return services.reminders_scan()

    return run


@pytest.fixture
def coordinating_officer(make_user, other_unit):
    return make_user(User.Role.UNIT_OFFICER, other_unit, username="coordinator")
