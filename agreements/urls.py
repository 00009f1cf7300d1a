from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("new/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_update, name="agreement_update"),
    path("<int:pk>/links/", views.agreement_link_add, name="agreement_link_add"),
    path("<int:pk>/links/<int:link_pk>/remove/", views.agreement_link_remove, name="agreement_link_remove"),
    path("documents/<int:pk>/", views.agreement_document, name="agreement_document"),
    path("coverage/", views.CoverageListView.as_view(), name="coverage_list"),
    path("coverage/new/", views.coverage_create, name="coverage_create"),
    path("coverage/<int:pk>/", views.coverage_detail, name="coverage_detail"),
    path("coverage/<int:pk>/edit/", views.coverage_update, name="coverage_update"),
    path("coverage/documents/<int:pk>/", views.coverage_document, name="coverage_document"),
]
