"""Optimistic locking: a save succeeds only if nobody saved the row since the form was opened."""

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record first; `current` is their version, `change` their history entry."""

    def __init__(self, current: models.Model):
        self.current = current
        self.change = current.history.first() if hasattr(current, "history") else None
        super().__init__(_("This record was changed by someone else while you were editing it."))

    @property
    def summary(self) -> str:
        """Who changed what and when, for the conflict message."""
        change = self.change
        if change is None:
            return str(self)
        who = change.history_user or _("someone")
        previous = change.prev_record
        fields = []
        if previous is not None:
            changed = change.diff_against(previous).changes
            fields = [str(self.current._meta.get_field(diff.field).verbose_name) for diff in changed]
        when = formats.date_format(timezone.localtime(change.history_date), "SHORT_DATETIME_FORMAT")
        if fields:
            return _("%(who)s saved this record at %(when)s, changing: %(fields)s.") % {
                "who": who, "when": when, "fields": ", ".join(fields)}
        return _("%(who)s saved this record at %(when)s.") % {"who": who, "when": when}


@transaction.atomic
def save_with_lock(
    instance: models.Model, *, expected_version: int, changes: dict, history_user=None, change_reason: str = ""
) -> models.Model:
    """Apply `changes` to the locked row, validate, save and bump `lock_version`; `change_reason` goes
    to the history entry.

    Raises EditConflict if the row's lock_version is no longer `expected_version`."""
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    if current.lock_version != expected_version:
        raise EditConflict(current)
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    current.lock_version = expected_version + 1
    if history_user is not None:
        current._history_user = history_user
    if change_reason:
        current._change_reason = change_reason
    current.save()
    return current
