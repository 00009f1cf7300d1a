from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("tasks/<int:task_pk>/posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/withdraw/", views.post_withdraw, name="post_withdraw"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
