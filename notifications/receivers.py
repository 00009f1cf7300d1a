"""The engine's deadline signals, turned into notifications (connected in NotificationsConfig.ready)."""

from core.exports import export_finished
from plans import signals

from .models import ReminderRule
from .services import event_notify, export_notify

CODE = ReminderRule.Code


def extension_requested(sender, request, **kwargs):
    event_notify(code=CODE.EXTENSION_REQUESTED, target=request)


def extension_decided(sender, request, **kwargs):
    event_notify(code=CODE.EXTENSION_DECIDED, target=request)


def explanation_requested(sender, request, **kwargs):
    event_notify(code=CODE.EXPLANATION_REQUESTED, target=request)


def explanation_answered(sender, reply, **kwargs):
    event_notify(code=CODE.EXPLANATION_ANSWERED, target=reply)


def export_ready(sender, job, **kwargs):
    export_notify(job=job)


def connect() -> None:
    export_finished.connect(export_ready, dispatch_uid="notifications.export_ready")
    for signal, receiver in (
        (signals.extension_requested, extension_requested),
        (signals.extension_decided, extension_decided),
        (signals.explanation_requested, explanation_requested),
        (signals.explanation_answered, explanation_answered),
    ):
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
