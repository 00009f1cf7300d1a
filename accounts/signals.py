import time

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from core.middleware import LOGIN_AT, SEEN_AT

from .models import User
from .services import membership_follow_unit


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """Start the 12-hour and idle clocks at login (Django has already changed the session key)."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def _unit_may_change(raw: bool, update_fields) -> bool:
    return not raw and (update_fields is None or "unit" in update_fields)


@receiver(pre_save, sender=User)
def remember_previous_unit(sender, instance: User, raw=False, update_fields=None, **kwargs):
    if instance.pk and _unit_may_change(raw, update_fields):
        instance._previous_unit_id = User.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()


@receiver(post_save, sender=User)
def membership_follows_unit(sender, instance: User, created: bool, raw=False, update_fields=None, **kwargs):
    """Whoever sets a user's unit (the admin, load_demo, a test) also sets the dated membership."""
    if not _unit_may_change(raw, update_fields):
        return
    previous = None if created else getattr(instance, "_previous_unit_id", instance.unit_id)
    if created or previous != instance.unit_id:
        membership_follow_unit(user=instance, previous_unit_id=previous, created=created)
