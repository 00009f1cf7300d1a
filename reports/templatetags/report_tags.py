"""Report fragments for the pages of the apps above: an officer's review news."""

from django import template

from ..models import may_write_reports
from ..worklist import recently_reviewed

register = template.Library()


@register.inclusion_tag("reports/includes/report_inbox.html")
def report_inbox(user):
    """An officer's unit reports returned (to correct) or approved lately, for their home page."""
    return {"news": recently_reviewed(user) if may_write_reports(user) else []}
