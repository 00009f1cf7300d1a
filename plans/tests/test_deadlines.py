"""The effective deadline (plans.deadlines), the four reporting states and the completion date."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from accounts.models import User
from core import services as core_services
from core.models import PortalSettings, WorkingDayException
from core.tests.factories import WorkingDayExceptionFactory
from plans import completion
from plans.extensions import tasks_refresh_deadlines
from plans.models import Bucket, Standing, Task, late_tasks, on_time_rate, standing_conditions, standing_counts
from plans.services import task_record_progress
from plans.tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 9, tzinfo=HANOI), tick=False)


@pytest.fixture
def plan_2025():
    return PlanFactory(year=2025)


def test_a_task_due_on_national_day_is_due_the_next_working_day(plan_2025):
    """2025's National Day holiday ran 30/08–02/09: a task due 02/09/2025 is due at the end of 03/09/2025."""
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 9, 2))
    assert task.effective_deadline == D(2025, 9, 3)
    with at(D(2025, 9, 3)):
        assert not task.is_overdue
        assert not Task.objects.filter(pk=task.pk).filter(late_tasks()).exists()
        assert task.standing == Standing.IN_PROGRESS
    with at(D(2025, 9, 4)):
        assert task.is_overdue and task.days_late == 1
        assert Task.objects.filter(pk=task.pk).filter(late_tasks()).exists()
        assert task.standing == Standing.OVERDUE


def test_a_task_due_on_a_saturday_is_due_on_monday(plan_2025):
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 11, 22))
    assert task.effective_deadline == D(2025, 11, 24)
    assert task.is_shifted


def test_a_task_due_on_a_working_day_keeps_it(plan_2025):
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 11, 21))
    assert task.effective_deadline == D(2025, 11, 21)
    assert not task.is_shifted


def test_an_administrator_day_off_moves_the_tasks_due_that_day_and_back(administrator):
    plan = PlanFactory(year=2026)
    due_that_day = TaskFactory(objective__plan=plan, deadline=D(2026, 12, 2))  # Wednesday
    due_the_day_before = TaskFactory(objective__plan=plan, deadline=D(2026, 12, 1))
    exception = WorkingDayExceptionFactory(date=D(2026, 12, 2), name="Nghỉ đột xuất")
    due_that_day.refresh_from_db()
    due_the_day_before.refresh_from_db()
    assert due_that_day.effective_deadline == D(2026, 12, 3)
    assert due_the_day_before.effective_deadline == D(2026, 12, 1)
    core_services.working_day_exception_delete(exception=exception, by=administrator)
    due_that_day.refresh_from_db()
    assert due_that_day.effective_deadline == D(2026, 12, 2)


def test_a_worked_saturday_keeps_a_deadline_on_it():
    plan = PlanFactory(year=2026)
    task = TaskFactory(objective__plan=plan, deadline=D(2026, 12, 5))  # Saturday
    assert task.effective_deadline == D(2026, 12, 7)
    WorkingDayExceptionFactory(date=D(2026, 12, 5), kind=WorkingDayException.Kind.WORKED_DAY, name="Làm bù")
    task.refresh_from_db()
    assert task.effective_deadline == D(2026, 12, 5)


def test_the_portal_setting_switches_the_shift_off_and_on(plan_2025, administrator):
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 9, 2))
    core_services.portal_settings_save(portal_settings=PortalSettings(shift_deadlines=False), by=administrator)
    task.refresh_from_db()
    assert task.effective_deadline == D(2025, 9, 2)
    assert TaskFactory(objective__plan=plan_2025, deadline=D(2025, 9, 2)).effective_deadline == D(2025, 9, 2)
    core_services.portal_settings_save(portal_settings=PortalSettings.current(), by=administrator)
    settings_row = PortalSettings.current()
    settings_row.shift_deadlines = True
    core_services.portal_settings_save(portal_settings=settings_row, by=administrator)
    task.refresh_from_db()
    assert task.effective_deadline == D(2025, 9, 3)
    assert PortalSettings.history.count() == 3


def test_only_an_administrator_changes_the_calendar(officer, planner):
    for user in (officer, planner):
        with pytest.raises(PermissionDenied):
            core_services.portal_settings_save(portal_settings=PortalSettings(shift_deadlines=False), by=user)
        with pytest.raises(PermissionDenied):
            core_services.working_day_exception_save(
                exception=WorkingDayException(date=D(2026, 12, 2), kind="holiday", name="x"), by=user
            )
    assert not WorkingDayException.objects.filter(date=D(2026, 12, 2)).exists()


def test_an_approved_extension_moves_the_effective_deadline_to_a_working_day(plan_2025):
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 6, 30))
    task.extended_deadline = D(2025, 9, 2)
    task.save(update_fields=["extended_deadline"])
    task.refresh_from_db()
    assert (task.deadline, task.effective_deadline) == (D(2025, 6, 30), D(2025, 9, 3))


def test_recompute_deadlines_command_repairs_stored_dates(plan_2025):
    task = TaskFactory(objective__plan=plan_2025, deadline=D(2025, 9, 2))
    Task.objects.filter(pk=task.pk).update(effective_deadline=D(2025, 1, 1))
    call_command("recompute_deadlines", stdout=open("/dev/null", "w"))  # noqa: SIM115
    task.refresh_from_db()
    assert task.effective_deadline == D(2025, 9, 3)
    assert tasks_refresh_deadlines() == 0


def test_refresh_queries_do_not_grow_with_tasks(plan_2025, django_assert_max_num_queries):
    for day in range(1, 30):
        TaskFactory(objective__plan=plan_2025, deadline=D(2025, 8, day))
    Task.objects.update(effective_deadline=D(2025, 1, 1))
    with django_assert_max_num_queries(2 + 30):  # calendar, policy, read, one UPDATE per distinct new day
        assert tasks_refresh_deadlines() == 29


# --- The four states ----------------------------------------------------------------------------


@pytest.fixture
def four_states(planner):
    """On 15/10/2025: one of each state, plus a cancelled task that is in none."""
    plan = PlanFactory(year=2025)
    with at(D(2025, 9, 1)):
        on_time = TaskFactory(objective__plan=plan, deadline=D(2025, 9, 2), title="on time")
        task_record_progress(task=on_time, progress=100, status=Task.Status.DONE, by=planner)
    with at(D(2025, 9, 10)):
        late = TaskFactory(objective__plan=plan, deadline=D(2025, 9, 5), title="late")
        task_record_progress(task=late, progress=100, status=Task.Status.DONE, by=planner)
    running = TaskFactory(objective__plan=plan, deadline=D(2025, 12, 31), title="running")
    overdue = TaskFactory(objective__plan=plan, deadline=D(2025, 10, 1), title="overdue")
    cancelled = TaskFactory(objective__plan=plan, deadline=D(2025, 10, 1), status=Task.Status.CANCELLED)
    fresh = {task.pk: task for task in Task.objects.all()}
    return {"plan": plan, Standing.DONE_ON_TIME: fresh[on_time.pk], Standing.DONE_LATE: fresh[late.pk],
            Standing.IN_PROGRESS: running, Standing.OVERDUE: overdue, "cancelled": cancelled}


def test_each_state_condition_selects_its_task_and_agrees_with_the_object(four_states):
    with at(D(2025, 10, 15)):
        for standing in Standing:
            found = list(Task.objects.filter(standing_conditions()[standing]))
            assert found == [four_states[standing]], standing
            assert four_states[standing].standing == standing
        assert four_states["cancelled"].standing is None


def test_standing_counts_and_on_time_rate(four_states):
    with at(D(2025, 10, 15)):
        counts = Task.objects.aggregate(**standing_counts())
    assert {s.value: counts[s.value] for s in Standing} == {s.value: 1 for s in Standing}
    assert counts["total"] == 4
    assert counts["due"] == 3  # the running task is not due yet; the cancelled one never counts
    assert counts["due_on_time"] == 1
    assert on_time_rate(counts) == 33
    assert on_time_rate({"due": 0, "due_on_time": 0}) is None


def test_late_bucket_is_the_overdue_state(four_states):
    with at(D(2025, 10, 15)):
        assert list(Task.objects.in_bucket(Bucket.LATE)) == list(Task.objects.in_standing(Standing.OVERDUE))


# --- Completion -----------------------------------------------------------------------------------


def test_the_approval_at_100_percent_dates_the_completion(planner):
    task = TaskFactory(objective__plan=PlanFactory(year=2026))
    with at(D(2026, 11, 20)):
        task_record_progress(task=task, progress=100, status=Task.Status.DONE, by=planner, note="Báo cáo quý IV")
    task.refresh_from_db()
    assert (task.completed_on, task.completed_by, task.completion_note) == (D(2026, 11, 20), planner, "Báo cáo quý IV")
    with at(D(2026, 11, 25)):  # a later report at 100 % keeps the first completion date
        task_record_progress(task=task, progress=100, status=Task.Status.DONE, by=planner)
    task.refresh_from_db()
    assert task.completed_on == D(2026, 11, 20)


def test_a_later_report_below_done_reopens_the_task(planner):
    task = TaskFactory(objective__plan=PlanFactory(year=2026))
    task_record_progress(task=task, progress=100, status=Task.Status.DONE, by=planner)
    task_record_progress(task=task, progress=80, status=Task.Status.IN_PROGRESS, by=planner)
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.completed_by) == (Task.Status.IN_PROGRESS, None, None)


def test_a_planner_marks_done_and_reopens_with_reasons_kept_in_history(planner):
    task = TaskFactory(objective__plan=PlanFactory(year=2026))
    with at(D(2026, 11, 30)):
        completion.task_complete(task=task, note="Đã nhận văn bản kết quả", by=planner)
    task.refresh_from_db()
    assert (task.status, task.progress, task.completed_on, task.completed_by) == (
        Task.Status.DONE, 100, D(2026, 11, 30), planner)
    completion.task_reopen(task=task, note="Kết quả chưa đạt", by=planner)
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.completion_note) == (Task.Status.IN_PROGRESS, None, "")
    reasons = list(task.history.order_by("history_id").values_list("history_change_reason", "completed_on", "history_user"))
    assert reasons[-2:] == [("Đã nhận văn bản kết quả", D(2026, 11, 30), planner.pk), ("Kết quả chưa đạt", None, planner.pk)]


def test_marking_done_needs_a_planner_a_reason_and_an_open_task(make_user, planner):
    task = TaskFactory(objective__plan=PlanFactory(year=2026))
    for role in (User.Role.UNIT_OFFICER, User.Role.LEADERSHIP):
        with pytest.raises(PermissionDenied):
            completion.task_complete(task=task, note="x", by=make_user(role))
    with pytest.raises(ValidationError) as error:
        completion.task_complete(task=task, note="  ", by=planner)
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError):
        completion.task_reopen(task=task, note="x", by=planner)  # not done
    Task.objects.filter(pk=task.pk).update(status=Task.Status.CANCELLED)
    with pytest.raises(ValidationError):
        completion.task_complete(task=task, note="x", by=planner)
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED and task.completed_on is None


def test_an_amendment_moves_the_deadline_as_the_plans_word_never_as_an_extension(planner):
    from plans import services

    plan = PlanFactory(year=2026)
    task = TaskFactory(objective__plan=plan, deadline=D(2026, 11, 20))
    services.plan_amend_start(plan=plan, by=planner)
    task = Task.objects.get(pk=task.pk)
    lead = task.assignments.get().unit
    data = {name: getattr(task, name) for name in services.TASK_FIELDS}
    data.update(deadline=D(2026, 12, 18), status=Task.Status.DONE, progress=100)
    services.task_update(task=task, expected_version=task.lock_version, data=data, lead_unit=lead, by=planner)
    task.refresh_from_db()
    assert (task.deadline, task.extended_deadline, task.effective_deadline) == (D(2026, 12, 18), None, D(2026, 12, 18))
    assert not task.extension_requests.exists()
    assert task.completed_by == planner and task.completed_on is not None
    assert task.history.first().history_change_reason == "Thời hạn được thay đổi theo điều chỉnh lần 2 của kế hoạch"
