"""Work that follows an ended unit's successor chain by itself: who answers for an assignment now,
the orphaned-work page, the task page's note, the task filters, the move command and next year's copy."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Unit, UnitMembership, UnitSuccession, User
from accounts.tests.factories import UnitFactory, officer_of
from plans import services
from plans.models import Assignment, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2025, 6, 30)


def _task(unit, **kwargs):
    return TaskFactory(objective=ObjectiveFactory(plan=PlanFactory(year=2024)), lead=unit, **kwargs)


# --- Who answers for the work now ---------------------------------------------------------------


def test_open_work_is_answered_by_the_successor_and_closed_work_by_the_original_unit(hai_duong, hai_phong):
    open_task, done_task = _task(hai_duong), _task(hai_duong, status=Task.Status.DONE, progress=100)
    by_hai_phong = set(Assignment.objects.answered_by([hai_phong.pk]).values_list("task_id", flat=True))
    by_hai_duong = set(Assignment.objects.answered_by([hai_duong.pk]).values_list("task_id", flat=True))
    assert open_task.pk in by_hai_phong and done_task.pk not in by_hai_phong
    assert by_hai_duong == {done_task.pk}
    both = Assignment.objects.with_carrier().filter(task__in=[open_task, done_task])
    carriers = dict(both.values_list("task_id", "carrier_id"))
    assert carriers == {open_task.pk: hai_phong.pk, done_task.pk: hai_duong.pk}


def test_merge_then_split_work_is_answered_by_the_named_successor(merge_then_split):
    a, b, c, d = merge_then_split
    task_a, task_b = _task(a), _task(b)
    assert set(Assignment.objects.answered_by([c.pk]).values_list("task_id", flat=True)) == {task_a.pk, task_b.pk}
    assert not Assignment.objects.answered_by([d.pk]).exists()


# --- Orphaned work ------------------------------------------------------------------------------


def test_orphaned_work_is_open_work_whose_carrier_has_no_active_officer(hai_duong, hai_phong, merge_then_split):
    a, _b, c, _d = merge_then_split
    reaches_hai_phong, reaches_c = _task(hai_duong), _task(a)
    alone = UnitFactory(code="SC-ALONE", valid_to=ENDED)
    no_successor = _task(alone)
    officer_of(hai_phong)
    orphaned = set(Assignment.objects.orphaned().values_list("task_id", flat=True))
    assert {reaches_c.pk, no_successor.pk} <= orphaned
    assert reaches_hai_phong.pk not in orphaned
    officer_of(c)
    officer_of(alone)  # an ended unit's officer does not receive its work
    orphaned = set(Assignment.objects.orphaned().values_list("task_id", flat=True))
    assert reaches_c.pk not in orphaned and no_successor.pk in orphaned


def test_work_of_an_officer_who_left_is_orphaned(unit):
    officer = officer_of(unit)
    task = _task(unit)
    assert not Assignment.objects.orphaned().filter(task=task).exists()
    UnitMembership.objects.filter(user=officer).update(valid_to=datetime.date(2026, 1, 31))
    assert Assignment.objects.orphaned(on=datetime.date(2026, 2, 1)).filter(task=task).exists()


def test_orphaned_work_page_lists_the_work_and_why(client, planner, merge_then_split):
    a, _b, c, _d = merge_then_split
    task = _task(a, title="Nhiệm vụ không ai nhận")
    split = _task(UnitFactory(code="SC-SPLIT", valid_to=ENDED), title="Nhiệm vụ chia tách")
    UnitSuccession.objects.create(from_unit=split.assignments.get().unit, to_unit=UnitFactory(code="SC-S1"))
    UnitSuccession.objects.create(from_unit=split.assignments.get().unit, to_unit=UnitFactory(code="SC-S2"))
    client.force_login(planner)
    html = client.get("/tasks/orphaned/").content.decode()
    assert task.title in html and c.name_vi in html
    assert "không có cán bộ đầu mối" in html
    assert split.title in html and "không đơn vị kế thừa nào được chỉ định" in html
    officer_of(c)
    assert task.title not in client.get("/tasks/orphaned/").content.decode()


def test_orphaned_work_page_in_english(client, planner, merge_then_split):
    a, *_rest = merge_then_split
    _task(a)
    client.force_login(planner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/tasks/orphaned/").content.decode()
    assert "Orphaned work" in html and "has no active focal officer" in html


def test_orphaned_work_page_search_ignores_diacritics(client, planner, merge_then_split):
    a, *_rest = merge_then_split
    wanted, other = _task(a, title="Tập huấn đối ngoại"), _task(a, title="Khác")
    client.force_login(planner)
    html = client.get("/tasks/orphaned/", {"q": "tap huan"}).content.decode()
    assert wanted.title in html and other.title not in html


@pytest.mark.parametrize("query", ["q=%00", "page=abc"])
def test_orphaned_work_page_bad_query_string_is_no_500(client, planner, query):
    client.force_login(planner)
    assert client.get(f"/tasks/orphaned/?{query}").status_code in (200, 404)


def test_orphaned_work_page_queries_do_not_grow_with_rows(client, planner, merge_then_split):
    a, *_rest = merge_then_split
    client.force_login(planner)
    _task(a)
    client.get("/tasks/orphaned/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/tasks/orphaned/").status_code == 200
    units = [UnitFactory(valid_to=ENDED) for _ in range(5)]
    for n in range(40):
        _task(units[n % 5])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/tasks/orphaned/")
    assert response.context["paginator"].count == 41
    assert len(one) == len(many)


@pytest.mark.parametrize("role", [User.Role.LEADERSHIP, User.Role.UNIT_OFFICER])
def test_orphaned_work_page_is_refused_to_leadership_and_officers(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/tasks/orphaned/").status_code == 403


# --- Task page and task filters ------------------------------------------------------------------


def test_task_page_says_who_carries_an_ended_units_open_work(client, planner, hai_duong, hai_phong):
    task = _task(hai_duong)
    client.force_login(planner)
    html = client.get(task.get_absolute_url()).content.decode()
    assert "Bảo hiểm xã hội thành phố Hải Phòng" in html and "30/06/2025" in html
    done = _task(hai_duong, status=Task.Status.DONE, progress=100)
    assert "30/06/2025" not in client.get(done.get_absolute_url()).content.decode()


def test_task_filter_by_lead_unit_follows_the_succession(client, planner, hai_duong, hai_phong):
    open_task, done_task = _task(hai_duong), _task(hai_duong, status=Task.Status.DONE, progress=100)
    client.force_login(planner)
    by_hai_phong = {t.pk for t in client.get("/tasks/", {"lead": hai_phong.pk}).context["page_obj"]}
    by_hai_duong = {t.pk for t in client.get("/tasks/", {"lead": hai_duong.pk}).context["page_obj"]}
    assert open_task.pk in by_hai_phong and done_task.pk not in by_hai_phong
    assert by_hai_duong == {done_task.pk}
    assert open_task.pk in {t.pk for t in client.get("/tasks/", {"unit": hai_phong.pk}).context["page_obj"]}


# --- Next year's copy and the move command --------------------------------------------------------


def test_copy_to_next_year_gives_a_split_units_work_to_the_named_successor(planner, merge_then_split):
    a, _b, c, _d = merge_then_split
    plan = PlanFactory(year=2025, number="11/KH-BHXH")
    TaskFactory(objective=ObjectiveFactory(plan=plan), lead=a)
    copy = services.plan_copy_to_next_year(plan=plan, by=planner)
    assert copy.tasks.get().assignments.get().unit == c


def test_move_command_dry_run_prints_and_changes_nothing(capsys, hai_duong, hai_phong):
    task = _task(hai_duong, title="Nhiệm vụ còn mở")
    officer_of(hai_phong)
    call_command("move_unit_assignments", "P63-HAIDUONG", "--dry-run")
    out = capsys.readouterr().out
    assert "P63-HAIDUONG → P34-HAIPHONG: 1 open assignment(s) would move" in out and task.title in out
    assert task.assignments.get().unit == hai_duong


def test_move_command_refuses_a_unit_with_no_active_officer_unless_forced(capsys):
    tst, tpt = Unit.objects.get(code="TST"), Unit.objects.get(code="TPT-25")
    task = _task(tst)
    with pytest.raises(CommandError, match="TST"):
        call_command("move_unit_assignments", "TST")
    assert "TST → TPT-25" in capsys.readouterr().err
    assert task.assignments.get().unit == tst
    call_command("move_unit_assignments", "TST", "--force")
    assert task.assignments.get().unit == tpt


def test_move_command_with_no_arguments_moves_what_it_may_and_reports_the_rest(capsys, hai_duong, hai_phong):
    hai_duong_task, tst_task = _task(hai_duong), _task(Unit.objects.get(code="TST"))
    officer_of(hai_phong)
    with pytest.raises(CommandError, match="Not moved: .*TST"):
        call_command("move_unit_assignments")
    assert hai_duong_task.assignments.get().unit == hai_phong
    assert tst_task.assignments.get().unit.code == "TST"


def test_move_goes_to_the_end_of_the_chain(merge_then_split):
    a, _b, c, _d = merge_then_split
    task = _task(a)
    officer_of(c)
    assert services.assignments_move_to_successor(unit=a) == 1
    assert task.assignments.get().unit == c


def test_move_refuses_a_split_with_no_successor_named(merge_then_split):
    a, b, *_rest = merge_then_split
    UnitSuccession.objects.filter(from_unit=b).update(takes_open_work=False)
    _task(a)
    with pytest.raises(ValidationError, match="không đơn vị nào được chỉ định"):
        services.assignments_move_to_successor(unit=a, force=True)
