from django.views.generic import DetailView, ListView

from .forms import UnitFilterForm
from .models import Unit, UnitMembership


class UnitListView(ListView):
    """Directory of VSS units and partner organisations (visible to every signed-in user)."""

    template_name = "accounts/unit_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = UnitFilterForm(self.request.GET)
        units = UnitMembership.objects.prefetch_officers(
            Unit.objects.select_related("parent").prefetch_related("successors", "predecessors")
        )
        return self.filter_form.results(units).order_by("kind", "name_vi")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["querystring"] = query.urlencode()
        return context


class UnitDetailView(DetailView):
    template_name = "accounts/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return UnitMembership.objects.prefetch_officers(
            Unit.objects.select_related("parent").prefetch_related("successors", "predecessors", "children")
        )
