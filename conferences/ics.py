"""The iCalendar (RFC 5545) file of a conference (written with core.ical)."""

import datetime

from django.conf import settings
from django.utils import timezone

from core.ical import CRLF, escape_param, escape_text, fold, utc
from core.ical import host as core_host

from .models import Conference


def conference_ics(conference: Conference, sessions) -> str:
    """One all-day VEVENT spanning the conference, its agenda in the description."""
    host = core_host()
    agenda = [
        f"{s.day:%d/%m/%Y} {s.start_time:%H:%M}–{s.end_time:%H:%M} {s.topic}"
        + (f" ({', '.join(sp.display_name for sp in s.speakers.all())})" if s.speakers.all() else "")
        for s in sessions
    ]
    description = "\n".join([conference.description, *agenda]).strip() if conference.description else "\n".join(agenda)
    location = ", ".join(part for part in (conference.venue, str(conference.province or "")) if part)
    status = "CANCELLED" if conference.status == Conference.Status.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Vietnam Social Security//Foreign Affairs Portal//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:conference-{conference.pk}@{host}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"LAST-MODIFIED:{utc(conference.updated_at)}",
        f"DTSTART;VALUE=DATE:{conference.start_date:%Y%m%d}",
        # DTEND of an all-day event is exclusive: the day after the last day.
        f"DTEND;VALUE=DATE:{conference.end_date + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(conference.title)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"ORGANIZER;CN={escape_param(str(conference.organiser))}:{organizer_uri(conference)}",
        f"CATEGORIES:{escape_text(conference.get_kind_display())}",
        f"STATUS:{status}",
        f"URL:{settings.PORTAL_BASE_URL.rstrip('/')}{conference.get_absolute_url()}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return CRLF.join(fold(line) for line in lines) + CRLF


def organizer_uri(conference: Conference) -> str:
    return "mailto:" + settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">").strip()


def filename(conference: Conference) -> str:
    return f"conference-{conference.pk}.ics"
