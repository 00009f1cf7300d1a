"""Who gets what on every URL of the agreements app (see tests/authz.py)."""

from agreements.models import AgreementLink
from agreements.tests.factories import (
    AgreementDocumentFactory,
    AgreementFactory,
    CoverageCertificateFactory,
    SocialInsuranceAgreementFactory,
)
from tests.authz import Rule, everyone, planners_only, unit_scoped


def build(world):
    world.agreement = SocialInsuranceAgreementFactory(title="Hiệp định ma trận")
    world.mou = AgreementFactory(title="Bản ghi nhớ ma trận")
    world.link = AgreementLink.objects.create(source=world.mou, target=world.agreement, kind=AgreementLink.Kind.IMPLEMENTS)
    world.agreement_document = AgreementDocumentFactory(agreement=world.agreement, uploaded_by=world.users["planner"])
    world.certificate = CoverageCertificateFactory(agreement=world.agreement, office=world.unit)
    world.certificate_document = world.certificate.documents.create(
        title="Giấy chứng nhận", file=AgreementDocumentFactory.build().file, uploaded_by=world.users["officer"],
    )


RULES = {
    # The register is read by everyone; only central planners (and administrators) write.
    "agreements:agreement_list": Rule(expect=everyone(200)),
    "agreements:agreement_create": Rule(expect=planners_only(200)),
    "agreements:agreement_detail": Rule(kwargs=lambda w: {"pk": w.agreement.pk}, expect=everyone(200)),
    "agreements:agreement_update": Rule(kwargs=lambda w: {"pk": w.agreement.pk}, expect=planners_only(200)),
    "agreements:agreement_link_add": Rule(
        method="post", kwargs=lambda w: {"pk": w.agreement.pk},
        data=lambda w: {"kind": "approves", "target": w.mou.pk}, expect=planners_only(302),
    ),
    "agreements:agreement_link_remove": Rule(
        method="post", kwargs=lambda w: {"pk": w.agreement.pk, "link_pk": w.link.pk}, expect=planners_only(302),
    ),
    "agreements:agreement_document": Rule(kwargs=lambda w: {"pk": w.agreement_document.pk}, expect=everyone(200)),
    # Certificates: personal data of the responsible office; leadership reads but does not record.
    "agreements:coverage_list": Rule(expect=everyone(200)),
    "agreements:coverage_create": Rule(expect=everyone(200, leader=403)),
    "agreements:coverage_detail": Rule(kwargs=lambda w: {"pk": w.certificate.pk}, expect=unit_scoped(200)),
    "agreements:coverage_update": Rule(kwargs=lambda w: {"pk": w.certificate.pk}, expect=unit_scoped(200, leader=403)),
    "agreements:coverage_document": Rule(kwargs=lambda w: {"pk": w.certificate_document.pk}, expect=unit_scoped(200)),
}
