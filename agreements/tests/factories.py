import datetime

import factory

from accounts.models import Unit
from accounts.tests.factories import UnitFactory
from agreements.models import Agreement, AgreementDocument, CoverageCertificate


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Bản ghi nhớ hợp tác số {n}")
    kind = Agreement.Kind.MOU
    status = Agreement.Status.SIGNED
    signed_on = datetime.date(2023, 5, 10)
    place_of_signing = "Hà Nội"


class SocialInsuranceAgreementFactory(AgreementFactory):
    """An agreement under which certificates of coverage are issued: 60 months, 36 more, in force 01/01/2024."""

    title = factory.Sequence(lambda n: f"Hiệp định về bảo hiểm xã hội số {n}")
    kind = Agreement.Kind.AGREEMENT
    status = Agreement.Status.IN_FORCE
    signed_on = datetime.date(2021, 12, 14)
    in_force_on = datetime.date(2024, 1, 1)
    max_detachment_months = 60
    max_extension_months = 36


class AgreementDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementDocument

    agreement = factory.SubFactory(AgreementFactory)
    title = "Văn bản ký kết"
    file = factory.django.FileField(filename="van-ban.pdf", data=b"%PDF-1.4\n%test\n")
    uploaded_by = factory.SubFactory("accounts.tests.factories.UserFactory")


class CoverageCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverageCertificate

    agreement = factory.SubFactory(SocialInsuranceAgreementFactory)
    direction = CoverageCertificate.Direction.OUTBOUND
    worker_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    nationality = CoverageCertificate.Nationality.VN
    date_of_birth = datetime.date(1990, 3, 15)
    identity_number = factory.Sequence(lambda n: f"C{n:07d}")
    home_employer = "Công ty TNHH Xây dựng Thử Nghiệm"
    host_enterprise = "Test Construction Co., Ltd."
    detachment_start = datetime.date(2024, 3, 1)
    detachment_end = datetime.date(2026, 2, 28)
    number = factory.Sequence(lambda n: f"VN-KR-{n:05d}")
    office = factory.SubFactory(UnitFactory, kind=Unit.Kind.PROVINCIAL)
    status = CoverageCertificate.Status.ISSUED
