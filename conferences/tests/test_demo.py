import pytest

from accounts import demo as accounts_demo
from conferences import demo
from conferences.models import AgendaSession, Award, Conference, Feedback, Participant, Speaker

pytestmark = pytest.mark.django_db


def test_demo_loads_the_hai_duong_conference_and_is_idempotent():
    accounts_demo.load()
    demo.load()
    counts = (Conference.objects.count(), AgendaSession.objects.count(), Participant.objects.count(),
              Feedback.objects.count(), Speaker.objects.count(), Award.objects.count())
    demo.load()
    assert counts == (Conference.objects.count(), AgendaSession.objects.count(), Participant.objects.count(),
                      Feedback.objects.count(), Speaker.objects.count(), Award.objects.count())

    hai_duong = Conference.objects.get(title=demo.HAI_DUONG_TITLE)
    assert (hai_duong.start_date.isoformat(), hai_duong.end_date.isoformat()) == ("2024-07-15", "2024-07-16")
    assert hai_duong.status == Conference.Status.REPORT_FILED
    assert "Đào Việt Anh" in hai_duong.chair
    codes = set(hai_duong.invitations.values_list("unit__code", flat=True))
    assert "P63-HAIDUONG" in codes and len(codes) == 25 and all(code.startswith("P63-") for code in codes)
    speakers = set(hai_duong.sessions.values_list("speakers__name", flat=True))
    assert {"Nguyễn Hải Lưu", "Võ Trí Thành", "Nguyễn Tiến Thành", "Trần Thu Thủy", "Robert J. Palacios"} <= speakers
    assert set(hai_duong.awards.values_list("recipient", flat=True)) == {"Robert J. Palacios", "Himanshi Jain"}
    assert Feedback.objects.filter(session__conference=hai_duong).exists()

    upcoming = Conference.objects.exclude(pk=hai_duong.pk).get()
    assert upcoming.registration_is_open
    assert upcoming.invitations.filter(unit__code="P34-HANOI").exists()
    assert not upcoming.participants.filter(invitation__unit__code="P34-HANOI").exists()


def test_demo_links_the_training_task_of_plan_234_when_it_exists():
    from accounts.models import Unit
    from plans.models import Task
    from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

    accounts_demo.load()
    plan = PlanFactory(number="234/KH-BHXH", year=2024)
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), category=Task.Category.TRAINING, lead=Unit.objects.get(code="HTQT"))
    demo.load()
    hai_duong = Conference.objects.get(title=demo.HAI_DUONG_TITLE)
    task.refresh_from_db()
    assert hai_duong.task == task
    assert task.status == Task.Status.DONE
