"""The dashboard reads through the guards (an officer's figures count only what they may see), uses
the engine's rules (late, live), and reads its query strings through forms (bad input: a form error)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Unit, User
from conferences.models import Feedback
from conferences.tests.factories import AgendaSessionFactory, HeldConferenceFactory, InvitationFactory, ParticipantFactory
from plans.models import Assignment, Plan, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.models import ProgressReport
from reports.services import assignments_refresh_spending
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def hai_phong():
    return Unit.objects.get(code="P34-HAIPHONG")


@pytest.fixture
def hanoi():
    return Unit.objects.get(code="P34-HANOI")


@pytest.fixture
def hp_officer(make_user, hai_phong):
    return make_user(User.Role.UNIT_OFFICER, hai_phong, username="hp")


def approved(assignment, period, spent=0, **fields):
    now = timezone.now()
    report = ProgressReportFactory(
        assignment=assignment, period=period, status=ProgressReport.Status.APPROVED,
        first_submitted_at=now, submitted_at=now, reviewed_at=now, amount_spent=spent, **fields,
    )
    assignments_refresh_spending(assignments=Assignment.objects.filter(pk=assignment.pk))  # as report_approve does
    return report


# --- Guards --------------------------------------------------------------------------------------


def test_officer_spending_counts_only_the_reports_they_may_read(client, leader, hp_officer, hai_phong, hanoi):
    """Hải Phòng leads one task and coordinates one led by Hà Nội: Hà Nội's report on the second is
    not Hải Phòng's to read, so its spending is not in Hải Phòng's figures (it is in leadership's)."""
    plan = PlanFactory(year=YEAR)
    objective = ObjectiveFactory(plan=plan)
    own = TaskFactory(objective=objective, lead=hai_phong, category=Task.Category.TRAINING, deadline=TODAY)
    theirs = TaskFactory(objective=objective, lead=hanoi, coordinating=[hai_phong], category=Task.Category.TRAINING,
                         deadline=TODAY)
    period = ReportingPeriodFactory(plan=plan)
    approved(own.assignments.get(unit=hai_phong), period, 1_000_000)
    approved(theirs.assignments.get(unit=hanoi), period, 7_000_000)

    client.force_login(hp_officer)
    (row,) = client.get("/dashboard/", {"plan": plan.pk}).context["budget"]
    assert (row["tasks"], row["spent"]) == (2, 1_000_000)
    client.force_login(leader)
    (row,) = client.get("/dashboard/", {"plan": plan.pk}).context["budget"]
    assert (row["tasks"], row["spent"]) == (2, 8_000_000)


def test_officer_feedback_figure_averages_only_their_units_participants(client, leader, hp_officer, hai_phong, hanoi):
    conference = HeldConferenceFactory()
    session = AgendaSessionFactory(conference=conference, day=conference.start_date)
    for unit, rating in ((hai_phong, 5), (hanoi, 1)):
        participant = ParticipantFactory(invitation=InvitationFactory(conference=conference, unit=unit))
        Feedback.objects.create(session=session, participant=participant, rating=rating)

    client.force_login(hp_officer)
    summary = client.get("/dashboard/", {"year": YEAR}).context["conferences"]
    assert (summary["held"], summary["participants"], summary["rating"]) == (1, 1, 5)
    client.force_login(leader)
    summary = client.get("/dashboard/", {"year": YEAR}).context["conferences"]
    assert (summary["held"], summary["participants"], summary["rating"]) == (1, 2, 3)


def test_official_report_reads_every_units_approved_reports(client, planner, hai_phong, hanoi):
    from io import BytesIO

    from docx import Document

    plan = PlanFactory(year=YEAR, number="12/KH-BHXH", issue_date=datetime.date(YEAR, 1, 15))
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=hai_phong, coordinating=[hanoi], deadline=TODAY)
    period = ReportingPeriodFactory(plan=plan, label="Quý I")
    approved(task.assignments.get(unit=hai_phong), period, results="Hải Phòng đã hoàn thành.")
    approved(task.assignments.get(unit=hanoi), period, results="Hà Nội đã phối hợp.")
    client.force_login(planner)
    response = client.get("/dashboard/official-report/", {
        "period": period.pk, "number": "…/BC-BHXH", "date": TODAY.strftime("%d/%m/%Y"), "issuer": "BHXH Việt Nam"})
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Hải Phòng đã hoàn thành." in text and "Hà Nội đã phối hợp." in text


# --- The engine's rules --------------------------------------------------------------------------


def test_late_list_is_the_tasks_behind_the_late_count(client, leader):
    plan = PlanFactory(year=YEAR)
    objective = ObjectiveFactory(plan=plan)
    past = TODAY - datetime.timedelta(days=5)
    late = [TaskFactory(objective=objective, deadline=past) for _ in range(3)]
    TaskFactory(objective=objective, deadline=past, status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, deadline=past, status=Task.Status.CANCELLED)
    TaskFactory(objective=objective, deadline=TODAY)
    client.force_login(leader)
    response = client.get("/dashboard/", {"plan": plan.pk})
    assert response.context["totals"].counts["late"] == 3
    assert {task.pk for task in response.context["late"]} == {task.pk for task in late}


def test_home_late_count_is_the_engines_late(client, hp_officer, hai_phong):
    plan = PlanFactory(year=YEAR)
    objective = ObjectiveFactory(plan=plan)
    past = TODAY - datetime.timedelta(days=5)
    TaskFactory(objective=objective, lead=hai_phong, deadline=past)
    TaskFactory(objective=objective, lead=hai_phong, deadline=past, status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, lead=hai_phong, deadline=TODAY)
    client.force_login(hp_officer)
    response = client.get("/")
    assert (response.context["overdue_count"], response.context["open_count"]) == (1, 2)


def test_calendar_lists_only_live_tasks(client, hp_officer, hai_phong):
    soon = TODAY + datetime.timedelta(days=3)
    plan = PlanFactory(year=YEAR)
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(objective=objective, lead=hai_phong, deadline=soon, title="Việc đang làm")
    TaskFactory(objective=objective, lead=hai_phong, deadline=soon, title="Việc đã xong", status=Task.Status.DONE,
                progress=100)
    closed = PlanFactory(year=YEAR)
    TaskFactory(objective=ObjectiveFactory(plan=closed), lead=hai_phong, deadline=soon, title="Việc của kế hoạch đã đóng")
    Plan.objects.filter(pk=closed.pk).update(status=Plan.Status.CLOSED)
    client.force_login(hp_officer)
    url = client.get("/dashboard/calendar/").context["feed_url"]
    text = client.get(url).content.decode().replace("\r\n ", "")
    assert "Việc đang làm" in text
    assert "Việc đã xong" not in text and "Việc của kế hoạch đã đóng" not in text


# --- Query strings through forms -----------------------------------------------------------------


@pytest.mark.parametrize("query", [
    {"plan": "\x00"}, {"plan": "abc"}, {"plan": "99999999999999999999"}, {"plan": "-1"},
    {"year": "\x00"}, {"year": "abc"}, {"year": "1999"}, {"year": "99999999999999999999"},
    {"year": "abc", "format": "xlsx", "table": "plans"},
])
def test_dashboard_bad_scope_is_a_form_error_not_500(client, leader, query):
    PlanFactory(year=YEAR)
    client.force_login(leader)
    response = client.get("/dashboard/", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
    assert "totals" not in response.context
    assert "Không áp dụng được bộ lọc" in response.content.decode()


def test_dashboard_plan_the_user_may_not_see_is_a_form_error(client, hp_officer, hanoi):
    other = PlanFactory(year=YEAR)
    TaskFactory(objective=ObjectiveFactory(plan=other), lead=hanoi)
    client.force_login(hp_officer)
    response = client.get("/dashboard/", {"plan": other.pk})
    assert response.status_code == 200 and response.context["form"].errors["plan"]
    assert "totals" not in response.context


def test_dashboard_empty_query_string_shows_the_current_year(client, leader):
    PlanFactory(year=YEAR)
    client.force_login(leader)
    response = client.get("/dashboard/", {"plan": "", "year": ""})
    assert response.context["year"] == YEAR and not response.context["form"].errors


@pytest.mark.parametrize("query", [
    {"period": "\x00"}, {"period": "99999999999999999999"}, {"period": "abc", "date": "\x00"},
    {"number": "\x00", "issuer": "\x00", "date": "32/13/2024"},
])
def test_official_report_bad_query_string_is_a_form_error_not_500(client, leader, query):
    client.force_login(leader)
    response = client.get("/dashboard/official-report/", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors
