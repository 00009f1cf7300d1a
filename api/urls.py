from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import pages, views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("periods", views.ReportingPeriodViewSet, basename="period")
router.register("reports", views.ProgressReportViewSet, basename="report")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("certificates", views.CoverageCertificateViewSet, basename="certificate")
router.register("conferences", views.ConferenceViewSet, basename="conference")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs are a page for people: the login redirect, like every page.
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("accounts/tokens/", pages.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
