"""Excel workbooks: the conference list (a registered export, a background job when large), and a
conference's participants with attendance."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.excel import Book
from core.exports import Export

from .forms import conference_list_filter


def visible_conferences(user, params):
    """The conference list for `user` and its filter (a query string), as the page lists it."""
    return conference_list_filter(user, params)[1]


def conference_list_write(book: Book, conferences, progress=iter) -> None:
    headers = [
        pgettext("conference", "Title"), pgettext("conference", "Type"), _("Start date"), _("End date"), _("Venue"),
        _("Province"), _("Organising unit"),
        _("Status"), _("Invited units"), _("Registered participants"), _("Planned budget (VND)"), _("Actual budget (VND)"),
    ]
    rows = (
        [
            c.title, c.get_kind_display(), c.start_date, c.end_date, c.venue, str(c.province or ""), str(c.organiser),
            c.get_status_display(), c.invited_count, c.registered_count, c.planned_budget, c.actual_budget,
        ]
        for c in conferences.iterator(chunk_size=2000)
    )
    book.add_sheet(_("Conferences"), headers, progress(rows), money=(11, 12))


CONFERENCES_EXPORT = Export(
    kind="conferences.conferences", filename="conferences.xlsx", title=lambda: _("Conferences"),
    rows=visible_conferences, write=conference_list_write,
)


def participants_xlsx(conference, participants, days, unit_totals) -> HttpResponse:
    """Sheet 1: every participant with a column per day (present / absent); sheet 2: totals per unit."""
    headers = [
        _("No."), _("Unit or organisation"), _("Full name"), _("Position"), _("Email"), _("Status"), _("Registered at"),
        *[_("Present %(day)s") % {"day": day.strftime("%d/%m/%Y")} for day in days],
    ]
    rows = []
    for number, row in enumerate(participants, start=1):
        participant = row["participant"]
        rows.append([
            number, participant.affiliation, participant.name, participant.position, participant.email,
            participant.get_status_display(), timezone.localdate(participant.registered_at),
            *[{True: _("Present"), False: _("Absent"), None: ""}[mark] for mark in row["marks"]],
        ])
    book = Book()
    book.add_sheet(_("Participants"), headers, rows)
    book.add_sheet(
        _("Totals by unit"),
        [_("Unit"), _("Quota"), _("Registered"), *[_("Present %(day)s") % {"day": day.strftime("%d/%m/%Y")} for day in days]],
        [[str(t["unit"]), t["quota"], t["registered"], *t["present"]] for t in unit_totals],
    )
    return book.response(f"conference-{conference.pk}-participants.xlsx")
