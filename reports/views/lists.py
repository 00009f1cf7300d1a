"""The report list — a unit officer's work list, or central staff's review queue — and the
completeness table. Query strings are read through forms: a bad value is a form error above an
empty list, never a 500."""

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.calendar import WorkingCalendar
from core.exports import export_response
from plans.models import Plan

from ..completeness import completeness_table
from ..exports import REVIEW_QUEUE_EXPORT, WORK_LIST_EXPORT, completeness_workbook
from ..forms import CompletenessFilterForm, WorkFilterForm, review_queue_filter
from ..models import may_review_reports
from ..worklist import recently_reviewed, review_groups, work_items

PAGE_SIZE = 50


class OnePassPaginator(Paginator):
    """A page and the total in one query, the rows carrying COUNT(*) OVER (): the work list's joins
    are its cost, so they run once instead of again for the count. Past the last page it falls back
    to Paginator's count and last page."""

    def get_page(self, number):
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(total=Window(Count("pk")))[bottom:bottom + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.__dict__["count"] = rows[0][-1] if rows else 0  # Paginator.count is a cached_property
        return self._get_page([row[:-1] for row in rows], number, self)


def _querystring(params) -> str:
    """The list's query string without its page, for the pagination links."""
    query = params.copy()
    query.pop("page", None)
    return query.urlencode()


def report_list(request):
    """Central staff and leadership: the review queue. A unit officer: their unit's reporting work."""
    if request.user.sees_all_work:
        return _review_queue(request)
    return _work_list(request)


def _work_list(request):
    form = WorkFilterForm(request.GET)
    today = timezone.localdate()
    pairs = form.work(request.user, today=today)
    if request.GET.get("format") == "xlsx":
        return export_response(request, WORK_LIST_EXPORT.kind, pairs)
    page = OnePassPaginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/work_list.html", {
        "form": form,
        "page_obj": page,
        "items": work_items(page.object_list, today=today),
        "querystring": _querystring(request.GET),
        "news": recently_reviewed(request.user),
        "today": today,
    })


def _review_queue(request):
    user = request.user
    form, reports = review_queue_filter(user, request.GET)
    if request.GET.get("format") == "xlsx":
        return export_response(request, REVIEW_QUEUE_EXPORT.kind, reports)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/review_queue.html", {
        "form": form,
        "page_obj": page,
        "groups": review_groups(page.object_list, calendar=WorkingCalendar.load(), today=timezone.localdate()),
        "querystring": _querystring(form.data if form.is_bound else request.GET),
        "can_review": may_review_reports(user),
    })


def completeness(request):
    plans = Plan.objects.visible_to(request.user).filter(status__in=Plan.IN_FORCE).order_by("-year", "-issue_date", "-pk")
    form = CompletenessFilterForm(request.GET)
    plan = table = None
    if form.is_valid():
        plan_id = form.cleaned_data["plan"]
        plan = get_object_or_404(plans, pk=plan_id) if plan_id else plans.first()
        kind = form.cleaned_data["kind"]
        table = completeness_table(plan=plan, user=request.user, kind=kind) if plan else None
    if table is not None and request.GET.get("format") == "xlsx":
        return completeness_workbook(table)
    return render(request, "reports/completeness.html", {
        "form": form,
        "plans": plans,
        "plan": plan,
        "table": table,
    })
