from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """{{ task.budget|vnd }} → 150.000.000 đồng (or — when there is none)."""
    return format_vnd(amount)
