"""Conference fragments for other apps' pages."""

from django import template

from ..models import Conference

register = template.Library()


@register.inclusion_tag("conferences/includes/task_conferences.html")
def task_conferences(task, user):
    """The conferences that carry out `task` and that `user` may see; one query."""
    conferences = Conference.objects.visible_to(user).filter(task=task).select_related("province").order_by("start_date")
    return {"task": task, "conferences": list(conferences), "can_create": user.has_perm("conferences.manage_conferences")}
