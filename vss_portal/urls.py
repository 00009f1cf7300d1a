from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import views as core_views
from dashboard.home import home
from dashboard.views import my_work_page

admin.site.site_header = "VSS Foreign Affairs Portal"
handler404 = "api.problems.page_not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("exports/", core_views.export_list, name="export_list"),
    path("exports/<int:pk>/", core_views.export_detail, name="export_detail"),
    path("exports/<int:pk>/download/", core_views.export_download, name="export_download"),
    path("units/", include("accounts.urls")),
    path("", include("plans.urls")),
    path("reports/", include("reports.urls")),
    path("agreements/", include("agreements.urls")),
    path("conferences/", include("conferences.urls")),
    path("discussions/", include("discussions.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("api.urls")),
    path("my/", my_work_page, name="my_work"),
    path("", home, name="home"),
]
