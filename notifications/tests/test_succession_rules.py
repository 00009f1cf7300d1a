"""Reminders follow an ended unit's successor chain, with no command run, and go to active officers only."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import UnitMembership, UnitSuccession, User
from accounts.tests.factories import UnitFactory, officer_of
from agreements.tests.factories import CoverageCertificateFactory
from notifications.models import Notification, ReminderDispatch, ReminderRule
from plans.models import Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import ReportingPeriodFactory

from .conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date
R = ReminderRule.Code
DAY = D(2026, 12, 3)  # a Thursday


def overdue_task(unit, **kwargs):
    """Due 02/12/2026, still open: the overdue reminder is due on 03/12."""
    return TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2026, 12, 2),
                       status=Task.Status.IN_PROGRESS, progress=40, **kwargs)


def recipients(rule, **filters):
    return sorted(ReminderDispatch.objects.filter(rule=rule, **filters).values_list("recipient__username", flat=True))


def test_demo_on_today_sends_hai_duongs_reminders_to_hai_phong_without_any_command(rules, django_capture_on_commit_callbacks):
    """Done when: the demo on today's date (12/2026) reminds Hải Phòng of Hải Dương's still-open 2024 task."""
    from notifications import services

    with at(D(2026, 12, 1)):
        call_command("load_demo", stdout=None)
        hai_duong_task = Task.objects.live().get(plan__year=2024, assignments__unit__code="P63-HAIDUONG",
                                                 assignments__removed_at__isnull=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.reminders_scan()
    on_task = ReminderDispatch.objects.filter(object_id=hai_duong_task.pk, rule=R.TASK_OVERDUE)
    assert set(on_task.values_list("recipient__username", flat=True)) == {"haiphong"}
    assert not ReminderDispatch.objects.filter(recipient__username="haiduong").exists()
    assert not ReminderDispatch.objects.filter(recipient__username="tst").exists()
    note = Notification.objects.get(recipient__username="haiphong", title__contains=hai_duong_task.title)
    assert "Hải Dương" in note.body


def test_task_reminder_of_an_ended_unit_goes_to_its_successors_officers(hai_duong, hai_phong, scan, mailoutbox):
    officer_of(hai_duong, username="old")
    new = officer_of(hai_phong, username="new")
    task = overdue_task(hai_duong)
    with at(DAY):
        scan()
    assert recipients(R.TASK_OVERDUE) == ["new"]
    dispatch = ReminderDispatch.objects.get(rule=R.TASK_OVERDUE)
    assert dispatch.context == {**dispatch.context, "unit": hai_phong.pk, "for_unit": hai_duong.pk}
    mail = next(m for m in mailoutbox if m.to == [new.email])
    assert task.title in mail.subject and "Bảo hiểm xã hội tỉnh Hải Dương" in mail.body


def test_a_chain_of_two_successions_reminds_the_last_unit(scan):
    a = UnitFactory(code="RC-A", valid_to=D(2025, 6, 30))
    b = UnitFactory(code="RC-B", valid_to=D(2026, 6, 30))
    c = UnitFactory(code="RC-C")
    UnitSuccession.objects.create(from_unit=a, to_unit=b)
    UnitSuccession.objects.create(from_unit=b, to_unit=c)
    for unit, name in ((a, "a"), (b, "b"), (c, "c")):
        officer_of(unit, username=name)
    overdue_task(a)
    with at(DAY):
        scan()
    assert recipients(R.TASK_OVERDUE) == ["c"]


def test_merge_then_split_reminds_the_successor_named_to_take_the_work(scan):
    a = UnitFactory(code="RS-A", valid_to=D(2025, 6, 30))
    b = UnitFactory(code="RS-B", valid_to=D(2026, 6, 30))
    c, d = UnitFactory(code="RS-C"), UnitFactory(code="RS-D")
    UnitSuccession.objects.create(from_unit=a, to_unit=b)
    UnitSuccession.objects.create(from_unit=b, to_unit=c)
    UnitSuccession.objects.create(from_unit=b, to_unit=d, takes_open_work=True)
    officer_of(c, username="c")
    officer_of(d, username="d")
    overdue_task(a)
    with at(DAY):
        scan()
    assert recipients(R.TASK_OVERDUE) == ["d"]


def test_an_ended_unit_with_no_successor_reminds_no_officer_and_the_digest_names_it(scan, leader, mailoutbox):
    alone = UnitFactory(code="RN-ALONE", valid_to=D(2025, 6, 30), name_vi="Ban Đã Giải Thể")
    officer_of(alone, username="alone")
    overdue_task(alone, title="Việc không ai nhận")
    with at(D(2026, 11, 30)):  # Monday: the weekly digest
        scan()
    assert recipients(R.TASK_OVERDUE) == [] and recipients(R.TASK_DUE_SOON) == []
    digest = next(m for m in mailoutbox if m.to == [leader.email])
    assert "Ban Đã Giải Thể: 1" in digest.body and "/tasks/orphaned/" in digest.body


def test_digest_counts_open_work_under_the_unit_that_owes_it_now(hai_duong, hai_phong, leader, scan, mailoutbox):
    officer_of(hai_phong)
    overdue_task(hai_duong)
    with at(D(2026, 11, 30)):
        scan()
    digest = next(m for m in mailoutbox if m.to == [leader.email])
    html = digest.alternatives[0][0]
    assert hai_phong.name_vi in html and hai_duong.name_vi not in html


def test_reminders_go_only_to_active_officers(unit, scan):
    left, stays = officer_of(unit, username="left"), officer_of(unit, username="stays")
    officer_of(unit, username="colleague")
    UnitMembership.objects.filter(user__username="colleague").update(is_focal=False)
    UnitMembership.objects.filter(user=left).update(valid_to=DAY - datetime.timedelta(days=1))
    starts_later = officer_of(UnitFactory(), username="later")
    UnitMembership.objects.filter(user=starts_later).update(unit=unit, valid_from=DAY + datetime.timedelta(days=1))
    overdue_task(unit)
    with at(DAY):
        scan()
    assert recipients(R.TASK_OVERDUE) == [stays.username]


def test_escalation_goes_to_the_head_of_the_unit_that_carries_the_work(hai_duong, hai_phong, scan, make_user):
    from notifications.models import NotificationPreference

    head = make_user(User.Role.UNIT_OFFICER, hai_phong, username="head")
    NotificationPreference.objects.create(user=head, is_unit_head=True)
    old_head = make_user(User.Role.UNIT_OFFICER, hai_duong, username="oldhead")
    NotificationPreference.objects.create(user=old_head, is_unit_head=True)
    TaskFactory(objective__plan=PlanFactory(year=2026), lead=hai_duong, deadline=D(2026, 11, 2), status=Task.Status.IN_PROGRESS)
    with at(DAY):
        scan()
    assert "head" in recipients(R.TASK_ESCALATION) and "oldhead" not in recipients(R.TASK_ESCALATION)


def test_report_due_goes_to_the_successor_and_names_the_ended_units_tasks(hai_duong, hai_phong, scan, mailoutbox):
    plan = PlanFactory(year=2026)
    task = TaskFactory(objective__plan=plan, lead=hai_duong, title="Báo cáo của đơn vị cũ")
    ReportingPeriodFactory(plan=plan, label="Quý III/2026", start=D(2026, 7, 1), end=D(2026, 9, 30), due_date=D(2026, 12, 2))
    officer_of(hai_duong, username="old")
    new = officer_of(hai_phong, username="new")
    with at(DAY):
        scan()
    assert recipients(R.REPORT_DUE) == ["new"]
    mail = next(m for m in mailoutbox if m.to == [new.email] and "Quý III/2026" in m.subject)
    assert task.title in mail.body


def test_certificate_reminder_of_an_ended_office_goes_to_its_successor(hai_duong, hai_phong, scan):
    officer_of(hai_duong, username="old")
    officer_of(hai_phong, username="new")
    CoverageCertificateFactory(office=hai_duong, detachment_end=D(2027, 1, 22))
    with at(D(2026, 11, 23)):
        scan()
    assert recipients(R.COVERAGE_ENDING) == ["new"]
