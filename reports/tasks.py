"""Background work of progress reporting: telling the reporter their report was returned or approved."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import ReportEvent

MAIL_LANGUAGE = "vi"


@shared_task(bind=True, acks_late=True, max_retries=5, retry_backoff=True)
def notify_reporter(self, event_id: int) -> None:
    """E-mail the reporter about a review (HTML and text, in Vietnamese); never twice for one event."""
    claimed = ReportEvent.objects.filter(
        pk=event_id, notified_at__isnull=True, action__in=ReportEvent.NOTIFY_REPORTER
    )
    if not claimed.update(notified_at=timezone.now()):
        return  # gone, not a review, or already mailed by another run
    event = ReportEvent.objects.select_related(
        "report__assignment__task__plan", "report__period", "report__unit", "report__submitted_by", "actor"
    ).get(pk=event_id)
    reporter = event.report.submitted_by
    if reporter is None or not reporter.email:
        return
    with translation.override(MAIL_LANGUAGE):
        context = {
            "event": event,
            "report": event.report,
            "reporter": reporter,
            "url": settings.PORTAL_BASE_URL.rstrip("/") + event.report.get_absolute_url(),
        }
        subject = render_to_string("reports/email/report_reviewed_subject.txt", context).strip()
        text = render_to_string("reports/email/report_reviewed.txt", context)
        html = render_to_string("reports/email/report_reviewed.html", context)
    message = EmailMultiAlternatives(settings.EMAIL_SUBJECT_PREFIX + subject, text, to=[reporter.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except SMTPException as exc:
        ReportEvent.objects.filter(pk=event_id).update(notified_at=None)
        raise self.retry(exc=exc) from exc
