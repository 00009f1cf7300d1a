"""Time the reminder scan on N open assignments (default 100,000) in a throwaway database.

    .venv/bin/python benchmarks/reminder_scan.py                      # in-memory SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_portal \\
        .venv/bin/python benchmarks/reminder_scan.py --assignments 100000   # test_vss_portal, dropped after

It creates a test database (as the test suite does), generates with bulk_create one issued plan,
N/2 open tasks with deadlines spread over ±90 days of the scan day, a lead and a coordinating unit
each (N assignments) and one focal officer per unit, then runs the scan twice: the first records
every reminder due (about half the tasks are overdue: the worst case, a first run), the second
records nothing new. Deliveries are queued to an in-memory broker, not sent: the scan is measured.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss_portal.settings.test")
django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Unit, UnitMembership, User  # noqa: E402
from core.calendar import WorkingCalendar  # noqa: E402
from notifications.services import reminders_scan  # noqa: E402
from plans.deadlines import DeadlineRules  # noqa: E402
from plans.models import Assignment, Objective, Plan, Task  # noqa: E402
from vss_portal.celery import app  # noqa: E402

UNITS = 200


def generate(assignments: int, day: datetime.date) -> None:
    rng = random.Random(7)
    vss = Unit.objects.get(code="VSS")
    units = Unit.objects.bulk_create(
        Unit(code=f"BENCH-{n:04d}", kind=Unit.Kind.PROVINCIAL, name_vi=f"Đơn vị thử {n}", name_en=f"Bench unit {n}")
        for n in range(UNITS)
    )
    officers = User.objects.bulk_create(
        User(username=f"bench{n:04d}", email=f"bench{n:04d}@example.vn", unit=unit) for n, unit in enumerate(units)
    )
    group = Group.objects.get(name=User.Role.UNIT_OFFICER)
    User.groups.through.objects.bulk_create(User.groups.through(user=user, group=group) for user in officers)
    UnitMembership.objects.bulk_create(UnitMembership(user=user, unit=user.unit) for user in officers)  # no signal
    User.objects.create(username="bench-planner", email="planner@example.vn", unit=vss).groups.add(
        Group.objects.get(name=User.Role.CENTRAL_PLANNER))
    plan = Plan.objects.create(number="1/KH-BHXH", year=day.year, title="Kế hoạch thử tải", issuing_unit=vss,
                               status=Plan.Status.ISSUED, issue_date=datetime.date(day.year, 1, 2))
    objectives = Objective.objects.bulk_create(Objective(plan=plan, position=n, text=f"Mục tiêu {n}") for n in range(10))
    rules = DeadlineRules.load()
    deadlines = [day + datetime.timedelta(days=rng.randint(-90, 90)) for _n in range(assignments // 2)]
    tasks = Task.objects.bulk_create(
        (
            Task(plan=plan, objective=objectives[n % 10], position=n, title=f"Nhiệm vụ thử {n}", deadline=deadline,
                 effective_deadline=rules.effective(deadline), status=Task.Status.IN_PROGRESS)
            for n, deadline in enumerate(deadlines)
        ),
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        (
            Assignment(task=task, unit=units[(n + offset) % UNITS], role=role)
            for n, task in enumerate(tasks)
            for offset, role in ((0, Assignment.Role.LEAD), (1, Assignment.Role.COORDINATING))
        ),
        batch_size=5000,
    )


def timed_scan(day: datetime.date) -> None:
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = reminders_scan(day=day)
    elapsed = time.perf_counter() - started
    print(f"scan of {day:%d/%m/%Y}: {result.total} reminders recorded in {elapsed:.2f} s, {len(queries)} queries")
    for code, count in sorted(result.recorded.items()):
        print(f"    {code}: {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=100_000)
    options = parser.parse_args()
    app.conf.update(task_always_eager=False, broker_url="memory://")  # queue deliveries, do not send them
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        day = WorkingCalendar.load().next_working_day(timezone.localdate())
        started = time.perf_counter()
        generate(options.assignments, day)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would have done on a live database
        print(f"{connection.vendor}: {Assignment.objects.count()} open assignments generated in "
              f"{time.perf_counter() - started:.1f} s")
        timed_scan(day)
        timed_scan(day)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
