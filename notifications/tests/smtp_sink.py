"""A real SMTP server on loopback (aiosmtpd) for the delivery tests: it accepts mail, refuses the
addresses it is told to refuse (550, permanent), answers 451 (temporary) a number of times for
others, and can pause before each message so that a test can kill the sender in the middle."""

import asyncio
import logging
import re
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class SmtpSink:
    refused: set[str] = field(default_factory=set)
    temporary: Counter = field(default_factory=Counter)  # address -> how many more times to answer 451
    pause: float = 0.0  # seconds before accepting each message's sender
    port: int = field(default_factory=free_port)

    def __post_init__(self):
        self.messages: list[tuple[list[str], str]] = []
        self.recipient_attempts: Counter = Counter()
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname=HOST, port=self.port)

    def __enter__(self) -> "SmtpSink":
        self._controller.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._controller.stop()

    # aiosmtpd handler hooks
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.pause:
            await asyncio.sleep(self.pause)  # nothing is received yet: a sender killed now has sent nothing
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.recipient_attempts[address] += 1
            if address in self.refused:
                return f"550 5.1.1 <{address}>: mailbox unavailable"
            if self.temporary[address] > 0:
                self.temporary[address] -= 1
                return "451 4.2.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", errors="replace")))
        return "250 Message accepted for delivery"

    # what the tests read
    def received_by(self) -> Counter:
        """How many messages each address received."""
        with self._lock:
            return Counter(address for recipients, _content in self.messages for address in recipients)

    def received_reminders(self) -> Counter:
        """How many messages were received for each reminder (its X-VSS-Reminder header)."""
        with self._lock:
            return Counter(
                int(found) for _recipients, content in self.messages
                for found in re.findall(r"^X-VSS-Reminder: (\d+)\r?$", content, re.M)
            )

    def django_settings(self) -> dict:
        """The EMAIL_* settings that send to this sink."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": HOST, "EMAIL_PORT": self.port, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False, "EMAIL_TIMEOUT": 10,
        }
