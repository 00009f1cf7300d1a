"""Writes to the ground's reference data: the days an administrator keeps and the portal settings.

Each is one transaction, records who acted in the history, and sends `calendar_changed` so the
apps above (the engine's effective deadlines, the dashboard's cached figures) follow at once."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import PortalSettings, WorkingDayException
from .signals import calendar_changed


def _require(by, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied


@transaction.atomic
def working_day_exception_save(*, exception: WorkingDayException, by) -> WorkingDayException:
    """Create or change a day off or a worked day (`by=None`: the portal itself, e.g. the demo data)."""
    _require(by, "core.change_workingdayexception" if exception.pk else "core.add_workingdayexception")
    previous = WorkingDayException.objects.filter(pk=exception.pk).values_list("date", flat=True).first()
    exception.full_clean()
    exception._history_user = by
    exception.save()
    for day in {previous, exception.date} - {None}:
        calendar_changed.send(sender=WorkingDayException, day=day)
    return exception


@transaction.atomic
def working_day_exception_delete(*, exception: WorkingDayException, by) -> None:
    """The day is an ordinary one again; its history keeps what it was."""
    _require(by, "core.delete_workingdayexception")
    day = exception.date
    exception._history_user = by
    exception.delete()
    calendar_changed.send(sender=WorkingDayException, day=day)


@transaction.atomic
def portal_settings_save(*, portal_settings: PortalSettings, by) -> PortalSettings:
    _require(by, "core.change_portalsettings")
    portal_settings.pk = 1
    portal_settings.full_clean(validate_unique=False)
    portal_settings._history_user = by
    portal_settings.save()
    calendar_changed.send(sender=PortalSettings, day=None)
    return portal_settings
