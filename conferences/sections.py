"""What conferences add to the engine's task page (registered in ConferencesConfig.ready)."""

from django.template.loader import render_to_string

from .access import may_manage_conferences
from .models import Conference


def task_conferences_section(request, task) -> str:
    """The conferences that carry out `task` and that the user may see; one query."""
    user = request.user
    conferences = Conference.objects.visible_to(user).filter(task=task).select_related("province").order_by("start_date")
    context = {"task": task, "conferences": list(conferences), "can_create": may_manage_conferences(user)}
    return render_to_string("conferences/includes/task_conferences.html", context, request=request)
