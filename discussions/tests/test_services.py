import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import SEES_ALL_WORK, User
from accounts.tests.factories import UnitFactory, UserFactory
from core.locking import EditConflict
from discussions import services
from discussions.access import mention_candidates, thread_readers
from discussions.models import Post, PostAttachment, discussable_tasks
from discussions.tests.factories import pdf_upload
from plans.models import Assignment, Plan
from plans.tests.factories import TaskFactory


def test_post_create_keeps_text_mentions_and_files(thread):
    post = services.post_create(
        task=thread.task, text="Xin hỏi lịch đón đoàn?\nCảm ơn.", by=thread.officer,
        units=[thread.haiphong], people=[thread.planner], uploads=[pdf_upload()],
    )
    post.refresh_from_db()
    assert post.text == "Xin hỏi lịch đón đoàn?\nCảm ơn."
    assert post.search_text == "xin hoi lich don doan? cam on."
    assert list(post.mentioned_units.all()) == [thread.haiphong]
    assert list(post.mentioned_users.all()) == [thread.planner]
    attachment = PostAttachment.objects.get(post=post)
    assert (attachment.content_type, attachment.uploaded_by) == ("application/pdf", thread.officer)
    assert post.history.first().history_user == thread.officer


@pytest.mark.parametrize("who", ["officer", "coordinator", "planner", "leader"])
def test_post_create_by_every_reader(thread, who):
    services.post_create(task=thread.task, text="Ý kiến", by=getattr(thread, who))
    assert Post.objects.filter(task=thread.task).count() == 1


def test_post_create_by_another_unit_is_refused(thread):
    with pytest.raises(PermissionDenied):
        services.post_create(task=thread.task, text="Xin chào", by=thread.outsider)
    assert not Post.objects.exists()


def test_post_create_empty_text_is_a_field_error(thread):
    with pytest.raises(ValidationError) as caught:
        services.post_create(task=thread.task, text="   \n ", by=thread.officer)
    assert "text" in caught.value.error_dict
    assert not Post.objects.exists()


def test_post_create_mentioning_an_outsider_is_refused(thread):
    with pytest.raises(ValidationError) as caught:
        services.post_create(task=thread.task, text="@Hà Nội", by=thread.planner, units=[thread.hanoi])
    assert "mentions" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.post_create(task=thread.task, text="@hn", by=thread.planner, people=[thread.outsider])
    assert not Post.objects.exists()


def test_post_create_with_a_file_that_is_not_what_it_says_saves_nothing(thread):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 windows program", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.post_create(task=thread.task, text="Tệp đính kèm", by=thread.officer, uploads=[pdf_upload(), fake])
    assert not Post.objects.exists()
    assert not PostAttachment.objects.exists()


def test_post_edit_within_fifteen_minutes_keeps_the_old_text_in_history(thread):
    post = services.post_create(task=thread.task, text="Lịch đón đoàn ngày 10/7", by=thread.officer)
    edited = services.post_edit(post=post, text="Lịch đón đoàn ngày 12/7", expected_version=0, by=thread.officer)
    assert edited.text == "Lịch đón đoàn ngày 12/7" and edited.edited_at is not None
    assert [h.text for h in post.history.order_by("history_date")] == ["Lịch đón đoàn ngày 10/7", "Lịch đón đoàn ngày 12/7"]


def test_post_edit_after_fifteen_minutes_or_by_another_is_refused(thread):
    post = services.post_create(task=thread.task, text="Ý kiến", by=thread.officer)
    with pytest.raises(PermissionDenied):
        services.post_edit(post=post, text="Sửa", expected_version=0, by=thread.planner)
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    post.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_edit(post=post, text="Sửa", expected_version=0, by=thread.officer)
    assert Post.objects.get(pk=post.pk).text == "Ý kiến"


def test_post_edit_of_a_stale_version_is_a_conflict(thread):
    post = services.post_create(task=thread.task, text="Ý kiến", by=thread.officer)
    services.post_edit(post=post, text="Ý kiến 2", expected_version=0, by=thread.officer)
    with pytest.raises(EditConflict):
        services.post_edit(post=post, text="Ý kiến 3", expected_version=0, by=thread.officer)


def test_post_withdraw_keeps_the_row_and_the_text_in_history(thread):
    post = services.post_create(task=thread.task, text="Nhầm nhiệm vụ", by=thread.officer, uploads=[pdf_upload()])
    with pytest.raises(PermissionDenied):
        services.post_withdraw(post=post, by=thread.planner)
    services.post_withdraw(post=post, by=thread.officer)
    post.refresh_from_db()
    assert post.is_withdrawn and post.text == "" and post.search_text == ""
    assert "Nhầm nhiệm vụ" in [h.text for h in post.history.all()]
    assert post.history.first().history_user == thread.officer
    assert PostAttachment.objects.get(post=post).removed_by == thread.officer
    with pytest.raises(PermissionDenied):
        services.post_withdraw(post=post, by=thread.officer)


def test_discussable_tasks_follow_current_units_and_successors(thread):
    heir_unit = UnitFactory(code="HEIR-T")
    thread.haiphong.successors.add(heir_unit)
    heir = UserFactory(username="heir", unit=heir_unit, role=User.Role.UNIT_OFFICER)
    # A successor's officer sees the predecessor's task through their lineage.
    assert list(discussable_tasks(heir)) == [thread.task]
    assert heir in thread_readers(thread.task)
    assert thread.outsider not in thread_readers(thread.task)
    assert not discussable_tasks(thread.outsider).exists()
    # A unit taken off the task no longer reads its thread.
    Assignment.objects.filter(task=thread.task, unit=thread.coordinating).update(removed_at=timezone.now())
    assert not discussable_tasks(thread.coordinator).exists()
    assert thread.coordinator not in thread_readers(thread.task)


def test_thread_readers_of_a_draft_are_central_staff_only(thread):
    draft_task = TaskFactory(objective__plan__status=Plan.Status.DRAFT, lead=thread.haiphong)
    readers = set(thread_readers(draft_task))
    assert thread.planner in readers and thread.leader in readers
    assert thread.officer not in readers


def test_thread_readers_who_see_all_work_by_group_by_own_grant_or_as_superuser(thread):
    draft_task = TaskFactory(objective__plan__status=Plan.Status.DRAFT, lead=thread.haiphong)
    granted = UserFactory(username="granted", unit=thread.haiphong, role=User.Role.UNIT_OFFICER)
    app_label, codename = SEES_ALL_WORK.split(".")
    granted.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app_label))
    superuser = UserFactory(username="root", is_superuser=True, unit=None)
    retired = UserFactory(username="retired", is_superuser=True, is_active=False, unit=None)
    readers = set(thread_readers(draft_task))
    assert {thread.planner, thread.leader, granted, superuser} <= readers  # a group's, their own, a superuser
    assert retired not in readers and thread.officer not in readers
    assert readers == set(User.objects.with_perm(SEES_ALL_WORK, backend="django.contrib.auth.backends.ModelBackend"))


def test_mention_candidates_are_the_thread_units_and_readers(thread):
    units, people = mention_candidates(thread.task)
    assert set(units) == {thread.haiphong, thread.coordinating}
    assert {thread.officer, thread.colleague, thread.coordinator, thread.planner, thread.leader} <= set(people)
    assert thread.outsider not in people
