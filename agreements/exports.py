"""Excel downloads of the instrument register and of the certificates of coverage: registered exports (a
background job when large), their rows re-derived for the user through the registers' own filters."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.excel import Book
from core.exports import Export

from . import services
from .forms import agreement_list_filter, coverage_list_filter
from .models import CoverageAccessLog

CHUNK = 2000


def visible_agreements(user, params):
    """The register's instruments for `user` and its filter (a query string), as the page lists them."""
    return agreement_list_filter(user, params)[1]


def agreements_write(book: Book, agreements, progress=iter) -> None:
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
        for agreement in agreements.iterator(chunk_size=CHUNK)
    )
    book.add_sheet(_("Instruments"), headers, progress(rows))


AGREEMENTS_EXPORT = Export(
    kind="agreements.agreements", filename="dieu-uoc-thoa-thuan-quoc-te.xlsx", title=lambda: _("Instruments"),
    rows=visible_agreements, write=agreements_write,
)


def _signing_date(agreement):
    """A real date when the day is known; "06/2023" or "2023" as text otherwise."""
    if agreement.signed_on_precision == agreement.DatePrecision.DAY:
        return agreement.signed_on
    return agreement.signed_on_display


def visible_certificates(user, params):
    """The certificates register for `user` and its filter (a query string), as the page lists them."""
    return coverage_list_filter(user, params)[1]


def certificates_write(book: Book, certificates, progress=iter) -> None:
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
        for certificate in certificates.iterator(chunk_size=CHUNK)
    )
    book.add_sheet(_("Certificates of coverage"), headers, progress(rows))


def certificates_shown(user, certificates, query: str) -> None:
    """Every exported certificate is logged for the user the file is made for, downloaded directly or built by
    the job: personal data leaves the portal."""
    services.certificate_access_record(
        certificates=certificates.select_related(None).only("pk").iterator(chunk_size=CHUNK),
        channel=CoverageAccessLog.Channel.EXPORT, path=f"{reverse('agreements:coverage_list')}?{query}".removesuffix("?"),
        by=user,
    )


CERTIFICATES_EXPORT = Export(
    kind="agreements.certificates", filename="chung-nhan-tham-gia-bhxh.xlsx", title=lambda: _("Certificates of coverage"),
    rows=visible_certificates, write=certificates_write, shown=certificates_shown,
)
