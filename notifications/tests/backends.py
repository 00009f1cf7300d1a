"""E-mail backend for tests: a mail server that drops every connection (a transient failure).
A real SMTP server that refuses or delays chosen recipients is in smtp_sink.py."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server answering every message with a temporary failure."""

    attempts = 0

    def send_messages(self, email_messages):
        RefusingBackend.attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
