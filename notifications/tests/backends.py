"""E-mail backends for tests: a mail server that refuses, and a slow file backend for the Celery worker."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server answering every message with a temporary failure."""

    attempts = 0

    def send_messages(self, email_messages):
        RefusingBackend.attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class SlowFileBackend(FileEmailBackend):
    """Writes each message to its own file after a pause, so a test can kill the worker mid-batch."""

    delay = 0.5

    def send_messages(self, email_messages):
        time.sleep(self.delay)
        return super().send_messages(email_messages)
