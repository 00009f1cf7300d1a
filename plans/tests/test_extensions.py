"""Extension requests and explanation requests: every rule in the service, with clear errors."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.models import User
from core.locking import EditConflict
from plans import explanations, extensions
from plans.models import ExplanationReply, ExtensionRequest, Plan, Standing, Task
from plans.tests.factories import PlanFactory, TaskFactory
from reports.tests.factories import pdf_upload

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 11, 25)  # a Wednesday
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    """On Wednesday 25/11/2026, in English (one test checks the Vietnamese)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, tzinfo=HANOI), tick=False), translation.override("en"):
        yield


@pytest.fixture
def task(unit, other_unit):
    """Due Friday 20/11/2026: overdue on the 25th."""
    return TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, coordinating=[other_unit], deadline=D(2026, 11, 20))


ASKED = D(2026, 12, 15)


def ask(task, officer, proposed=ASKED, reason="Đối tác lùi lịch", **kwargs):
    return extensions.extension_request_create(task=task, proposed_deadline=proposed, reason=reason, by=officer, **kwargs)


def test_an_officer_of_the_lead_unit_asks_with_a_document(task, officer):
    request = ask(task, officer, uploads=[pdf_upload()])
    assert (request.status, request.current_deadline, request.unit_id) == ("pending", D(2026, 11, 20), officer.unit_id)
    assert request.documents.get().content_type == "application/pdf"
    assert request.history.get().history_user == officer


def test_only_the_lead_units_officers_may_ask(task, make_user, other_unit, planner, leader):
    coordinator = make_user(User.Role.UNIT_OFFICER, other_unit)
    for user in (coordinator, planner, leader):
        with pytest.raises(PermissionDenied):
            ask(task, user)
    assert not ExtensionRequest.objects.exists()


@pytest.mark.parametrize("proposed, message", [
    (D(2026, 11, 20), "The new deadline must be after the current one (20/11/2026)."),
    (D(2026, 11, 23), "The new deadline cannot be in the past."),
    (None, "Enter the new deadline."),
])
def test_the_new_date_must_be_after_the_effective_deadline_and_not_past(task, officer, proposed, message):
    with pytest.raises(ValidationError) as error:
        ask(task, officer, proposed=proposed)
    assert error.value.message_dict["proposed_deadline"] == [message]


def test_a_reason_is_required_and_errors_speak_vietnamese(task, officer):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        ask(task, officer, reason="  ", proposed=D(2026, 11, 19))
    assert error.value.message_dict == {
        "proposed_deadline": ["Thời hạn mới phải sau thời hạn hiện tại (20/11/2026)."],
        "reason": ["Nêu lý do nhiệm vụ cần thêm thời gian."],
    }


def test_one_pending_request_per_task(task, officer):
    ask(task, officer)
    with pytest.raises(ValidationError, match="already has an extension request waiting"):
        ask(task, officer, proposed=D(2026, 12, 20))


@pytest.mark.parametrize("change", [{"status": Task.Status.CANCELLED}, {"status": Task.Status.DONE, "progress": 100}])
def test_only_for_open_tasks(task, officer, change):
    for name, value in change.items():
        setattr(task, name, value)
    task.save()
    with pytest.raises(ValidationError, match="open task of an issued plan"):
        ask(task, officer)


def test_only_for_issued_plans(task, officer):
    Plan.objects.filter(pk=task.plan_id).update(status=Plan.Status.CLOSED)
    with pytest.raises(ValidationError, match="open task of an issued plan"):
        ask(task, officer)


def test_approval_moves_the_effective_deadline_never_the_plans_deadline(task, officer, planner):
    request = ask(task, officer)
    assert Task.objects.get(pk=task.pk).standing == Standing.OVERDUE
    extensions.extension_request_approve(request=request, expected_version=0, granted_deadline=D(2026, 12, 12), by=planner)
    task.refresh_from_db()
    # Saturday 12/12 is a day off: due at the end of Monday 14/12.
    assert (task.deadline, task.extended_deadline, task.effective_deadline) == (D(2026, 11, 20), D(2026, 12, 12), D(2026, 12, 14))
    assert task.standing == Standing.IN_PROGRESS and not task.is_overdue
    request.refresh_from_db()
    assert (request.status, request.granted_deadline, request.decided_by) == ("approved", D(2026, 12, 12), planner)


def test_a_decided_request_cannot_be_changed_or_decided_again(task, officer, planner):
    request = ask(task, officer)
    extensions.extension_request_refuse(request=request, expected_version=0, comment="Không đủ căn cứ", by=planner)
    request.refresh_from_db()
    with pytest.raises(ValidationError, match="decided"):
        extensions.extension_request_update(
            request=request, expected_version=request.lock_version, proposed_deadline=D(2026, 12, 20), reason="x", by=officer
        )
    with pytest.raises(ValidationError, match="already decided"):
        extensions.extension_request_approve(request=request, expected_version=request.lock_version, by=planner)
    assert Task.objects.get(pk=task.pk).extended_deadline is None


def test_refusal_needs_a_comment_and_a_planner(task, officer, planner, leader):
    request = ask(task, officer)
    with pytest.raises(ValidationError) as error:
        extensions.extension_request_refuse(request=request, expected_version=0, comment=" ", by=planner)
    assert "comment" in error.value.message_dict
    for user in (officer, leader):
        with pytest.raises(PermissionDenied):
            extensions.extension_request_approve(request=request, expected_version=0, by=user)
    assert ExtensionRequest.objects.get().is_pending


def test_a_second_decision_on_a_stale_page_is_a_conflict(task, officer, planner):
    request = ask(task, officer)
    extensions.extension_request_update(request=request, expected_version=0, proposed_deadline=D(2026, 12, 18),
                                        reason="Thêm lý do", by=officer)
    with pytest.raises(EditConflict):
        extensions.extension_request_approve(request=request, expected_version=0, by=planner)


def test_a_granted_date_must_be_after_the_current_deadline(task, officer, planner):
    request = ask(task, officer)
    with pytest.raises(ValidationError) as error:
        extensions.extension_request_approve(request=request, expected_version=0, granted_deadline=D(2026, 11, 18), by=planner)
    assert "granted_deadline" in error.value.message_dict
    assert ExtensionRequest.objects.get().is_pending


def test_every_request_and_decision_is_kept_in_order(task, officer, planner):
    first = ask(task, officer)
    extensions.extension_request_refuse(request=first, expected_version=0, comment="Chưa đủ căn cứ", by=planner)
    second = ask(task, officer, proposed=D(2026, 12, 10), reason="Bổ sung văn bản của đối tác")
    extensions.extension_request_approve(request=second, expected_version=0, by=planner)
    third = ask(task, officer, proposed=D(2026, 12, 30), reason="Lùi lần hai")
    assert list(task.extension_requests.order_by("requested_at", "pk").values_list("status", "current_deadline")) == [
        ("refused", D(2026, 11, 20)), ("approved", D(2026, 11, 20)), ("pending", D(2026, 12, 10))]
    assert third.current_deadline == D(2026, 12, 10)


def test_a_renamed_executable_is_refused_and_nothing_is_kept(task, officer):
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        ask(task, officer, uploads=[fake])
    assert not ExtensionRequest.objects.exists()


# --- Explanation requests -------------------------------------------------------------------------


def test_leadership_asks_the_lead_and_chosen_coordinating_units(task, leader, other_unit):
    request = explanations.explanation_request_create(
        task=task, question="Vì sao chậm?", reply_by=D(2026, 12, 1), coordinating_units=[other_unit], by=leader
    )
    assert sorted(request.replies.values_list("role", flat=True)) == ["coordinating", "lead"]


def test_explanations_only_for_late_or_at_risk_open_tasks(unit, leader):
    relaxed = TaskFactory(objective__plan=PlanFactory(year=2026), lead=unit, deadline=D(2027, 3, 1))
    with pytest.raises(ValidationError, match="late or at risk"):
        explanations.explanation_request_create(task=relaxed, question="?", reply_by=D(2026, 12, 1), by=leader)


def test_explanation_request_rules(task, leader, officer, make_user):
    outsider = TaskFactory(objective__plan=task.plan).assignments.get().unit
    with pytest.raises(ValidationError) as error:
        explanations.explanation_request_create(
            task=task, question=" ", reply_by=D(2026, 11, 24), coordinating_units=[outsider], by=leader
        )
    assert set(error.value.message_dict) == {"question", "reply_by", "coordinating_units"}
    with pytest.raises(PermissionDenied):
        explanations.explanation_request_create(task=task, question="?", reply_by=D(2026, 12, 1), by=officer)


def test_the_asked_unit_answers_once(task, leader, officer, make_user, other_unit):
    request = explanations.explanation_request_create(task=task, question="?", reply_by=D(2026, 12, 1), by=leader)
    reply = request.replies.get()
    with pytest.raises(PermissionDenied):
        stranger = make_user(User.Role.UNIT_OFFICER, other_unit)
        explanations.explanation_answer(reply=reply, expected_version=0, answer="x", by=stranger)
    with pytest.raises(ValidationError):
        explanations.explanation_answer(reply=reply, expected_version=0, answer=" ", by=officer)
    explanations.explanation_answer(reply=reply, expected_version=0, answer="Do đối tác.", uploads=[pdf_upload()], by=officer)
    reply = ExplanationReply.objects.get()
    assert (reply.answer, reply.answered_by, reply.documents.count()) == ("Do đối tác.", officer, 1)
    with pytest.raises(ValidationError, match="already answered"):
        explanations.explanation_answer(reply=reply, expected_version=reply.lock_version, answer="again", by=officer)
