import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from core.locking import EditConflict
from plans import services
from plans.models import Assignment, Plan, PlanVersion, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from plans.versions import diff_snapshots, plan_snapshot

pytestmark = pytest.mark.django_db


def _task_data(objective, **overrides):
    data = {
        "objective": objective,
        "title": "Đón đoàn NPS Hàn Quốc",
        "category": Task.Category.INBOUND,
        "content": "",
        "expected_result": "",
        "reference": "",
        "start_date": datetime.date(2024, 3, 1),
        "deadline": datetime.date(2024, 6, 30),
        "budget": 1_000_000,
        "funding_source": Task.Funding.STATE,
        "status": Task.Status.NOT_STARTED,
        "progress": 0,
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(planner):
    plan = services.plan_create(
        by=planner,
        year=2024,
        title="Kế hoạch 2024",
        issuing_unit=UnitFactory(kind=Unit.Kind.VSS),
        kind=Plan.Kind.ANNUAL,
        number="",
        issue_date=None,
        general_goal="",
    )
    return plan


@pytest.fixture
def lead():
    return UnitFactory(code="LEAD1")


def test_plan_number_must_follow_decree_30(planner):
    plan = Plan(year=2024, title="x", issuing_unit=UnitFactory(), number="234-KH/BHXH")
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "234/KH-BHXH" in str(error.value.message_dict["number"])


def test_plan_number_unique_per_year(planner):
    PlanFactory(number="234/KH-BHXH", year=2024)
    duplicate = Plan(year=2024, title="x", issuing_unit=UnitFactory(), number="234/KH-BHXH", issue_date=datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    Plan(year=2025, title="x", issuing_unit=UnitFactory(), number="234/KH-BHXH").full_clean()


def test_issue_requires_number_date_and_a_task(draft, planner):
    with pytest.raises(ValidationError) as error:
        services.plan_issue(plan=draft, by=planner)
    assert len(error.value.messages) == 3
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT


@pytest.mark.parametrize(
    ("issue_date", "accepted"),
    [((2026, 12, 1), True), ((2027, 12, 31), True), ((2026, 11, 30), False), ((2028, 1, 2), False)],
)
def test_next_years_plan_may_be_issued_from_1_december(issue_date, accepted):
    plan = PlanFactory(year=2027, issue_date=datetime.date(*issue_date))
    if accepted:
        plan.clean()
        return
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        plan.clean()
    assert error.value.message_dict["issue_date"] == [
        "Ngày ban hành phải thuộc năm của kế hoạch hoặc từ ngày 01/12 của năm trước."
    ]


def test_issue_locks_the_plan_and_records_version_1(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu 1", by=planner)
    services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, by=planner)
    Plan.objects.filter(pk=draft.pk).update(number="234/KH-BHXH", issue_date=datetime.date(2024, 1, 26))
    draft.refresh_from_db()
    plan = services.plan_issue(plan=draft, by=planner)
    assert plan.status == Plan.Status.ISSUED and plan.version == 1
    assert PlanVersion.objects.get(plan=plan).number == 1
    with pytest.raises(ValidationError):
        services.objective_create(plan=plan, text="Muộn", by=planner)


def test_amendment_records_version_and_difference(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu 1", by=planner)
    task = services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, by=planner)
    Plan.objects.filter(pk=draft.pk).update(number="234/KH-BHXH", issue_date=datetime.date(2024, 1, 26))
    plan = services.plan_issue(plan=Plan.objects.get(pk=draft.pk), by=planner)
    plan = services.plan_amend_start(plan=plan, by=planner)
    task.refresh_from_db()
    services.task_update(
        task=task,
        expected_version=task.lock_version,
        data=_task_data(objective, deadline=datetime.date(2024, 9, 30)),
        lead_unit=lead,
        by=planner,
    )
    services.task_create(plan=plan, data=_task_data(objective, title="Nhiệm vụ mới"), lead_unit=lead, by=planner)
    with pytest.raises(ValidationError):
        services.plan_amend_issue(plan=plan, note="  ", by=planner)
    plan = services.plan_amend_issue(plan=plan, note="Điều chỉnh thời hạn", by=planner)
    assert plan.version == 2 and not plan.amending
    first, second = PlanVersion.objects.filter(plan=plan).order_by("number")
    changes = diff_snapshots(first.snapshot, second.snapshot)
    kinds = {(c.kind, c.name) for c in changes}
    assert ("added", "Nhiệm vụ mới") in kinds
    changed = next(c for c in changes if c.kind == "changed")
    assert any(before == "30/06/2024" and after == "30/09/2024" for _label, before, after in changed.fields)
    assert second.issued_by == planner and second.note == "Điều chỉnh thời hạn"


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu", by=planner)
    task = services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, by=planner)
    opened = task.lock_version
    services.task_update(
        task=task, expected_version=opened, data=_task_data(objective, title="Bản của A"), lead_unit=lead, by=planner
    )
    with pytest.raises(EditConflict) as conflict:
        services.task_update(
            task=task, expected_version=opened, data=_task_data(objective, title="Bản của B"), lead_unit=lead, by=planner
        )
    task.refresh_from_db()
    assert task.title == "Bản của A"
    assert str(planner) in conflict.value.summary


def test_task_rules_give_field_errors(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu", by=planner)
    with pytest.raises(ValidationError) as error:
        services.task_create(
            plan=draft,
            data=_task_data(objective, start_date=datetime.date(2024, 5, 1), deadline=datetime.date(2024, 4, 1)),
            lead_unit=lead,
            by=planner,
        )
    assert "deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_create(
            plan=draft,
            data=_task_data(objective, deadline=datetime.date(2023, 12, 1), start_date=None),
            lead_unit=lead,
            by=planner,
        )
    assert "deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, coordinating_units=[lead], by=planner)
    assert "coordinating_units" in error.value.message_dict
    assert not Task.objects.filter(plan=draft).exists()


def test_ended_unit_cannot_be_newly_assigned(planner):
    plan = services.plan_create(
        by=planner,
        year=2026,
        title="Kế hoạch 2026",
        issuing_unit=Unit.objects.get(code="VSS"),
        kind=Plan.Kind.ANNUAL,
        number="",
        issue_date=None,
        general_goal="",
    )
    objective = services.objective_create(plan=plan, text="Mục tiêu", by=planner)
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    with pytest.raises(ValidationError) as error:
        services.task_create(
            plan=plan,
            data=_task_data(objective, start_date=None, deadline=datetime.date(2026, 6, 1)),
            lead_unit=hai_duong,
            by=planner,
        )
    assert "lead_unit" in error.value.message_dict
    assert hai_duong not in services.assignable_units(plan)
    assert Unit.objects.get(code="P34-HAIPHONG") in services.assignable_units(plan)


def test_changing_units_closes_old_assignments_instead_of_deleting(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu", by=planner)
    other = UnitFactory(code="OTHER1")
    task = services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, coordinating_units=[other], by=planner)
    services.task_update(
        task=task,
        expected_version=task.lock_version,
        data=_task_data(objective),
        lead_unit=other,
        coordinating_units=[lead],
        by=planner,
    )
    rows = Assignment.objects.filter(task=task)
    assert rows.count() == 4
    current = {(a.unit.code, a.role) for a in rows.current()}
    assert current == {("OTHER1", "lead"), ("LEAD1", "coordinating")}


def test_cancel_keeps_the_task(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu", by=planner)
    task = services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, by=planner)
    services.task_cancel(task=task, by=planner)
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED
    assert task.history.first().history_user == planner


def test_discard_only_by_author_or_admin(draft, planner, make_user, administrator):
    from accounts.models import User

    other_planner = make_user(User.Role.CENTRAL_PLANNER, username="other-planner")
    with pytest.raises(PermissionDenied):
        services.plan_discard(plan=draft, by=other_planner)
    services.plan_discard(plan=draft, by=administrator)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DISCARDED
    assert Plan.objects.filter(pk=draft.pk).exists()


def test_objectives_reorder(draft, planner):
    first = services.objective_create(plan=draft, text="Một", by=planner)
    second = services.objective_create(plan=draft, text="Hai", by=planner)
    services.objective_move(objective=second, up=True, by=planner)
    assert list(draft.objectives.order_by("position").values_list("text", flat=True)) == ["Hai", "Một"]
    services.objective_move(objective=first, up=True, by=planner)
    assert list(draft.objectives.order_by("position").values_list("text", flat=True)) == ["Một", "Hai"]


def test_copy_to_next_year_shifts_dates_and_maps_successors(planner):
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    hanoi = Unit.objects.get(code="P63-HANOI")
    plan = PlanFactory(year=2025, number="10/KH-BHXH")
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(
        objective=objective,
        lead=hai_duong,
        coordinating=[hanoi],
        start_date=datetime.date(2025, 2, 1),
        deadline=datetime.date(2025, 5, 31),
    )
    TaskFactory(objective=objective, status=Task.Status.CANCELLED)
    copy = services.plan_copy_to_next_year(plan=plan, by=planner)
    assert copy.status == Plan.Status.DRAFT and copy.year == 2026 and copy.number == ""
    task = copy.tasks.get()
    assert task.deadline == datetime.date(2026, 5, 31)
    units = {(a.unit.code, a.role) for a in task.assignments.all()}
    assert units == {("P34-HAIPHONG", "lead"), ("P34-HANOI", "coordinating")}


def test_move_to_successor_moves_open_work_and_keeps_history(planner, make_user):
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"))  # the move needs someone to receive the work
    plan = PlanFactory(year=2025)
    objective = ObjectiveFactory(plan=plan)
    open_task = TaskFactory(objective=objective, lead=hai_duong)
    done_task = TaskFactory(objective=objective, lead=hai_duong, status=Task.Status.DONE, progress=100)
    moved = services.assignments_move_to_successor(unit=hai_duong, by=planner)
    assert moved == 1
    assert open_task.assignments.get().unit.code == "P34-HAIPHONG"
    assert done_task.assignments.get().unit == hai_duong
    record = open_task.assignments.get().history.first()
    assert "P34-HAIPHONG" in record.history_change_reason
    assert record.prev_record.unit_id == hai_duong.pk


def test_snapshot_is_stable_for_unchanged_plan(draft, planner, lead):
    objective = services.objective_create(plan=draft, text="Mục tiêu", by=planner)
    services.task_create(plan=draft, data=_task_data(objective), lead_unit=lead, by=planner)
    assert diff_snapshots(plan_snapshot(draft), plan_snapshot(draft)) == []


def test_amendment_diff_shows_budgets_with_thousands_separators(draft):
    task = TaskFactory(objective=ObjectiveFactory(plan=draft), budget=150_000_000)
    before = plan_snapshot(draft)
    task.budget = 180_000_000
    task.save()
    with translation.override("vi"):
        [change] = diff_snapshots(before, plan_snapshot(draft))
    assert (str(change.fields[0][0]), change.fields[0][1], change.fields[0][2]) == (
        "kinh phí (đồng)", "150.000.000 đồng", "180.000.000 đồng",
    )
