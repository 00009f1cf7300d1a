from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, Q, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.documents import serve_file
from core.exports import export_response
from core.forms import add_service_errors, error_messages
from core.locking import EditConflict

from . import services
from .access import (
    MANAGE,
    get_assignment_for_user,
    get_objective_for_user,
    get_plan_for_user,
    get_task_for_user,
    may_hand_down,
    may_see_orphaned_work,
    unit_colleagues,
)
from .carriers import carried, carried_elsewhere
from .deadline_sections import deadline_context
from .exports import PLANS_EXPORT, TASKS_EXPORT
from .forms import (
    AmendmentIssueForm,
    HandDownForm,
    ObjectiveForm,
    OrphanedWorkFilterForm,
    PlanForm,
    TaskForm,
    TaskImportForm,
    plan_list_filter,
    task_list_filter,
)
from .history import plan_history_entries, task_history_entries
from .imports import import_template, read_import
from .models import Assignment, Plan, Task, late_tasks, today
from .sections import task_markers, task_sections
from .versions import diff_snapshots, plan_snapshot


def _run_action(request, action, success_message: str, **kwargs):
    """Run a plan/task service for a POST action; its ValidationError becomes a message."""
    try:
        result = action(by=request.user, **kwargs)
    except ValidationError as exc:
        error_messages(request, exc)
        return None
    messages.success(request, success_message)
    return result


# --- Plans ------------------------------------------------------------------------------------


class PlanListView(ListView):
    template_name = "plans/plan_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form, plans = plan_list_filter(self.request.user, self.request.GET)
        return plans

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return export_response(request, PLANS_EXPORT.kind, self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=Plan.Status.choices, filter_form=self.filter_form, **kwargs)


def plan_create(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": today().year, "issuing_unit": request.user.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            plan = services.plan_create(by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft plan was created. Now add its objectives and tasks."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form})


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    if not plan.is_editable:
        messages.error(request, _("This plan is issued and locked. Start an amendment to change it."))
        return redirect(plan)
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            plan = services.plan_update(
                plan=plan, expected_version=form.cleaned_data["lock_version"] or 0, changes=changes, by=request.user
            )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "conflict": conflict})


def _objective_pages(counts: list[int], size: int) -> list[range]:
    """Consecutive objectives per page, whole objectives only, up to `size` tasks a page (an objective
    with more tasks than that has a page of its own)."""
    pages, start, filled = [], 0, 0
    for index, count in enumerate(counts):
        if index > start and filled + count > size:
            pages.append(range(start, index))
            start, filled = index, 0
        filled += count
    if counts:
        pages.append(range(start, len(counts)))
    return pages


def plan_detail(request, pk):
    """The plan with its objectives and their tasks. A large plan is shown a few whole objectives at a time
    (PLAN_PAGE_TASKS tasks a page), so the page's cost follows what it shows; every objective is listed in
    the contents with a link to its page."""
    plan = get_plan_for_user(request.user, pk)
    stats = Plan.objects.filter(pk=plan.pk).with_progress().values("task_count", "mean_progress", "late_count").get()
    live = ~Q(tasks__status=Task.Status.CANCELLED)
    tasks = Task.objects.visible_to(request.user).filter(plan=plan)
    visible = dict(tasks.order_by().values_list("objective_id").annotate(n=Count("pk")))
    objectives = list(
        plan.objectives.order_by("position", "pk")
        .annotate(
            task_count=Count("tasks", filter=live),
            mean_progress=Coalesce(Avg("tasks__progress", filter=live), Value(0.0)),
            late_count=Count("tasks", filter=late_tasks("tasks__")),
        )
    )
    pages = _objective_pages([visible.get(objective.pk, 0) for objective in objectives], settings.PLAN_PAGE_TASKS)
    page_obj = Paginator(pages, 1).get_page(request.GET.get("page"))  # one page of objectives a page
    for number, page in enumerate(pages, 1):
        for index in page:
            objectives[index].number, objectives[index].page, objectives[index].visible_tasks = index + 1, number, []
    shown = [objectives[index] for index in page_obj.object_list[0]] if pages else []
    by_pk = {objective.pk: objective for objective in shown}
    for task in tasks.filter(objective__in=list(by_pk)).with_units().order_by("position", "pk"):
        by_pk[task.objective_id].visible_tasks.append(task)
    versions = list(plan.versions.select_related("issued_by").order_by("number"))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "stats": stats,
            "objectives": shown,
            "all_objectives": objectives,
            "page_obj": page_obj,
            "versions": versions,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@require_POST
def plan_issue(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    issued = _run_action(request, services.plan_issue, _("The plan was issued and is now locked."), plan=plan)
    for note in issued.issue_notes if issued else []:
        messages.info(request, note)
    return redirect(plan)


@require_POST
def plan_amend(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    _run_action(
        request,
        services.plan_amend_start,
        _("Amendment started: change objectives and tasks, then issue the amendment."),
        plan=plan,
    )
    return redirect(plan)


def plan_amend_issue(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    form = AmendmentIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_amend_issue(plan=plan, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The amendment was issued."))
            return redirect(plan)
    pending = []
    last = plan.versions.order_by("-number").first()
    if last:
        pending = diff_snapshots(last.snapshot, plan_snapshot(plan))
    return render(request, "plans/plan_amend_issue.html", {"plan": plan, "form": form, "changes": pending})


@require_POST
def plan_close(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    _run_action(request, services.plan_close, _("The plan was closed."), plan=plan)
    return redirect(plan)


@require_POST
def plan_discard(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    if _run_action(request, services.plan_discard, _("The draft was discarded. It stays in the history."), plan=plan):
        return redirect("plans:plan_list")
    return redirect(plan)


@require_POST
def plan_copy(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    copy = _run_action(
        request, services.plan_copy_to_next_year, _("A draft for the next year was created from this plan."), plan=plan
    )
    return redirect(copy or plan)


def plan_changes(request, pk):
    """What changed between two issued versions (default: the last two), or since the last one."""
    plan = get_plan_for_user(request.user, pk)
    versions = {v.number: v for v in plan.versions.select_related("issued_by")}
    if not versions:
        raise Http404
    numbers = sorted(versions)

    def pick(name, default):
        try:
            value = int(request.GET.get(name, default))
        except (TypeError, ValueError):
            value = default
        return value if value in versions or value == 0 else default

    newest = numbers[-1]
    to_number = pick("to", newest)
    from_number = pick("from", numbers[-2] if len(numbers) > 1 else newest)
    old = versions.get(from_number) or versions[numbers[0]]
    new_snapshot = versions[to_number].snapshot if to_number else plan_snapshot(plan)
    return render(
        request,
        "plans/plan_changes.html",
        {
            "plan": plan,
            "versions": [versions[n] for n in numbers],
            "old": old,
            "new": versions.get(to_number),
            "to_number": to_number,
            "changes": diff_snapshots(old.snapshot, new_snapshot),
        },
    )


def plan_history(request, pk):
    plan = get_plan_for_user(request.user, pk)
    return render(request, "plans/plan_history.html", {"plan": plan, "entries": plan_history_entries(plan)})


def plan_document(request, pk):
    plan = get_plan_for_user(request.user, pk)
    if not plan.signed_document:
        raise Http404
    return serve_file(plan.signed_document, filename=f"{plan.number or plan.pk}.pdf", content_type="application/pdf")


# --- Objectives -----------------------------------------------------------------------------


def objective_create(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    form = ObjectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(plan=plan, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The objective was added."))
            return redirect(plan)
    return render(request, "plans/objective_form.html", {"form": form, "plan": plan})


def objective_edit(request, pk):
    objective = get_objective_for_user(request.user, pk, to_edit=True)
    form = ObjectiveForm(request.POST or None, instance=objective)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                objective=objective,
                expected_version=form.cleaned_data["lock_version"] or 0,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The objective was saved."))
            return redirect(objective.plan)
    return render(
        request,
        "plans/objective_form.html",
        {"form": form, "plan": objective.plan, "objective": objective, "conflict": conflict},
    )


@require_POST
def objective_move(request, pk):
    objective = get_objective_for_user(request.user, pk, to_edit=True)
    try:
        services.objective_move(objective=objective, up=request.POST.get("direction") == "up", by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    return redirect(f"{objective.plan.get_absolute_url()}#objective-{objective.pk}")


# --- Tasks ------------------------------------------------------------------------------------


class TaskListView(ListView):
    template_name = "plans/task_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form, tasks = task_list_filter(self.request.user, self.request.GET)
        return tasks

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return export_response(request, TASKS_EXPORT.kind, self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context.update(filter_form=self.filter_form, querystring=query.urlencode())
        task_markers(self.request, context["page_obj"])
        return context


def task_detail(request, pk):
    task = get_task_for_user(request.user, pk)
    task = (
        Task.objects.filter(pk=task.pk)
        .select_related("plan", "objective")
        .with_units()
        .prefetch_related("partners")
        .get()
    )
    hand_down = [
        (assignment, HandDownForm(officers=unit_colleagues(request.user), prefix=f"a{assignment.pk}"))
        for assignment in task.current_assignments
        if may_hand_down(request.user, assignment)
    ]
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "carried": carried_elsewhere(task),
            "history": task_history_entries(task),
            "can_manage": request.user.has_perm(MANAGE),
            **deadline_context(request.user, task),
            "sections": task_sections(request, task),
            "hand_down": hand_down,
            "handed_down": [assignment for assignment in task.current_assignments if assignment.executing_officer_id],
        },
    )


class OrphanedWorkView(ListView):
    """Open work that reaches nobody: live assignments whose unit, after succession, has ended with no
    heir or has no active focal officer (`Assignment.objects.orphaned`). For central planners and administrators."""

    template_name = "plans/orphaned_work.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not may_see_orphaned_work(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.filter_form = OrphanedWorkFilterForm(self.request.GET)
        return self.filter_form.results(Assignment.objects.orphaned().select_related("task__plan", "unit"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**context, "rows": carried(context["page_obj"].object_list), "querystring": query.urlencode()}
@require_POST
def assignment_hand_down(request, pk):
    assignment = get_assignment_for_user(request.user, pk, to_hand_down=True)
    form = HandDownForm(request.POST, officers=unit_colleagues(request.user), prefix=f"a{assignment.pk}")
    if not form.is_valid():
        error_messages(request, ValidationError(form.errors["officer"]))
    else:
        officer = form.cleaned_data["officer"]
        _run_action(
            request, services.assignment_hand_down, _("The work was handed down to %(officer)s.") % {"officer": officer},
            assignment=assignment, officer=officer,
        )
    return redirect(f"{assignment.task.get_absolute_url()}#executing-officers")


@require_POST
def assignment_take_back(request, pk):
    assignment = get_assignment_for_user(request.user, pk, to_hand_down=True)
    _run_action(request, services.assignment_take_back, _("The work was taken back."), assignment=assignment)
    return redirect(f"{assignment.task.get_absolute_url()}#executing-officers")


def _task_form_view(request, plan, task=None):
    initial = {}
    if task is None and request.GET.get("objective"):
        initial["objective"] = request.GET["objective"]
    form = TaskForm(request.POST or None, instance=task, plan=plan, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in services.TASK_FIELDS}
        units = {
            "lead_unit": form.cleaned_data["lead_unit"],
            "coordinating_units": list(form.cleaned_data["coordinating_units"]),
            "partners": list(form.cleaned_data["partners"]),
        }
        try:
            if task is None:
                task = services.task_create(plan=plan, data=data, by=request.user, **units)
            else:
                task = services.task_update(
                    task=task,
                    expected_version=form.cleaned_data["lock_version"] or 0,
                    data=data,
                    by=request.user,
                    **units,
                )
        except EditConflict as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task was saved."))
            return redirect(task)
    return render(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task, "conflict": conflict})


def task_create(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    if not plan.is_editable:
        messages.error(request, _("This plan is issued and locked. Start an amendment to change it."))
        return redirect(plan)
    if not plan.objectives.exists():
        messages.error(request, _("Add an objective first: every task belongs to one."))
        return redirect(plan)
    return _task_form_view(request, plan)


def task_edit(request, pk):
    task = get_task_for_user(request.user, pk, to_edit=True)
    if not task.plan.is_editable:
        messages.error(request, _("This plan is issued and locked. Start an amendment to change it."))
        return redirect(task)
    return _task_form_view(request, task.plan, task)


@require_POST
def task_cancel(request, pk):
    task = get_task_for_user(request.user, pk, to_edit=True)
    _run_action(request, services.task_cancel, _("The task was cancelled. It stays in the plan's history."), task=task)
    return redirect(task)


def task_import(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    form = TaskImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        rows, errors = read_import(plan, form.cleaned_data["file"])
        if not errors:
            try:
                created = services.tasks_import(plan=plan, rows=rows, by=request.user)
            except ValidationError as exc:
                errors = [(0, message) for message in exc.messages]
            else:
                messages.success(request, _("%(count)s tasks were imported.") % {"count": len(created)})
                return redirect(plan)
    return render(request, "plans/task_import.html", {"plan": plan, "form": form, "errors": errors})


def task_import_template(request, pk):
    plan = get_plan_for_user(request.user, pk, to_edit=True)
    return import_template(plan)
