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


@pytest.mark.django_db
def test_demo_without_any_command_tst_keeps_reading_and_its_work_is_listed_as_orphaned(client):
    """The TST board ended on 28/02/2025; its successor has no officer in the demo. Nothing is moved: the
    `tst` officer still opens the tasks TST had, and the orphaned-work page lists TST's open work."""
    from accounts.models import User

    call_command("load_demo")
    tst_tasks = Task.objects.live().filter(assignments__unit__code="TST", assignments__removed_at__isnull=True).distinct()
    assert tst_tasks.exists()
    client.force_login(User.objects.get(username="tst"))
    for task in tst_tasks:
        assert client.get(task.get_absolute_url()).status_code == 200
    assert not client.get("/reports/").context["items"]  # its grace period is over: nothing left to write
    client.force_login(User.objects.get(username="central"))
    html = client.get("/tasks/orphaned/").content.decode()
    assert all(task.title in html for task in tst_tasks)
    assert "Ban Thu và Phát triển người tham gia" in html  # owed now by TST's successor, which has no officer
    hai_duong = Unit.objects.get(code="P63-HAIDUONG")
    assert hai_duong.get_absolute_url() not in html  # Hải Dương's open work reaches Hải Phòng's officer
