"""Discussion notices: the mentioned and the earlier posters, readers only, once each; e-mail now or
once a day by preference."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import User
from accounts.tests.factories import UnitFactory, UserFactory
from discussions import services as discussions
from notifications import services
from notifications.models import Notification, NotificationPreference, ReminderDispatch, ReminderRule
from notifications.tests.conftest import at
from plans.tests.factories import TaskFactory

DAY = datetime.date(2024, 7, 10)  # a Wednesday


@pytest.fixture
def talk(rules):
    haiphong, hanoi = UnitFactory(code="HP-N"), UnitFactory(code="HN-N")
    return SimpleNamespace(
        task=TaskFactory(lead=haiphong), haiphong=haiphong, hanoi=hanoi,
        officer=UserFactory(username="hp1", unit=haiphong, role=User.Role.UNIT_OFFICER),
        colleague=UserFactory(username="hp2", unit=haiphong, role=User.Role.UNIT_OFFICER),
        outsider=UserFactory(username="hn1", unit=hanoi, role=User.Role.UNIT_OFFICER),
        planner=UserFactory(username="cp1", role=User.Role.CENTRAL_PLANNER),
        leader=UserFactory(username="ld1", role=User.Role.LEADERSHIP),
    )


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def write(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return discussions.post_create(**kwargs)
    return write


def notified(post):
    return set(Notification.objects.filter(object_id=post.pk, rule=ReminderRule.Code.THREAD_POST)
               .values_list("recipient__username", flat=True))


def test_answer_mentioning_a_unit_tells_its_officers_and_the_earlier_poster_once(talk, post, mailoutbox):
    with at(DAY):
        question = post(task=talk.task, text="Xin hỏi lịch đón đoàn?", by=talk.officer)
        assert notified(question) == set()  # nobody mentioned, nobody posted before
        answer = post(task=talk.task, text="Hải Phòng chuẩn bị giúp", by=talk.planner, units=[talk.haiphong])
    assert notified(answer) == {"hp1", "hp2"}
    assert sorted(m.to[0] for m in mailoutbox) == ["hp1@example.vn", "hp2@example.vn"]
    mention = Notification.objects.get(recipient=talk.colleague, object_id=answer.pk)
    assert "đã nhắc đến bạn" in mention.title
    assert mention.url == answer.get_absolute_url()
    # Recording again (a second signal, the scan catching up) tells nobody twice.
    with at(DAY):
        assert services.thread_post_record(post_id=answer.pk) == 0
    assert ReminderDispatch.objects.filter(rule=ReminderRule.Code.THREAD_POST).count() == 2
    assert len(mailoutbox) == 2


def test_an_outsider_is_never_told(talk, post, mailoutbox):
    with at(DAY):
        answer = post(task=talk.task, text="Trả lời", by=talk.planner, people=[talk.officer])
        post(task=talk.task, text="Cảm ơn", by=talk.officer)
    assert notified(answer) == {"hp1"}
    assert not Notification.objects.filter(recipient=talk.outsider).exists()
    assert "hn1@example.vn" not in [m.to[0] for m in mailoutbox]


def test_an_edit_that_adds_a_mention_tells_only_the_newly_mentioned(talk, post, django_capture_on_commit_callbacks):
    with at(DAY):
        first = post(task=talk.task, text="Ý kiến", by=talk.planner, people=[talk.officer])
        with django_capture_on_commit_callbacks(execute=True):
            discussions.post_edit(post=first, text="Ý kiến (bổ sung)", expected_version=0, by=talk.planner,
                                  people=[talk.officer, talk.leader])
    assert notified(first) == {"hp1", "ld1"}
    assert Notification.objects.filter(recipient=talk.officer, object_id=first.pk).count() == 1


def test_daily_digest_instead_of_one_email_per_message(talk, post, scan, mailoutbox):
    NotificationPreference.objects.create(user=talk.officer, thread_digest=True)
    with at(DAY):
        for number in range(3):
            post(task=talk.task, text=f"Trả lời số {number}", by=talk.planner, people=[talk.officer])
    assert Notification.objects.filter(recipient=talk.officer).count() == 3  # in the portal at once
    assert mailoutbox == []
    with at(DAY + datetime.timedelta(days=1)):
        scan()
        scan()  # a second beat sends nothing more
    digests = [m for m in mailoutbox if m.to == ["hp1@example.vn"]]
    assert len(digests) == 1
    assert "3" in digests[0].subject and "Trả lời số 2" in digests[0].body
    assert Notification.objects.filter(recipient=talk.officer).count() == 3  # the digest is e-mail only
    with at(DAY + datetime.timedelta(days=2)):
        scan()  # nothing new since the last digest
    assert len([m for m in mailoutbox if m.to == ["hp1@example.vn"]]) == 1


def test_email_off_for_discussions_keeps_the_portal_notice(talk, post, mailoutbox):
    NotificationPreference.objects.create(user=talk.officer, email_threads=False)
    with at(DAY):
        post(task=talk.task, text="Trả lời", by=talk.planner, people=[talk.officer])
    assert Notification.objects.filter(recipient=talk.officer).count() == 1
    assert mailoutbox == []


def test_a_withdrawn_post_is_not_delivered(talk, rules):
    with at(DAY):
        answer = discussions.post_create(task=talk.task, text="Nhầm", by=talk.planner, people=[talk.officer])
        discussions.post_withdraw(post=answer, by=talk.planner)
        services.thread_post_record(post_id=answer.pk)
    assert not Notification.objects.filter(object_id=answer.pk, rule=ReminderRule.Code.THREAD_POST).exists()
