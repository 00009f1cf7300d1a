import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from core.middleware import LOGIN_AT, SEEN_AT


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """Start the 12-hour and idle clocks at login (Django has already changed the session key)."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
