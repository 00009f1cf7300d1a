"""iCalendar (RFC 5545) text written by hand: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped."""

import datetime

from django.conf import settings

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//Vietnam Social Security//Foreign Affairs Portal//VI"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def escape_param(value: str) -> str:
    """A parameter value in double quotes (RFC 5545 §3.1: no DQUOTE inside)."""
    return '"' + value.replace('"', "'") + '"'


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


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def host() -> str:
    """The portal's host name, used in event UIDs."""
    return settings.PORTAL_BASE_URL.split("://")[-1].split("/")[0] or "vss-portal"


def absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def calendar(events: list[list[str]], *, name: str = "") -> str:
    """A VCALENDAR of VEVENTs (each a list of content lines without BEGIN/END)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


def all_day_event(*, uid: str, stamp: datetime.datetime, day: datetime.date, last_day: datetime.date | None = None,
                  summary: str, description: str = "", url: str = "", location: str = "") -> list[str]:
    """An all-day VEVENT (DTEND is exclusive: the day after the last day)."""
    end = (last_day or day) + datetime.timedelta(days=1)
    lines = [
        f"UID:{uid}@{host()}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("TRANSP:TRANSPARENT")
    return lines
