"""The Agreement's rules for detached workers: 60 months, 36 more, counted from 01/01/2024, no overlap."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import User
from agreements import services
from agreements.models import CoverageCertificate
from agreements.periods import counted_from, last_day_of_period
from agreements.tests.factories import AgreementFactory, CoverageCertificateFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _fields(korea_agreement, office, **fields) -> dict:
    defaults = {
        "agreement": korea_agreement, "direction": CoverageCertificate.Direction.OUTBOUND, "office": office,
        "worker_name": "Trần Văn Biệt Phái", "nationality": "VN", "date_of_birth": D(1988, 8, 8),
        "identity_number": "B1234567", "home_employer": "Công ty Cổ phần Thử", "host_enterprise": "Test Korea Co.",
        "detachment_start": D(2024, 3, 1), "detachment_end": D(2027, 2, 28), "status": CoverageCertificate.Status.APPLIED,
    }
    return {**defaults, **fields}


def _certificate(korea_agreement, office, **fields):
    return CoverageCertificate(**_fields(korea_agreement, office, **fields))


def _errors(certificate) -> dict:
    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()
    return caught.value.message_dict


def test_last_day_of_period_counts_whole_months():
    assert last_day_of_period(D(2024, 1, 1), 60) == D(2028, 12, 31)
    assert last_day_of_period(D(2024, 3, 15), 36) == D(2027, 3, 14)


def test_counted_from_is_the_entry_into_force_for_workers_posted_before():
    assert counted_from(D(2022, 6, 1), D(2024, 1, 1)) == D(2024, 1, 1)
    assert counted_from(D(2024, 6, 1), D(2024, 1, 1)) == D(2024, 6, 1)


def test_certificate_of_exactly_60_months_is_valid(korea_agreement, unit):
    _certificate(korea_agreement, unit, detachment_start=D(2024, 1, 1), detachment_end=D(2028, 12, 31)).full_clean()


def test_certificate_longer_than_60_months_is_refused_with_the_last_allowed_day(korea_agreement, unit):
    with translation.override("vi"):
        errors = _errors(_certificate(korea_agreement, unit, detachment_start=D(2024, 3, 1), detachment_end=D(2029, 3, 1)))
    assert errors["detachment_end"] == [
        "Thời gian biệt phái lần đầu tối đa 60 tháng: phải kết thúc chậm nhất ngày 28/02/2029."
    ]


def test_worker_posted_before_2024_counts_from_the_entry_into_force(korea_agreement, unit):
    posted_2022 = _certificate(korea_agreement, unit, detachment_start=D(2022, 5, 1), detachment_end=D(2028, 12, 31))
    posted_2022.full_clean()  # 6 years since posting, but 60 months since 01/01/2024
    posted_2022.detachment_end = D(2029, 1, 1)
    with translation.override("vi"):
        message = _errors(posted_2022)["detachment_end"][0]
    assert "tính từ 01/01/2024" in message and "31/12/2028" in message


def test_detachment_that_ended_before_the_agreement_is_refused(korea_agreement, unit):
    errors = _errors(_certificate(korea_agreement, unit, detachment_start=D(2021, 1, 1), detachment_end=D(2023, 6, 30)))
    assert "detachment_end" in errors


def test_end_before_start_is_refused(korea_agreement, unit):
    errors = _errors(_certificate(korea_agreement, unit, detachment_start=D(2025, 1, 1), detachment_end=D(2024, 12, 1)))
    assert "detachment_end" in errors


def test_extension_of_36_months_is_valid(korea_agreement, unit):
    _certificate(
        korea_agreement, unit, detachment_start=D(2024, 1, 1), detachment_end=D(2028, 12, 31),
        extension_start=D(2029, 1, 1), extension_end=D(2031, 12, 31), status="extended", number="KR-1",
    ).full_clean()


def test_extension_longer_than_36_months_is_refused(korea_agreement, unit):
    certificate = _certificate(
        korea_agreement, unit, detachment_start=D(2024, 1, 1), detachment_end=D(2028, 12, 31),
        extension_start=D(2029, 1, 1), extension_end=D(2032, 1, 31),
    )
    with translation.override("vi"):
        errors = _errors(certificate)
    assert errors["extension_end"] == ["Thời gian gia hạn tối đa thêm 36 tháng: phải kết thúc chậm nhất ngày 31/12/2031."]


def test_extension_must_start_after_the_first_period(korea_agreement, unit):
    certificate = _certificate(korea_agreement, unit, extension_start=D(2026, 1, 1), extension_end=D(2028, 1, 1))
    assert "extension_start" in _errors(certificate)


def test_extension_needs_both_dates(korea_agreement, unit):
    assert "extension_end" in _errors(_certificate(korea_agreement, unit, extension_start=D(2027, 3, 1)))


def test_extended_status_needs_the_extension(korea_agreement, unit):
    assert "extension_start" in _errors(_certificate(korea_agreement, unit, status="extended", number="X-1"))


def test_issued_certificate_needs_a_number(korea_agreement, unit):
    assert "number" in _errors(_certificate(korea_agreement, unit, status="issued", number=""))


def test_instrument_without_detachment_rules_takes_no_certificate(unit):
    mou = AgreementFactory()
    assert "agreement" in _errors(_certificate(mou, unit))


def test_overlapping_certificates_of_the_same_worker_are_refused(korea_agreement, unit, other_unit):
    CoverageCertificateFactory(
        agreement=korea_agreement, office=other_unit, identity_number="B 123 4567", nationality="VN",
        detachment_start=D(2024, 3, 1), detachment_end=D(2026, 2, 28),
    )
    clash = _certificate(korea_agreement, unit, identity_number="b1234567", detachment_start=D(2026, 1, 1),
                         detachment_end=D(2027, 12, 31))
    with translation.override("vi"):
        errors = _errors(clash)
    assert errors["detachment_start"] == [
        "Người lao động này đã có giấy chứng nhận từ 01/03/2024 đến 28/02/2026: các thời gian không được chồng lấn."
    ]


def test_refused_certificate_does_not_block_a_new_one(korea_agreement, unit):
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, identity_number="B1234567",
                               status=CoverageCertificate.Status.REFUSED, number="")
    _certificate(korea_agreement, unit).full_clean()


def test_same_passport_of_another_nationality_is_another_worker(korea_agreement, unit):
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, identity_number="B1234567", nationality="KR")
    _certificate(korea_agreement, unit, nationality="VN").full_clean()


def test_consecutive_certificates_of_one_worker_are_allowed(korea_agreement, unit):
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, identity_number="B1234567",
                               detachment_start=D(2024, 1, 1), detachment_end=D(2024, 12, 31))
    _certificate(korea_agreement, unit, detachment_start=D(2025, 1, 1), detachment_end=D(2025, 12, 31)).full_clean()


def test_certificate_must_belong_to_an_office(korea_agreement):
    from accounts.tests.factories import UnitFactory

    board = UnitFactory(kind="central_unit")
    assert "office" in _errors(_certificate(korea_agreement, board))


def test_database_refuses_an_end_before_the_start(korea_agreement, unit):
    certificate = CoverageCertificateFactory(agreement=korea_agreement, office=unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageCertificate.objects.filter(pk=certificate.pk).update(detachment_end=D(2020, 1, 1))


def test_database_refuses_a_duplicate_certificate_number(korea_agreement, unit):
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, number="VN-KR-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CoverageCertificateFactory(agreement=korea_agreement, office=unit, number="VN-KR-1")


def test_covered_until_and_search_text_are_kept_in_step(korea_agreement, unit):
    certificate = CoverageCertificateFactory(
        agreement=korea_agreement, office=unit, worker_name="Đặng Thị Hằng", detachment_end=D(2028, 12, 31),
        extension_start=D(2029, 1, 1), extension_end=D(2030, 6, 30), status="extended",
    )
    assert certificate.covered_until == D(2030, 6, 30)
    assert CoverageCertificate.objects.search("dang thi hang").get() == certificate


def test_certificate_record_saves_and_sets_the_author(korea_agreement, unit, make_user):
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    certificate = services.certificate_record(data=_fields(korea_agreement, unit), by=officer)
    assert certificate.pk and certificate.created_by == officer
    assert certificate.worker_key == "VN:B1234567"
    assert certificate.history.first().history_user == officer


def test_certificate_record_refuses_a_bad_period(korea_agreement, unit, make_user):
    officer = make_user(User.Role.UNIT_OFFICER, unit)
    with pytest.raises(ValidationError):
        services.certificate_record(data=_fields(korea_agreement, unit, detachment_end=D(2030, 1, 1)), by=officer)
    assert not CoverageCertificate.objects.exists()


def test_certificate_update_detects_a_concurrent_edit(korea_agreement, unit, make_user):
    from core.locking import EditConflict

    officer = make_user(User.Role.UNIT_OFFICER, unit)
    certificate = services.certificate_record(data=_fields(korea_agreement, unit), by=officer)
    services.certificate_update(certificate=certificate, expected_version=0, data={"notes": "first"}, by=officer)
    with pytest.raises(EditConflict):
        services.certificate_update(certificate=certificate, expected_version=0, data={"notes": "second"}, by=officer)
    certificate.refresh_from_db()
    assert certificate.notes == "first" and certificate.lock_version == 1


def test_ending_within_keeps_live_certificates_ending_soon(korea_agreement, unit):
    today = D(2026, 11, 23)
    soon = CoverageCertificateFactory(agreement=korea_agreement, office=unit, detachment_end=D(2027, 1, 10))
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, detachment_end=D(2027, 6, 1))
    CoverageCertificateFactory(agreement=korea_agreement, office=unit, detachment_end=D(2027, 1, 5),
                               status=CoverageCertificate.Status.WITHDRAWN)
    assert list(CoverageCertificate.objects.ending_within(60, on=today)) == [soon]
