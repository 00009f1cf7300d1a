"""Key indicators quoted at the July 2024 training conference (seed 000; shared/DOMAIN.md)."""

import datetime
from decimal import Decimal

from .models import Indicator, IndicatorValue

SOURCE = "Phát biểu khai mạc Hội nghị tập huấn đối ngoại, Hải Dương, 15/07/2024"
DERIVED = "Tính từ mức tăng so với cùng kỳ nêu tại Hội nghị tập huấn đối ngoại, Hải Dương, 15/07/2024"

# code, Vietnamese name, English name, unit vi, unit en, end-June 2024 value, increase over a year earlier
INDICATORS = [
    (
        "si-participants",
        "Người tham gia bảo hiểm xã hội",
        "Social insurance participants",
        "triệu người",
        "million people",
        "18.305",
        "1.164",
    ),
    (
        "si-coverage",
        "Tỷ lệ bao phủ BHXH so với lực lượng lao động",
        "Social insurance coverage of the workforce",
        "%",
        "%",
        "39.05",
        None,
    ),
    (
        "ui-participants",
        "Người tham gia bảo hiểm thất nghiệp",
        "Unemployment insurance participants",
        "triệu người",
        "million people",
        "14.965",
        "0.955",
    ),
    (
        "ui-coverage",
        "Tỷ lệ bao phủ BHTN so với lực lượng lao động",
        "Unemployment insurance coverage of the workforce",
        "%",
        "%",
        "31.93",
        None,
    ),
    (
        "hi-participants",
        "Người tham gia bảo hiểm y tế",
        "Health insurance participants",
        "triệu người",
        "million people",
        "92.131",
        "1.225",
    ),
    (
        "hi-coverage",
        "Tỷ lệ bao phủ BHYT so với dân số",
        "Health insurance coverage of the population",
        "%",
        "%",
        "91.86",
        None,
    ),
    (
        "revenue-ytd",
        "Tổng thu BHXH, BHYT, BHTN lũy kế từ đầu năm",
        "Social, health and unemployment insurance revenue, year to date",
        "tỷ đồng",
        "billion VND",
        "240909",
        "19870",
    ),
]


def load(stdout=None) -> None:
    june_2024, june_2023 = datetime.date(2024, 6, 30), datetime.date(2023, 6, 30)
    for position, (code, name_vi, name_en, unit_vi, unit_en, value, increase) in enumerate(INDICATORS, start=1):
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "position": position,
            },
        )
        IndicatorValue.objects.get_or_create(
            indicator=indicator, period_end=june_2024, defaults={"value": Decimal(value), "source": SOURCE}
        )
        if increase:
            IndicatorValue.objects.get_or_create(
                indicator=indicator,
                period_end=june_2023,
                defaults={"value": Decimal(value) - Decimal(increase), "source": DERIVED},
            )
