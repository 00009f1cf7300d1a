import pytest
from django.core.management import call_command

from accounts.models import Unit
from plans.models import Assignment, Task


@pytest.mark.django_db
def test_move_unit_assignments_on_demo_data_moves_hai_duong_open_work():
    call_command("load_demo")
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    open_before = set(
        Assignment.objects.current()
        .filter(unit=hai_duong)
        .exclude(task__status__in=["done", "cancelled"])
        .values_list("task_id", flat=True)
    )
    done_before = set(Assignment.objects.current().filter(unit=hai_duong, task__status="done").values_list("pk", flat=True))
    assert open_before and done_before
    call_command("move_unit_assignments", "P63-HAIDUONG")
    hai_phong = Unit.objects.get(code="P34-HAIPHONG")
    assert (
        set(Assignment.objects.current().filter(unit=hai_phong, task__in=open_before).values_list("task_id", flat=True))
        == open_before
    )
    assert (
        set(Assignment.objects.current().filter(unit=hai_duong, task__status=Task.Status.DONE).values_list("pk", flat=True))
        == done_before
    )
    call_command("move_unit_assignments", "P63-HAIDUONG")  # idempotent: nothing left to move
    assert not Assignment.objects.current().filter(unit=hai_duong, task__in=open_before).exists()
