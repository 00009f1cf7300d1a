import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from accounts.models import Unit, User
from accounts.tests.factories import UnitFactory
from plans.models import Plan, Task
from plans.tests.factories import ObjectiveFactory, PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _plan_with_tasks(count, units):
    plan = PlanFactory(year=2024)
    objectives = [ObjectiveFactory(plan=plan), ObjectiveFactory(plan=plan)]
    for n in range(count):
        TaskFactory(objective=objectives[n % 2], lead=units[n % len(units)], coordinating=[units[(n + 1) % len(units)]])
    return plan


def test_plan_page_queries_do_not_grow_with_tasks(client, planner):
    units = [UnitFactory() for _ in range(5)]
    small, large = _plan_with_tasks(1, units), _plan_with_tasks(200, units)
    client.force_login(planner)
    client.get(small.get_absolute_url())
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


def test_task_list_queries_do_not_grow_with_tasks(client, planner):
    units = [UnitFactory() for _ in range(5)]
    small = _plan_with_tasks(1, units)
    client.force_login(planner)
    client.get("/tasks/")
    one = _queries(client, f"/tasks/?plan={small.pk}")
    large = _plan_with_tasks(200, units)
    assert _queries(client, f"/tasks/?plan={large.pk}") == one
    assert _queries(client, "/tasks/?overdue=on&sort=-progress") == _queries(client, "/tasks/?overdue=on&sort=-progress&q=nhiem")


def test_plan_list_queries_do_not_grow_with_plans(client, leader):
    units = [UnitFactory() for _ in range(3)]
    _plan_with_tasks(1, units)
    client.force_login(leader)
    client.get("/plans/")
    one = _queries(client, "/plans/")
    for _ in range(10):
        _plan_with_tasks(3, units)
    assert _queries(client, "/plans/") == one


def test_officer_sees_exactly_their_units_tasks(client, make_user):
    hai_duong, hanoi = Unit.objects.get(code="P63-HAIDUONG"), Unit.objects.get(code="P63-HANOI")
    plan = PlanFactory(year=2024)
    objective = ObjectiveFactory(plan=plan)
    lead_task = TaskFactory(objective=objective, lead=hai_duong)
    coordinating_task = TaskFactory(objective=objective, lead=hanoi, coordinating=[hai_duong])
    hanoi_task = TaskFactory(objective=objective, lead=hanoi)
    officer = make_user(User.Role.UNIT_OFFICER, hai_duong, username="hd-officer")
    client.force_login(officer)
    listed = set(client.get("/tasks/").context["paginator"].object_list.values_list("pk", flat=True))
    assert listed == {lead_task.pk, coordinating_task.pk}
    assert client.get(hanoi_task.get_absolute_url()).status_code == 404
    assert client.get(lead_task.get_absolute_url()).status_code == 200
    assert client.get(f"/tasks/?format=xlsx&plan={plan.pk}").status_code == 200
    book = load_workbook(BytesIO(client.get("/tasks/?format=xlsx").getvalue()))
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {lead_task.title, coordinating_task.title}


def test_successor_officer_sees_predecessor_work(client, make_user):
    plan = PlanFactory(year=2024)
    task = TaskFactory(objective=ObjectiveFactory(plan=plan), lead=Unit.objects.get(code="P63-HAIDUONG"))
    officer = make_user(User.Role.UNIT_OFFICER, Unit.objects.get(code="P34-HAIPHONG"), username="hp-officer")
    client.force_login(officer)
    assert client.get(task.get_absolute_url()).status_code == 200


def test_officer_does_not_see_draft_plans(client, officer, unit):
    draft = PlanFactory(status=Plan.Status.DRAFT)
    TaskFactory(objective=ObjectiveFactory(plan=draft), lead=unit)
    client.force_login(officer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/tasks/").context["paginator"].count == 0


def test_search_ignores_diacritics(client, leader):
    plan = PlanFactory()
    objective = ObjectiveFactory(plan=plan)
    korea = TaskFactory(objective=objective, title="Triển khai Hiệp định với Hàn Quốc")
    TaskFactory(objective=objective, title="Đoàn ra Lào")
    client.force_login(leader)
    found = list(client.get("/tasks/", {"q": "han quoc"}).context["page_obj"])
    assert found == [korea]


def test_filters_by_unit_status_deadline_and_overdue(client, leader):
    unit = UnitFactory()
    plan = PlanFactory(year=2024)
    objective = ObjectiveFactory(plan=plan)
    late = TaskFactory(objective=objective, lead=unit, deadline=datetime.date(2024, 3, 1), status=Task.Status.IN_PROGRESS)
    TaskFactory(objective=objective, deadline=datetime.date(2024, 3, 1), status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, coordinating=[unit], deadline=datetime.date(2024, 9, 1))
    client.force_login(leader)

    def titles(**params):
        return {t.title for t in client.get("/tasks/", params).context["page_obj"]}

    assert titles(overdue="on", plan=plan.pk) >= {late.title}
    assert len(titles(unit=unit.pk)) == 2
    assert titles(lead=unit.pk) == {late.title}
    assert titles(deadline_from="01/08/2024", deadline_to="30/09/2024", plan=plan.pk) == {
        Task.objects.get(deadline=datetime.date(2024, 9, 1)).title
    }
    response = client.get("/tasks/", {"deadline_from": "30/09/2024", "deadline_to": "01/08/2024"})
    assert response.status_code == 200 and response.context["filter_form"].errors


def test_export_has_vietnamese_headers_and_real_dates(client, leader):
    task = TaskFactory(deadline=datetime.date(2024, 7, 16))
    client.force_login(leader)
    response = client.get("/tasks/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.getvalue())).active
    headers = [c.value for c in sheet[1]]
    assert headers[2] == "Nhiệm vụ" and headers[9] == "Thời hạn"
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[2] == task.title)
    assert row[9].date() == datetime.date(2024, 7, 16)


def _workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["objective", "title", "category", "content", "result", "lead", "coordinating", "start", "deadline", "budget", "funding"]
    )
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("tasks.xlsx", buffer.getvalue())


def test_import_reports_each_bad_row_and_saves_nothing(client, planner):
    plan = Plan.objects.create(year=2026, title="Nháp", issuing_unit=Unit.objects.get(code="VSS"), created_by=planner)
    ObjectiveFactory(plan=plan, position=1)
    client.force_login(planner)
    upload = _workbook(
        [
            [
                1,
                "Đoàn ra ISSA",
                "Đoàn ra",
                "",
                "",
                "P34-HANOI",
                "P34-HAIPHONG",
                "01/03/2026",
                "30/06/2026",
                1000,
                "Ngân sách nhà nước",
            ],
            [7, "Sai mục tiêu", "Đoàn ra", "", "", "P34-HANOI", "", "01/03/2026", "30/06/2026", 0, ""],
            [1, "Đơn vị đã giải thể", "", "", "", "P63-HAIDUONG", "", "", "31/02/2026", -5, ""],
        ]
    )
    response = client.post(f"/plans/{plan.pk}/tasks/import/", {"file": upload})
    assert response.status_code == 200
    errors = dict(response.context["errors"])
    assert set(errors) == {3, 4}
    assert "7" in errors[3]
    assert "P63-HAIDUONG" in errors[4] and "31/02/2026" in errors[4] and "nguyên đồng" in errors[4]
    assert not plan.tasks.exists()


def test_import_of_valid_rows_creates_tasks_with_units(client, planner):
    plan = Plan.objects.create(year=2026, title="Nháp", issuing_unit=Unit.objects.get(code="VSS"), created_by=planner)
    ObjectiveFactory(plan=plan, position=1)
    client.force_login(planner)
    template = client.get(f"/plans/{plan.pk}/tasks/import/template.xlsx")
    book = load_workbook(BytesIO(template.getvalue()))
    assert book.worksheets[1].max_row > 30
    tasks_sheet = book.worksheets[0]
    assert tasks_sheet["B1"].font.b and tasks_sheet["H2"].value == "01/03/2026"
    sources = sorted(str(v.formula1) for v in tasks_sheet.data_validations.dataValidation)
    lists, last_category, last_funding = book.worksheets[1].title, len(Task.Category.choices) + 1, len(Task.Funding.choices) + 1
    assert sources == [f"'{lists}'!$A$2:$A${last_category}", f"'{lists}'!$B$2:$B${last_funding}"]
    upload = _workbook(
        [
            [
                1,
                "Đoàn ra ISSA",
                "Đoàn ra",
                "",
                "",
                "P34-HANOI",
                "P34-HAIPHONG; TPT-25",
                "01/03/2026",
                "30/06/2026",
                1000,
                "Ngân sách nhà nước",
            ],
            [
                1,
                "Thông tin đối ngoại",
                "information",
                "",
                "",
                "VP-25",
                "",
                datetime.date(2026, 4, 1),
                datetime.date(2026, 9, 30),
                None,
                "partner",
            ],
        ]
    )
    response = client.post(f"/plans/{plan.pk}/tasks/import/", {"file": upload})
    assert response.status_code == 302
    task = plan.tasks.get(title="Đoàn ra ISSA")
    assert task.category == Task.Category.OUTBOUND and task.deadline == datetime.date(2026, 6, 30)
    assert {(a.unit.code, a.role) for a in task.assignments.all()} == {
        ("P34-HANOI", "lead"),
        ("P34-HAIPHONG", "coordinating"),
        ("TPT-25", "coordinating"),
    }
    assert plan.tasks.get(title="Thông tin đối ngoại").funding_source == Task.Funding.PARTNER


def test_task_form_errors_are_vietnamese_and_keep_values(client, planner):
    plan = Plan.objects.create(year=2026, title="Nháp", issuing_unit=Unit.objects.get(code="VSS"), created_by=planner)
    objective = ObjectiveFactory(plan=plan)
    hanoi = Unit.objects.get(code="P34-HANOI")
    client.force_login(planner)
    response = client.post(
        f"/plans/{plan.pk}/tasks/new/",
        {
            "objective": objective.pk,
            "title": "Nhiệm vụ thử",
            "category": "other",
            "start_date": "10/05/2026",
            "deadline": "01/05/2026",
            "funding_source": "state",
            "status": "not_started",
            "progress": "0",
            "lead_unit": hanoi.pk,
            "coordinating_units": [hanoi.pk],
            "budget": "-1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị chủ trì không thể đồng thời là đơn vị phối hợp" in html
    assert 'value="Nhiệm vụ thử"' in html and 'value="10/05/2026"' in html
    assert not plan.tasks.exists()


def test_edit_conflict_shows_the_other_change(client, planner, make_user):
    plan = Plan.objects.create(year=2026, title="Nháp", issuing_unit=Unit.objects.get(code="VSS"), created_by=planner)
    task = TaskFactory(
        objective=ObjectiveFactory(plan=plan),
        lead=Unit.objects.get(code="P34-HANOI"),
        start_date=datetime.date(2026, 1, 5),
        deadline=datetime.date(2026, 6, 1),
    )
    other = make_user(User.Role.CENTRAL_PLANNER, username="second-planner")
    form = {
        "objective": task.objective_id,
        "category": "other",
        "start_date": "05/01/2026",
        "deadline": "01/06/2026",
        "funding_source": "state",
        "status": "not_started",
        "progress": "0",
        "lead_unit": task.assignments.get().unit_id,
        "lock_version": task.lock_version,
    }
    client.force_login(other)
    assert client.post(f"/tasks/{task.pk}/edit/", {**form, "title": "Sửa bởi người thứ hai"}).status_code == 302
    client.force_login(planner)
    response = client.post(f"/tasks/{task.pk}/edit/", {**form, "title": "Sửa bởi người thứ nhất"})
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    assert f"{other} đã lưu bản ghi này lúc" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Sửa bởi người thứ hai"


def test_issued_plan_cannot_be_edited_without_amendment(client, planner):
    task = TaskFactory()
    client.force_login(planner)
    response = client.get(f"/tasks/{task.pk}/edit/", follow=True)
    assert "Kế hoạch này đã ban hành và bị khóa" in response.content.decode()
    assert response.redirect_chain[-1][0] == task.get_absolute_url()


def test_plan_detail_rolls_up_progress_and_marks_late(client, leader):
    plan = PlanFactory(year=2024)
    objective = ObjectiveFactory(plan=plan)
    TaskFactory(objective=objective, progress=100, status=Task.Status.DONE)
    TaskFactory(objective=objective, progress=50, status=Task.Status.IN_PROGRESS, deadline=datetime.date(2024, 3, 1))
    TaskFactory(objective=objective, status=Task.Status.CANCELLED)
    client.force_login(leader)
    response = client.get(plan.get_absolute_url())
    rolled = list(response.context["objectives"])[0]
    assert rolled.mean_progress == 75 and rolled.late_count == 1 and rolled.task_count == 2
    assert response.context["stats"]["late_count"] == 1
    assert "is-late" in response.content.decode()


def test_open_status_filter_lists_tasks_not_done_nor_cancelled(client, leader):
    objective = ObjectiveFactory(plan=PlanFactory())
    open_task = TaskFactory(objective=objective, status=Task.Status.IN_PROGRESS)
    not_started = TaskFactory(objective=objective)
    TaskFactory(objective=objective, status=Task.Status.DONE, progress=100)
    TaskFactory(objective=objective, status=Task.Status.CANCELLED)
    client.force_login(leader)
    listed = set(client.get("/tasks/", {"status": "open"}).context["paginator"].object_list)
    assert listed == {open_task, not_started}


@pytest.mark.django_db
def test_task_filter_lists_objectives_of_the_chosen_plan_only(client, planner):
    from plans.tests.factories import ObjectiveFactory, PlanFactory

    chosen, other = PlanFactory(), PlanFactory()
    mine, theirs = ObjectiveFactory(plan=chosen), ObjectiveFactory(plan=other)
    client.force_login(planner)
    form = client.get("/tasks/").context["filter_form"]
    assert list(form.fields["objective"].queryset) == []
    form = client.get("/tasks/", {"plan": chosen.pk}).context["filter_form"]
    assert list(form.fields["objective"].queryset) == [mine]
    response = client.get("/tasks/", {"objective": theirs.pk})  # a dashboard link without the plan
    assert list(response.context["filter_form"].fields["objective"].queryset) == [theirs]
    assert client.get("/tasks/", {"plan": "x", "objective": "y"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=%00&format=xlsx", "status=nope", "q=" + "x" * 300])
def test_plan_list_bad_query_string_is_a_form_error_not_a_500(client, planner, query):
    client.force_login(planner)
    response = client.get(f"/plans/?{query}")
    assert response.status_code == 200
    if "format=xlsx" not in query:
        assert response.context["filter_form"].errors
        assert not response.context["page_obj"].object_list


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "plan=abc", "deadline_from=31/02/2024", "status=nope"])
def test_task_list_bad_query_string_is_a_form_error_over_an_empty_list(client, planner, query):
    TaskFactory()
    client.force_login(planner)
    response = client.get(f"/tasks/?{query}")
    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert not response.context["page_obj"].object_list
    assert client.get(f"/tasks/?{query}&format=xlsx").status_code == 200


@pytest.mark.django_db
def test_plan_signed_document_is_checked_by_content(client, planner):
    plan = PlanFactory(status=Plan.Status.DRAFT, created_by=planner)
    client.force_login(planner)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00" + b"\0" * 64, content_type="application/pdf")
    data = {
        "kind": plan.kind, "year": plan.year, "number": "", "issue_date": "", "title": plan.title,
        "issuing_unit": plan.issuing_unit_id, "general_goal": "", "signed_document": fake, "lock_version": plan.lock_version,
    }
    response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["signed_document"]
    plan.refresh_from_db()
    assert not plan.signed_document


@pytest.mark.django_db
def test_plan_signed_document_missing_from_storage_is_a_404(client, planner):
    from django.core.files.base import ContentFile

    plan = PlanFactory()
    plan.signed_document.save("signed.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    client.force_login(planner)
    response = client.get(f"/plans/{plan.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    plan.signed_document.storage.delete(plan.signed_document.name)
    assert client.get(f"/plans/{plan.pk}/document/").status_code == 404


def _plan_of(objectives: list[int]) -> Plan:
    plan = PlanFactory(year=2024)
    for count in objectives:
        objective = ObjectiveFactory(plan=plan)
        for _ in range(count):
            TaskFactory(objective=objective)
    return plan


def test_large_plan_is_shown_whole_objectives_a_page_at_a_time(client, leader, settings):
    settings.PLAN_PAGE_TASKS = 4
    plan = _plan_of([3, 2, 2])
    first, second, third = plan.objectives.order_by("position", "pk")
    client.force_login(leader)

    page = client.get(plan.get_absolute_url())
    later = client.get(plan.get_absolute_url(), {"page": 2})

    assert [o.pk for o in page.context["objectives"]] == [first.pk]
    assert [len(o.visible_tasks) for o in page.context["objectives"]] == [3]
    assert [(o.pk, o.number) for o in later.context["objectives"]] == [(second.pk, 2), (third.pk, 3)]
    html = page.content.decode()
    assert 'data-testid="plan-contents"' in html and "Trang 1/2" in html
    assert "Kế hoạch có 7 nhiệm vụ, hiển thị từng nhóm mục tiêu:" in html
    assert f'href="?page=2#objective-{third.pk}"' in html and f'href="?page=1#objective-{first.pk}"' in html
    assert f"2. {second.text}" in later.content.decode()
    assert [o.pk for o in client.get(plan.get_absolute_url(), {"page": 99}).context["objectives"]] == [second.pk, third.pk]
    assert [o.pk for o in client.get(plan.get_absolute_url(), {"page": "x"}).context["objectives"]] == [first.pk]


def test_small_plan_has_one_page_and_no_contents(client, leader):
    plan = _plan_of([2, 0, 1])
    client.force_login(leader)
    response = client.get(plan.get_absolute_url())
    assert [len(o.visible_tasks) for o in response.context["objectives"]] == [2, 0, 1]
    assert 'data-testid="plan-contents"' not in response.content.decode()


def test_plan_page_queries_do_not_grow_with_its_tasks(client, leader, settings):
    settings.PLAN_PAGE_TASKS = 10
    small, large = _plan_of([1, 1]), _plan_of([8, 8, 8])
    client.force_login(leader)
    counts = []
    for plan in (small, large):
        client.get(plan.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(plan.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
