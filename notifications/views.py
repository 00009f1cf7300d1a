from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .forms import NotificationFilterForm, PreferenceForm
from .models import Notification, NotificationPreference


def notification_list(request):
    """The user's own notifications, newest first; ?show=unread or ?show=read narrows them (an
    invalid query string: the form's error and an empty list)."""
    form = NotificationFilterForm(request.GET)
    notifications = Notification.objects.visible_to(request.user)
    unread_count = notifications.unread().count()
    page = Paginator(form.results(notifications).order_by("-created_at", "-pk"), 25).get_page(request.GET.get("page"))
    show = form.chosen
    return render(request, "notifications/notification_list.html", {
        "page_obj": page,
        "filter_form": form,
        "show": show,
        "unread_count": unread_count,
        "querystring": f"show={show}" if show else "",
    })


@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    return redirect("notifications:notification_list")


@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(user=request.user)
    messages.success(request, ngettext(
        "%(count)s notification marked as read.", "%(count)s notifications marked as read.", count) % {"count": count})
    return redirect("notifications:notification_list")


def preferences(request):
    preference = NotificationPreference.for_user(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "is_unit_head": preference.is_unit_head})
