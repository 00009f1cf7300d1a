"""Excel downloads of the instrument register and of the certificates of coverage (already filtered
through visible_to by the caller)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.excel import workbook_response


def agreements_export(agreements) -> HttpResponse:
    headers = [
        _("Document number"), _("Title"), _("Kind"), _("Counterpart institution"), _("Parties"), _("Place of signing"),
        _("Date of signing or issue"), _("Entry into force"), _("End of validity"), _("Duration"), _("Scope"),
        _("Status"),
    ]
    rows = (
        [
            agreement.number, agreement.title, agreement.get_kind_display(),
            agreement.counterpart.name if agreement.counterpart else "",
            ", ".join(party.name for party in agreement.parties.all()), agreement.place_of_signing,
            _signing_date(agreement),
            agreement.in_force_on, agreement.expires_on, agreement.duration, agreement.scope, agreement.get_status_display(),
        ]
        for agreement in agreements
    )
    return workbook_response("dieu-uoc-thoa-thuan-quoc-te.xlsx", _("Instruments"), headers, rows)


def _signing_date(agreement):
    """A real date when the day is known; "06/2023" or "2023" as text otherwise."""
    if agreement.signed_on_precision == agreement.DatePrecision.DAY:
        return agreement.signed_on
    return agreement.signed_on_display


def certificates_export(certificates) -> HttpResponse:
    """The columns exchanged with the partner's liaison institution."""
    headers = [
        _("Certificate number"), _("Direction"), _("Worker's full name"), _("Nationality"), _("Date of birth"),
        _("Passport or ID number"), _("Employer in the home country"), _("Enterprise in the host country"),
        _("Detachment start"), _("Detachment end"), _("Extension start"), _("Extension end"),
        _("Issuing or receiving office"), _("Status"), _("Agreement"),
    ]
    rows = (
        [
            certificate.number, certificate.get_direction_display(), certificate.worker_name,
            certificate.get_nationality_display(), certificate.date_of_birth, certificate.identity_number,
            certificate.home_employer, certificate.host_enterprise, certificate.detachment_start,
            certificate.detachment_end, certificate.extension_start, certificate.extension_end,
            certificate.office.name, certificate.get_status_display(), certificate.agreement.title,
        ]
        for certificate in certificates
    )
    return workbook_response("chung-nhan-tham-gia-bhxh.xlsx", _("Certificates of coverage"), headers, rows)
