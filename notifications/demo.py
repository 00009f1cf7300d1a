"""Demo data of the reminders: the rules' default parameters (the days off are the ground's: core/demo.py)."""

from .models import ReminderRule


def ensure_default_rules() -> None:
    for code, values in ReminderRule.DEFAULTS.items():
        ReminderRule.objects.get_or_create(code=code, defaults=values)


def load(stdout=None) -> None:
    ensure_default_rules()
