"""Pages of the instrument register (everyone reads, central planners write) and of the certificates
of coverage (central staff and the responsible office only; every view of personal data is logged).

Objects come through agreements.access (invisible → 404, not allowed → 403); writes go through
services, Excel through exports, counts through the QuerySets."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.documents import serve_document, wants_inline
from core.exports import export_response
from core.forms import error_messages
from core.locking import EditConflict

from . import services
from .access import (
    get_agreement_document_for_user,
    get_agreement_for_user,
    get_certificate_document_for_user,
    get_certificate_for_user,
    get_link_for_user,
    may_manage_agreements,
    may_record_certificates,
)
from .exports import AGREEMENTS_EXPORT, CERTIFICATES_EXPORT
from .forms import AgreementForm, AgreementLinkForm, CoverageForm, agreement_list_filter, coverage_list_filter
from .implementation import implementation_summary
from .models import AgreementDocument, AgreementLink, CoverageAccessLog, CoverageCertificate


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def _conflict_message(conflict: EditConflict) -> str:
    return _("Not saved: %(summary)s Reload the page to see their changes.") % {"summary": conflict.summary}


# --- Register of instruments ------------------------------------------------------------------


class AgreementListView(ListView):
    """The register: every instrument, searchable and filterable; ?format=xlsx downloads it."""

    template_name = "agreements/agreement_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form, agreements = agreement_list_filter(self.request.user, self.request.GET)
        return agreements

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return export_response(request, AGREEMENTS_EXPORT.kind, self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, querystring=_querystring(self.request),
            can_manage=may_manage_agreements(self.request.user), **kwargs,
        )


def agreement_detail(request, pk):
    agreement = get_agreement_for_user(request.user, pk)
    prefetch_related_objects(
        [agreement], "parties", "liaison_institutions",
        Prefetch("documents", queryset=AgreementDocument.objects.current().select_related("uploaded_by")),
        Prefetch("links_out", queryset=AgreementLink.objects.select_related("target")),
        Prefetch("links_in", queryset=AgreementLink.objects.select_related("source")),
    )
    can_manage = agreement.is_editable_by(request.user)
    certificates = CoverageCertificate.objects.visible_to(request.user).filter(agreement=agreement)
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement,
        "can_manage": can_manage,
        "link_form": AgreementLinkForm(source=agreement) if can_manage else None,
        **implementation_summary(agreement, request.user),
        **(certificates.counts_by_direction_and_status() if agreement.provides_detachment else {}),
    })


def agreement_create(request):
    if not may_manage_agreements(request.user):
        raise PermissionDenied
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The instrument was recorded."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form})


def agreement_update(request, pk):
    agreement = get_agreement_for_user(request.user, pk, to_edit=True)
    form = AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement, data=form.cleaned_data, expected_version=form.expected_version, by=request.user,
            )
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The instrument was saved."))
            return redirect(agreement)
    return render(request, "agreements/agreement_form.html", {"form": form, "agreement": agreement})


@require_POST
def agreement_link_add(request, pk):
    agreement = get_agreement_for_user(request.user, pk, to_edit=True)
    form = AgreementLinkForm(request.POST, source=agreement)
    if not form.is_valid():
        messages.error(request, _("The link was not recorded: choose a relation and an instrument."))
        return redirect(agreement)
    try:
        services.agreement_link_add(source=agreement, data=form.cleaned_data, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The link was recorded."))
    return redirect(agreement)


@require_POST
def agreement_link_remove(request, pk, link_pk):
    agreement = get_agreement_for_user(request.user, pk, to_edit=True)
    link = get_link_for_user(request.user, link_pk, agreement=agreement, to_edit=True)
    try:
        services.agreement_link_remove(link=link, by=request.user)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("The link was removed."))
    return redirect(agreement)


def agreement_document(request, pk):
    return serve_document(get_agreement_document_for_user(request.user, pk), inline=wants_inline(request))


# --- Certificates of coverage -------------------------------------------------------------------


class CoverageListView(ListView):
    """The register of certificates the user may see; ?format=xlsx exports it for the liaison institution."""

    template_name = "agreements/coverage_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form, certificates = coverage_list_filter(self.request.user, self.request.GET)
        return certificates

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":  # the export logs what it shows (exports.certificates_shown)
            return export_response(request, CERTIFICATES_EXPORT.kind, self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        _log(self.request, context["page_obj"], CoverageAccessLog.Channel.LIST)
        context.update({
            "filter_form": self.filter_form,
            "querystring": _querystring(self.request),
            "can_record": may_record_certificates(self.request.user),
            "shows_office": "office" in self.filter_form.fields,
            **self.object_list.counts_per_office(),
        })
        return context


def _log(request, certificates, channel: str) -> None:
    services.certificate_access_record(
        certificates=certificates, channel=channel, path=request.get_full_path(), by=request.user,
    )


def coverage_detail(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    documents = certificate.documents.current().select_related("uploaded_by")
    _log(request, [certificate], CoverageAccessLog.Channel.DETAIL)
    context = {"certificate": certificate, "documents": documents, "can_edit": certificate.is_editable_by(request.user)}
    return render(request, "agreements/coverage_detail.html", context)


def coverage_create(request):
    if not may_record_certificates(request.user):
        raise PermissionDenied
    form = CoverageForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_record(data=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The certificate of coverage was recorded."))
            return redirect(certificate)
    return render(request, "agreements/coverage_form.html", {"form": form})


def coverage_update(request, pk):
    certificate = get_certificate_for_user(request.user, pk, to_edit=True)
    form = CoverageForm(request.POST or None, request.FILES or None, instance=certificate, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_update(
                certificate=certificate, data=form.cleaned_data, expected_version=form.expected_version, by=request.user,
            )
        except EditConflict as conflict:
            form.add_error(None, _conflict_message(conflict))
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("The certificate of coverage was saved."))
            return redirect(certificate)
    _log(request, [certificate], CoverageAccessLog.Channel.EDIT)
    return render(request, "agreements/coverage_form.html", {"form": form, "certificate": certificate})


def coverage_document(request, pk):
    document = get_certificate_document_for_user(request.user, pk)
    _log(request, [document.certificate], CoverageAccessLog.Channel.DOCUMENT)
    return serve_document(document, inline=wants_inline(request))
