"""Benchmark data: 5,000 certificates of coverage × scale under a BENCH agreement (60 months, 36 more).

Every tenth certificate is a worker's second one, starting after the first ended, so the register
holds repeat workers without ever breaking the no-overlap rule. Periods respect the 60/36-month
limits counted from the agreement's entry into force. Identity numbers and names start with BENCH;
a second run adds another batch with the next numbers.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.models import Unit
from core.text import fold

from .models import OFFICE_KINDS, Agreement, CoverageCertificate, worker_key
from .periods import counted_from, last_day_of_period

CERTIFICATES_PER_SCALE = 5000
REPEAT_EVERY = 10
BATCH_SIZE = 5000
AGREEMENT_TITLE = "BENCH Hiệp định về bảo hiểm xã hội (dữ liệu đo hiệu năng)"
IN_FORCE = datetime.date(2024, 1, 1)
Status = CoverageCertificate.Status
STATUS_WEIGHTS = {
    Status.APPLIED: 10, Status.ISSUED: 55, Status.EXTENDED: 10, Status.ENDED: 15, Status.REFUSED: 5, Status.WITHDRAWN: 5,
}
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Kim", "Lee", "Park", "Choi"]
GIVEN_NAMES = ["Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thu Hà", "Quốc Hùng", "Ji-ho", "Min-jun", "Seo-yeon"]
VN_EMPLOYERS = ["Công ty Cổ phần Xây dựng Sông Hồng", "Tổng công ty Điện tử Hà Nội", "Công ty TNHH Cơ khí Hải Phòng"]
KR_EMPLOYERS = ["Hanbit Engineering Co.", "Daehan Electronics Ltd.", "Seoul Construction Corp."]


def generate(*, scale: int, rng, stdout) -> None:
    today = timezone.localdate()
    agreement = _agreement()
    offices = list(Unit.objects.filter(kind__in=OFFICE_KINDS).order_by("code"))
    start = CoverageCertificate.objects.filter(identity_number__startswith="BENCH").count()
    certificates, previous = [], None
    for n in range(start + 1, start + CERTIFICATES_PER_SCALE * scale + 1):
        repeat = previous if n % REPEAT_EVERY == 0 and previous is not None else None
        certificate = _certificate(n, agreement, offices, rng=rng, today=today, after=repeat)
        certificates.append(certificate)
        previous = certificate
    CoverageCertificate.objects.bulk_create(certificates, batch_size=BATCH_SIZE)
    stdout.write(f"    {len(certificates)} certificates of coverage")


def _agreement() -> Agreement:
    agreement, _created = Agreement.objects.get_or_create(
        title=AGREEMENT_TITLE,
        defaults={
            "kind": Agreement.Kind.AGREEMENT,
            "status": Agreement.Status.IN_FORCE,
            "signed_on": datetime.date(2021, 12, 14),
            "in_force_on": IN_FORCE,
            "max_detachment_months": 60,
            "max_extension_months": 36,
            "notes": "Dữ liệu giả lập để đo hiệu năng.",
        },
    )
    return agreement


def _certificate(n: int, agreement: Agreement, offices, *, rng, today, after: CoverageCertificate | None):
    """Certificate number `n`; with `after`, the same worker's next certificate, once the first ended."""
    if after is None:
        direction = CoverageCertificate.Direction.OUTBOUND if rng.random() < 0.75 else CoverageCertificate.Direction.INBOUND
        nationality = "VN" if direction == CoverageCertificate.Direction.OUTBOUND else "KR"
        identity = f"BENCH{n:08d}"
        name = f"BENCH {rng.choice(FAMILY_NAMES)} {rng.choice(GIVEN_NAMES)} {n}"
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randint(0, 13000))
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        start = datetime.date(2023, 6, 1) + datetime.timedelta(days=rng.randint(0, (today - datetime.date(2023, 6, 1)).days + 90))
    else:
        # The first certificate ends early, then the worker is posted again.
        direction, nationality, identity = after.direction, after.nationality, after.identity_number
        name, born = after.worker_name, after.date_of_birth
        after.status, after.extension_start, after.extension_end = Status.ENDED, None, None
        after.detachment_end = min(after.detachment_end, counted_from(after.detachment_start, IN_FORCE) + relativedelta(months=6))
        after.number = after.number or f"BENCH-{after.identity_number[5:]}-{after.direction[:2].upper()}"
        _derive(after)
        status = rng.choice([Status.APPLIED, Status.ISSUED, Status.ISSUED])
        start = after.covered_until + datetime.timedelta(days=rng.randint(30, 120))
    end = last_day_of_period(counted_from(start, IN_FORCE), rng.randint(6, 60))
    certificate = CoverageCertificate(
        agreement=agreement,
        direction=direction,
        worker_name=name,
        nationality=nationality,
        date_of_birth=born,
        identity_number=identity,
        home_employer=rng.choice(VN_EMPLOYERS if nationality == "VN" else KR_EMPLOYERS),
        host_enterprise=rng.choice(KR_EMPLOYERS if nationality == "VN" else VN_EMPLOYERS),
        detachment_start=start,
        detachment_end=end,
        office=_office(offices, start, rng),
        status=status,
    )
    if status == Status.EXTENDED:
        certificate.extension_start = end + datetime.timedelta(days=1)
        certificate.extension_end = last_day_of_period(certificate.extension_start, rng.randint(6, 36))
    if status in CoverageCertificate.NUMBERED:
        certificate.number = f"BENCH-{n:08d}-{direction[:2].upper()}"
    _derive(certificate)
    return certificate


def _office(offices, day: datetime.date, rng) -> Unit:
    return rng.choice([office for office in offices if office.is_active_on(day)] or offices)


def _derive(certificate: CoverageCertificate) -> None:
    """What CoverageCertificate.save() computes, for rows that go in with bulk_create."""
    certificate.worker_key = worker_key(certificate.nationality, certificate.identity_number)
    certificate.covered_until = certificate.extension_end or certificate.detachment_end
    certificate.search_text = fold(
        f"{certificate.number} {certificate.worker_name} {certificate.identity_number} "
        f"{certificate.home_employer} {certificate.host_enterprise}"
    )
