"""The agreements app's guards (agreements.access): invisible is a 404, visible but not allowed a 403, per role."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from agreements.access import (
    get_agreement_document_for_user,
    get_agreement_for_user,
    get_certificate_document_for_user,
    get_certificate_for_user,
    get_link_for_user,
    may_manage_agreements,
    may_record_certificates,
)
from agreements.models import AgreementLink
from agreements.tests.factories import AgreementDocumentFactory, AgreementFactory, CoverageCertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(unit):
    agreement = AgreementFactory()
    other = AgreementFactory()
    certificate = CoverageCertificateFactory(office=unit)
    return {
        "agreement": agreement,
        "document": AgreementDocumentFactory(agreement=agreement),
        "link": AgreementLink.objects.create(source=other, target=agreement, kind=AgreementLink.Kind.IMPLEMENTS),
        "certificate": certificate,
        "certificate_document": certificate.documents.create(title="GCN", file="coverage/x.pdf"),
    }


def test_everyone_reads_the_register_only_planners_edit_it(register, officer, leader, planner, administrator):
    agreement, document, link = register["agreement"], register["document"], register["link"]
    for user in (officer, leader):
        assert get_agreement_for_user(user, agreement.pk) == agreement
        assert get_agreement_document_for_user(user, document.pk) == document
        assert get_link_for_user(user, link.pk, agreement=agreement) == link
        for guard, pk in ((get_agreement_for_user, agreement.pk), (get_agreement_document_for_user, document.pk),
                          (get_link_for_user, link.pk)):
            with pytest.raises(PermissionDenied):
                guard(user, pk, to_edit=True)
        assert not may_manage_agreements(user)
    for user in (planner, administrator):
        assert get_agreement_for_user(user, agreement.pk, to_edit=True) == agreement
        assert get_agreement_document_for_user(user, document.pk, to_edit=True) == document
        assert get_link_for_user(user, link.pk, agreement=agreement, to_edit=True) == link


def test_a_link_is_reached_only_through_an_instrument_it_touches(register, planner):
    with pytest.raises(Http404):
        get_link_for_user(planner, register["link"].pk, agreement=AgreementFactory())


def test_a_removed_document_is_not_found(register, planner):
    document = register["document"]
    document.mark_removed(by=planner)
    document.save()
    with pytest.raises(Http404):
        get_agreement_document_for_user(planner, document.pk)


def test_another_office_gets_404_on_a_certificate_and_its_documents(register, make_user, other_unit):
    stranger = make_user(User.Role.UNIT_OFFICER, other_unit)
    for guard, pk in ((get_certificate_for_user, register["certificate"].pk),
                      (get_certificate_document_for_user, register["certificate_document"].pk)):
        with pytest.raises(Http404):
            guard(stranger, pk)
        with pytest.raises(Http404):
            guard(stranger, pk, to_edit=True)


def test_leadership_reads_every_certificate_but_edits_none(register, leader):
    assert get_certificate_for_user(leader, register["certificate"].pk) == register["certificate"]
    with pytest.raises(PermissionDenied):
        get_certificate_for_user(leader, register["certificate"].pk, to_edit=True)
    with pytest.raises(PermissionDenied):
        get_certificate_document_for_user(leader, register["certificate_document"].pk, to_edit=True)
    assert not may_record_certificates(leader)


def test_the_office_and_central_staff_edit_a_certificate(register, officer, planner):
    for user in (officer, planner):
        assert get_certificate_for_user(user, register["certificate"].pk, to_edit=True) == register["certificate"]
        assert may_record_certificates(user)


def test_an_officer_of_a_central_unit_records_no_certificate(make_user):
    from accounts.models import Unit
    from accounts.tests.factories import UnitFactory

    assert not may_record_certificates(make_user(User.Role.UNIT_OFFICER, UnitFactory(kind=Unit.Kind.CENTRAL)))
