import pytest

from agreements.tests.factories import SocialInsuranceAgreementFactory


@pytest.fixture
def korea_agreement(db):
    return SocialInsuranceAgreementFactory(title="Hiệp định giữa Việt Nam và Hàn Quốc về bảo hiểm xã hội")
