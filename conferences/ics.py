"""The iCalendar (RFC 5545) file of a conference, written by hand: CRLF line ends, lines folded
at 75 octets without splitting a UTF-8 character, TEXT values escaped."""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import Conference

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, continuation lines led by a space."""
    chunks, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not chunks else MAX_OCTETS - 1
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def conference_ics(conference: Conference, sessions) -> str:
    """One all-day VEVENT spanning the conference, its agenda in the description."""
    host = settings.PORTAL_BASE_URL.split("://")[-1].split("/")[0] or "vss-portal"
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
        f"DTSTAMP:{_utc(timezone.now())}",
        f"LAST-MODIFIED:{_utc(conference.updated_at)}",
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


def escape_param(value: str) -> str:
    """A parameter value in double quotes (RFC 5545 §3.1: no DQUOTE inside)."""
    return '"' + value.replace('"', "'") + '"'


def organizer_uri(conference: Conference) -> str:
    return "mailto:" + settings.DEFAULT_FROM_EMAIL.split("<")[-1].rstrip(">").strip()


def filename(conference: Conference) -> str:
    return f"conference-{conference.pk}.ics"
