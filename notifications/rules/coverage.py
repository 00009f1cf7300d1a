"""Certificates of coverage: the responsible office is reminded before a certificate ends."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import CoverageCertificate

from ..models import ReminderRule
from .base import Message, Rule, chunks, show_date, unit_name


class CoverageEnding(Rule):
    """A certificate of coverage ending in 60 and 30 (calendar) days: to the responsible office, or to
    the office that carries its work once it has ended (Hải Dương's certificates go to Hải Phòng)."""

    code = ReminderRule.Code.COVERAGE_ENDING
    model = "agreements.CoverageCertificate"
    related = ("office",)

    def collect(self, scan, params):
        offsets = params.offset_list
        if not offsets:
            return
        certificates = CoverageCertificate.objects.ending_within(max(offsets), on=scan.day)
        for chunk in chunks(certificates, ("office_id", "covered_until"), scan.chunk_size):
            batch = []
            for row in chunk:
                hit = scan.before(row["covered_until"], offsets, working=False)
                if hit:
                    carrier, officers = scan.officers_for(row["office_id"])
                    batch += [
                        self.dispatch(row["pk"], user_id, hit[0], **scan.units_context(row["office_id"], carrier),
                                      offset=hit[1], until=row["covered_until"].isoformat())
                        for user_id in officers
                    ]
            yield batch

    def still_due(self, certificate, dispatch, today, params):
        return (
            certificate.status in (certificate.Status.ISSUED, certificate.Status.EXTENDED)
            and certificate.covered_until >= today
            and certificate.covered_until.isoformat() == dispatch.context.get("until")
        )

    def reason(self, dispatch, values: dict) -> str:
        if dispatch.context.get("for_unit"):
            return _("You receive this because you are a focal officer of %(unit)s, which carries the open work of "
                     "%(office)s, the office responsible for this certificate.") % {
                **values, "unit": unit_name(dispatch.context.get("unit"))}
        return _("You receive this because you are a focal officer of %(office)s, the office responsible for "
                 "this certificate.") % values

    def message(self, certificate, dispatch, params):
        days = (certificate.covered_until - timezone.localdate()).days
        values = {"number": certificate.number, "date": show_date(certificate.covered_until), "office": certificate.office.name}
        return Message(
            title=_("Certificate of coverage %(number)s ends on %(date)s") % values,
            lines=[
                ngettext("The coverage of certificate %(number)s ends in %(count)s day, on %(date)s.",
                         "The coverage of certificate %(number)s ends in %(count)s days, on %(date)s.", days)
                % {**values, "count": days},
                _("Check whether the worker's detachment is extended or ends, and record it in the portal."),
            ],
            url=certificate.get_absolute_url(),
            reason=self.reason(dispatch, values),
        )
