import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from agreements.tests.factories import CoverageCertificateFactory
from conferences.tests.factories import ConferenceFactory, InvitationFactory, ParticipantFactory
from dashboard import demo
from plans.models import Assignment, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory
from reports.models import ProgressReport, ReportingPeriod
from reports.services import assignments_refresh_spending, report_save_draft, report_submit
from reports.tests.factories import ProgressReportFactory, ReportingPeriodFactory, submitted_report

pytestmark = pytest.mark.django_db


def _plan(year, tasks, units):
    plan = PlanFactory(year=year)
    objectives = [ObjectiveFactory(plan=plan) for _ in range(3)]
    today = timezone.localdate()
    for n in range(tasks):
        TaskFactory(
            objective=objectives[n % 3],
            lead=units[n % len(units)],
            category=list(Task.Category.values)[n % 5],
            start_date=datetime.date(year, 1, 1),
            deadline=today + datetime.timedelta(days=(n % 9) * 10 - 40),
            status=[Task.Status.DONE, Task.Status.IN_PROGRESS, Task.Status.NOT_STARTED][n % 3],
            progress=[100, 30, 0][n % 3],
            budget=1_000_000,
        )
    return plan


def _surroundings(plan, count):
    """Reports, certificates and conferences in numbers that grow with `count`."""
    period = ReportingPeriodFactory(plan=plan)
    for assignment in Assignment.objects.filter(task__plan=plan)[:count]:
        ProgressReportFactory(
            assignment=assignment,
            period=period,
            status=ProgressReport.Status.APPROVED,
            first_submitted_at=timezone.now(),
            submitted_at=timezone.now(),
            reviewed_at=timezone.now(),
            amount_spent=1000,
        )
    for _ in range(count // 3 + 1):
        CoverageCertificateFactory()
        invitation = InvitationFactory(conference=ConferenceFactory())
        ParticipantFactory(invitation=invitation)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_dashboard_queries_do_not_grow_with_data(client, leader):
    year = timezone.localdate().year
    units = [UnitFactory() for _ in range(4)]
    small = _plan(year, 9, units)  # one task in each list, so every prefetch runs
    _surroundings(small, 1)
    client.force_login(leader)
    client.get("/dashboard/")
    few = _queries(client, f"/dashboard/?plan={small.pk}")
    large = _plan(year, 120, units + [UnitFactory() for _ in range(6)])
    _surroundings(large, 30)
    assert _queries(client, f"/dashboard/?plan={large.pk}") == few


def test_buckets_match_the_task_list_behind_each_figure(client, leader):
    year = timezone.localdate().year
    plan = _plan(year, 30, [UnitFactory() for _ in range(3)])
    client.force_login(leader)
    response = client.get("/dashboard/", {"plan": plan.pk})
    totals = response.context["totals"].counts
    assert sum(totals[b] for b in ("done", "on_track", "at_risk", "late")) == totals["total"] == 30
    for bucket in ("done", "on_track", "at_risk", "late"):
        listed = client.get("/tasks/", {"plan": plan.pk, "bucket": bucket}).context["paginator"].count
        assert listed == totals[bucket], bucket
    late_link = f"/tasks/?plan={plan.pk}&amp;bucket=late"
    assert late_link in response.content.decode()


def test_year_figures_match_their_task_lists_leaving_out_drafts_and_other_years(client, leader):
    year = timezone.localdate().year
    units = [UnitFactory() for _ in range(2)]
    _plan(year, 12, units)
    last_year = _plan(year - 1, 5, units)
    last_year.status = last_year.Status.CLOSED  # a closed plan of an earlier year is not the year's work
    last_year.save()
    draft = _plan(year, 4, units)
    draft.status = draft.Status.DRAFT
    draft.save()
    client.force_login(leader)
    response = client.get("/dashboard/", {"year": year})
    totals = response.context["totals"].counts
    assert totals["total"] == 12
    for bucket in ("done", "on_track", "at_risk", "late"):
        link = f"/tasks/?year={year}&amp;plan_status=in_force&amp;bucket={bucket}"
        assert link in response.content.decode(), bucket
        listed = client.get("/tasks/", {"year": year, "plan_status": "in_force", "bucket": bucket})
        assert listed.context["paginator"].count == totals[bucket], bucket


def test_officer_sees_only_their_units_figures(client, make_user):
    year = timezone.localdate().year
    hai_phong, hanoi = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P34-HANOI")
    plan = PlanFactory(year=year)
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(objective=objective, lead=hai_phong, deadline=datetime.date(year, 12, 31))
    for _ in range(3):
        TaskFactory(objective=objective, lead=hanoi, deadline=datetime.date(year, 12, 31))
    client.force_login(make_user(User.Role.UNIT_OFFICER, hai_phong, username="hp"))
    response = client.get("/dashboard/", {"plan": plan.pk})
    assert response.context["totals"].total == 1
    assert [row.label for row in response.context["units"]] == [hai_phong.name_vi]


def test_every_dashboard_table_exports_to_excel(client, leader):
    demo.load()
    plan = _plan(timezone.localdate().year, 5, [UnitFactory()])
    client.force_login(leader)
    for table in ("objectives", "categories", "units", "late", "due_soon", "budget", "indicators"):
        response = client.get("/dashboard/", {"plan": plan.pk, "format": "xlsx", "table": table})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), table


def test_indicators_show_the_june_2024_figures_with_trend(client, leader):
    demo.load()
    demo.load()
    client.force_login(leader)
    html = client.get("/dashboard/").content.decode()
    assert "18,305" in html or "18,305" in html.replace(".", ",")
    assert "<polyline" in html
    assert "Người tham gia bảo hiểm xã hội" in html


def test_leadership_home_is_the_dashboard(client, leader):
    client.force_login(leader)
    assert client.get("/").url == "/dashboard/"


def test_planner_home_lists_plans_as_links_newest_year_first(client, planner):
    plans = [PlanFactory(year=year) for year in (2024, 2026, 2023, 2027)]
    for plan in plans:
        TaskFactory(objective=ObjectiveFactory(plan=plan))
    client.force_login(planner)
    response = client.get("/")
    assert [plan.year for plan in response.context["plans"]] == [2027, 2026, 2024, 2023]
    html = response.content.decode()
    links = [html.index(f'href="{plan.get_absolute_url()}"') for plan in sorted(plans, key=lambda p: -p.year)]
    assert links == sorted(links)


def test_spending_counts_each_units_latest_approved_report(client, leader):
    year = timezone.localdate().year
    task = TaskFactory(
        objective=ObjectiveFactory(plan=PlanFactory(year=year)),
        category=Task.Category.TRAINING,
        budget=5_000_000,
        deadline=datetime.date(year, 12, 31),
    )
    assignment = task.assignments.get()
    now = timezone.now()
    q1 = ReportingPeriodFactory(plan=task.plan)
    q2 = ReportingPeriodFactory(plan=task.plan, start=datetime.date(year, 4, 1), end=datetime.date(year, 6, 30))
    for period, spent, status in ((q1, 1_000_000, "approved"), (q2, 3_000_000, "approved")):
        ProgressReportFactory(
            assignment=assignment,
            period=period,
            status=status,
            first_submitted_at=now,
            submitted_at=now,
            reviewed_at=now,
            amount_spent=spent,
        )
    assignments_refresh_spending(assignments=Assignment.objects.filter(pk=assignment.pk))  # as report_approve does
    client.force_login(leader)
    budget = client.get("/dashboard/", {"plan": task.plan.pk}).context["budget"]
    assert budget == [
        {
            "category": "Đào tạo, bồi dưỡng",
            "funding": "Ngân sách nhà nước",
            "planned": 5_000_000,
            "spent": 3_000_000,
            "tasks": 1,
            "query": "category=training",
        }
    ]


def test_official_report_is_a_decree_30_word_document(client, leader, planner):
    from io import BytesIO

    from docx import Document

    plan = PlanFactory(year=2024, number="234/KH-BHXH", issue_date=datetime.date(2024, 1, 26))
    objective = ObjectiveFactory(plan=plan, text="Triển khai Hiệp định với Hàn Quốc")
    task = TaskFactory(objective=objective, title="Phổ biến Hiệp định", deadline=datetime.date(2024, 3, 31))
    late = TaskFactory(
        objective=objective,
        title="Trao đổi dữ liệu với NPS",
        deadline=datetime.date(2024, 2, 1),
        status=Task.Status.IN_PROGRESS,
        progress=40,
    )
    period = ReportingPeriodFactory(plan=plan, label="Quý I/2024")
    now = timezone.now()
    ProgressReportFactory(
        assignment=task.assignments.get(),
        period=period,
        status="approved",
        first_submitted_at=now,
        submitted_at=now,
        reviewed_at=now,
        results="Đã tổ chức 3 hội nghị phổ biến.",
        difficulties_and_proposals="Đề nghị bổ sung kinh phí dịch tài liệu.",
    )
    client.force_login(leader)
    response = client.get(
        "/dashboard/official-report/",
        {"period": period.pk, "number": "15/BC-BHXH", "date": "05/02/2024", "issuer": "Bảo hiểm xã hội Việt Nam"},
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = Document(BytesIO(response.content))
    heading = document.tables[0].rows[0].cells
    assert "BẢO HIỂM XÃ HỘI VIỆT NAM" in heading[0].text and "Số: 15/BC-BHXH" in heading[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading[1].text
    assert "Hà Nội, ngày 05 tháng 02 năm 2024" in heading[1].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kết quả thực hiện kế hoạch công tác đối ngoại quý I/2024" in text
    assert "1. Triển khai Hiệp định với Hàn Quốc" in text
    assert "Đã tổ chức 3 hội nghị phổ biến." in text
    assert f"{late.title}" in text.split("II. NHIỆM VỤ CHẬM TIẾN ĐỘ")[1]
    assert "Đề nghị bổ sung kinh phí dịch tài liệu." in text
    bad = client.get(
        "/dashboard/official-report/",
        {"period": period.pk, "number": "15/KH-BHXH", "date": "05/02/2024", "issuer": "BHXH"},
    )
    assert bad.status_code == 200 and "BC" in bad.content.decode()


def test_officers_cannot_generate_the_official_report(client, officer):
    client.force_login(officer)
    assert client.get("/dashboard/official-report/").status_code == 403


def test_date_line_has_leading_zeros_for_days_and_first_months():
    from core.docnumbers import date_line

    assert date_line(datetime.date(2024, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2024"
    assert date_line(datetime.date(2024, 7, 15)) == "Hà Nội, ngày 15 tháng 7 năm 2024"


def test_calendar_feed_lists_my_deadlines_only_and_is_valid_icalendar(client, make_user):
    year = timezone.localdate().year
    hai_phong, hanoi = Unit.objects.get(code="P34-HAIPHONG"), Unit.objects.get(code="P34-HANOI")
    plan = PlanFactory(year=year)
    objective = ObjectiveFactory(plan=plan)
    mine = TaskFactory(
        objective=objective,
        lead=hai_phong,
        title="Rà soát giấy chứng nhận sắp hết hạn",
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    TaskFactory(
        objective=objective,
        lead=hanoi,
        title="Việc của Hà Nội",
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    ReportingPeriodFactory(plan=plan, label="Quý IV", due_date=timezone.localdate() + datetime.timedelta(days=10))
    officer = make_user(User.Role.UNIT_OFFICER, hai_phong, username="hp-cal")
    client.force_login(officer)
    page = client.get("/dashboard/calendar/")
    url = page.context["feed_url"]
    client.logout()
    body = client.get(url).content
    text = body.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert f"SUMMARY:Hạn nhiệm vụ: {mine.title}" in unfolded
    assert "Việc của Hà Nội" not in unfolded
    mine.refresh_from_db()  # a deadline on a weekend is due the next working day (the feed's day)
    assert f"DTSTART;VALUE=DATE:{mine.effective_deadline:%Y%m%d}" in unfolded
    assert "Hạn báo cáo Quý IV" in unfolded
    client.force_login(officer)
    client.post("/dashboard/calendar/reset/")
    client.logout()
    assert client.get(url).status_code == 404


def test_year_scope_has_a_row_per_plan_and_a_plan_a_row_per_objective(client, leader):
    year = timezone.localdate().year
    units = [UnitFactory()]
    first, second = _plan(year, 6, units), _plan(year, 3, units)
    client.force_login(leader)
    response = client.get("/dashboard/", {"year": year})
    rows = {row.query: row.total for row in response.context["plans"]}
    assert rows[f"plan={first.pk}"] == 6 and rows[f"plan={second.pk}"] == 3
    assert "Theo kế hoạch" in response.content.decode()
    response = client.get("/dashboard/", {"plan": first.pk})
    assert [row.total for row in response.context["objectives"]] == [2, 2, 2]
    assert response.context["plans"] == []
    export = client.get("/dashboard/", {"year": year, "format": "xlsx", "table": "objectives"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.fixture
def figure_cache(settings):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


BODY = "dashboard/includes/body.html"


def _total(response) -> int:
    """The tasks of the forward view, read off the page (a cached body has no template context)."""
    return sum(int(count) for count in re.findall(r'data-testid="total-\w+">(\d+)<', response.content.decode()))


def _rendered(response) -> bool:
    return BODY in [template.name for template in response.templates]


def test_cached_figures_save_queries_and_a_change_shows_at_once(client, leader, figure_cache):
    plan = _plan(timezone.localdate().year, 6, [UnitFactory()])
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    cold = _queries(client, url)
    warm = _queries(client, url)
    assert warm < cold - 5
    cached = client.get(url)
    assert not _rendered(cached) and _total(cached) == 6  # the rendered figures come from the cache
    task = Task.objects.filter(plan=plan).first()
    task.status = Task.Status.CANCELLED
    task.save()
    fresh = client.get(url)
    assert _rendered(fresh) and _total(fresh) == 5


def test_cached_body_is_rendered_again_when_an_indicator_or_a_conference_changes(client, leader, figure_cache):
    from dashboard.models import Indicator

    plan = _plan(timezone.localdate().year, 3, [UnitFactory()])
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    client.get(url)
    assert not _rendered(client.get(url))
    Indicator.objects.create(code="participants", name_vi="Số người tham gia", name_en="Participants")
    changed = client.get(url)
    assert _rendered(changed) and "Số người tham gia" in changed.content.decode()
    assert not _rendered(client.get(url))
    ConferenceFactory()
    assert _rendered(client.get(url))


def test_cached_body_is_kept_per_audience_language_and_query(client, leader, officer, figure_cache, settings):
    year = timezone.localdate().year
    plan = _plan(year, 6, [officer.unit, UnitFactory()])
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    assert _total(client.get(url)) == 6
    assert not _rendered(client.get(url))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    in_english = client.get(url)
    assert _rendered(in_english) and "Forward view" in in_english.content.decode()
    other_query = client.get(f"{url}&year={year}")
    assert _rendered(other_query)
    client.force_login(officer)
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    own = client.get(url)
    assert _rendered(own)  # never the central copy
    assert _total(own) < 6


def test_dashboard_works_when_the_cache_is_unreachable(client, leader, figure_cache, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    plan = _plan(timezone.localdate().year, 3, [UnitFactory()])
    plan.kind, plan.status = plan.Kind.ANNUAL, plan.Status.ISSUED  # with a completeness table, kept per period
    plan.save()
    ReportingPeriodFactory(plan=plan, start=datetime.date(plan.year, 1, 1), end=datetime.date(plan.year, 3, 31))
    for method in ("get", "get_many", "set_many", "incr"):
        monkeypatch.setattr(cache, method, unreachable)
    client.force_login(leader)
    shown = client.get("/dashboard/", {"plan": plan.pk}).context
    assert shown["totals"].total == 3 and len(shown["completeness"].periods) == 1
    task = Task.objects.filter(plan=plan).first()
    task.progress = 50
    task.save()  # the generation cannot move on, and the save still succeeds


@pytest.fixture
def counted(monkeypatch):
    """How often the task figures are counted, and which periods' completeness columns (spies on both)."""
    from dashboard import figures, views

    calls = {"tasks": 0, "periods": []}
    by_category, completeness_columns = figures.by_category, views.completeness_columns

    def count_by_category(*args, **kwargs):
        calls["tasks"] += 1
        return by_category(*args, **kwargs)

    def count_columns(*args, periods, **kwargs):
        calls["periods"].append(sorted(period.pk for period in periods))
        return completeness_columns(*args, periods=periods, **kwargs)

    monkeypatch.setattr(figures, "by_category", count_by_category)
    monkeypatch.setattr(views, "completeness_columns", count_columns)
    return calls


def test_a_report_written_counts_only_its_periods_completeness_column_again(client, leader, figure_cache, counted):
    plan = _plan(timezone.localdate().year, 6, [UnitFactory()])
    plan.kind, plan.status = plan.Kind.ANNUAL, plan.Status.ISSUED
    plan.save()
    year = plan.year
    first = ReportingPeriodFactory(plan=plan, start=datetime.date(year, 1, 1), end=datetime.date(year, 3, 31))
    second = ReportingPeriodFactory(plan=plan, start=datetime.date(year, 4, 1), end=datetime.date(year, 6, 30))
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    client.get(url)
    assert counted == {"tasks": 1, "periods": [sorted([first.pk, second.pk])]}  # every column in one count
    assert not _rendered(client.get(url))
    submitted_report(Assignment.objects.filter(task__plan=plan).first(), second)
    fresh = client.get(url)
    assert _rendered(fresh)  # the page shows the new report at once ...
    assert fresh.context["completeness"].total.submitted == 1
    assert [column.submitted for column in fresh.context["completeness"].totals] == [0, 1]
    assert counted == {"tasks": 1, "periods": [sorted([first.pk, second.pk]), [second.pk]]}  # ... its period alone,
    shown = {template.name for template in fresh.templates}
    assert "reports/includes/completeness_table.html" in shown and "dashboard/includes/summary.html" in shown
    assert "dashboard/includes/standing.html" not in shown  # and the task tables rendered as they were
    Task.objects.filter(plan=plan).first().save()
    client.get(url)
    assert counted["tasks"] == 2 and counted["periods"][-1] == sorted([first.pk, second.pk])  # a task saved: all


def test_a_report_on_a_plan_not_shown_renders_nothing_again(client, leader, figure_cache, counted):
    year = timezone.localdate().year
    shown, other = (_plan(year, 3, [UnitFactory()]) for _ in range(2))
    ReportingPeriodFactory(plan=shown, start=datetime.date(year, 1, 1), end=datetime.date(year, 3, 31))
    elsewhere = ReportingPeriodFactory(plan=other, start=datetime.date(year, 1, 1), end=datetime.date(year, 3, 31))
    client.force_login(leader)
    url = f"/dashboard/?plan={shown.pk}"
    client.get(url)
    submitted_report(Assignment.objects.filter(task__plan=other).first(), elsewhere)
    again = client.get(url)
    shown_templates = {template.name for template in again.templates}
    assert "dashboard/includes/summary.html" in shown_templates  # the body put together again from its parts ...
    assert "reports/includes/completeness_table.html" not in shown_templates  # ... every one of them kept
    assert counted == {"tasks": 1, "periods": [[ReportingPeriod.objects.get(plan=shown).pk]]}
    assert again.context["completeness"].total.submitted == 0


def test_a_draft_saved_again_counts_nothing_again_and_its_submission_its_column(client, leader, make_user,
                                                                               figure_cache, counted):
    year = timezone.localdate().year
    plan = _plan(year, 3, [UnitFactory()])
    period = ReportingPeriodFactory(plan=plan, start=datetime.date(year, 1, 1), end=datetime.date(year, 3, 31))
    assignment = Assignment.objects.filter(task__plan=plan).first()
    officer = make_user(User.Role.UNIT_OFFICER, assignment.unit, username="drafter")
    report = report_save_draft(by=officer, changes={"results": "Bản nháp"}, assignment=assignment, period=period)
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    client.get(url)
    report = report_save_draft(by=officer, changes={"results": "Bản nháp, sửa lại"}, report=report,
                               expected_version=report.lock_version)
    client.get(url)
    assert counted["periods"] == [[period.pk]]  # the text of a draft counts for nothing: nothing counted again
    report_submit(report=report, by=officer, expected_version=report.lock_version)
    fresh = client.get(url)
    assert counted["periods"] == [[period.pk], [period.pk]]  # submitted: its column counted again
    assert fresh.context["completeness"].total.submitted == 1


def test_spending_refreshed_by_an_update_counts_the_task_figures_again(client, leader, figure_cache, counted):
    plan = _plan(timezone.localdate().year, 3, [UnitFactory()])
    client.force_login(leader)
    url = f"/dashboard/?plan={plan.pk}"
    client.get(url)
    client.get(url)
    assert counted["tasks"] == 1
    assignments_refresh_spending(assignments=Assignment.objects.filter(task__plan=plan))  # an UPDATE, no save signal
    client.get(url)
    assert counted["tasks"] == 2


def test_a_figures_part_names_known_groups_and_renders_plainly_outside_the_body():
    from django.template import Context, Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load dashboard_tables %}{% figures_part "x" "nope" %}{% endfigures_part %}')
    part = Template('{% load dashboard_tables %}{% figures_part "x" "work" %}{{ n }}{% endfigures_part %}')
    assert part.render(Context({"n": 1})) == "1" and part.render(Context({"n": 2})) == "2"  # no figures_key: no cache
