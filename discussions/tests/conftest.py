from types import SimpleNamespace

import pytest

from accounts.models import User
from accounts.tests.factories import UnitFactory, UserFactory
from plans.tests.factories import TaskFactory


@pytest.fixture
def thread(db):
    """A task led by Hải Phòng with Hà Nội elsewhere: the officers, a planner and a leader."""
    haiphong = UnitFactory(code="HPG-T", name_vi="Bảo hiểm xã hội thành phố Hải Phòng", name_en="Hai Phong Social Security")
    hanoi = UnitFactory(code="HNI-T", name_vi="Bảo hiểm xã hội thành phố Hà Nội", name_en="Ha Noi Social Security")
    coordinating = UnitFactory(code="TST-T", name_vi="Ban Quản lý Thu - Sổ, Thẻ", name_en="Collection Board")
    task = TaskFactory(lead=haiphong, coordinating=[coordinating], title="Đón đoàn NPS Hàn Quốc")
    return SimpleNamespace(
        task=task, haiphong=haiphong, hanoi=hanoi, coordinating=coordinating,
        officer=UserFactory(username="hp-officer", first_name="Lan", last_name="Nguyễn", unit=haiphong,
                            role=User.Role.UNIT_OFFICER),
        colleague=UserFactory(username="hp-colleague", first_name="Minh", last_name="Trần", unit=haiphong,
                              role=User.Role.UNIT_OFFICER),
        coordinator=UserFactory(username="tst-officer", unit=coordinating, role=User.Role.UNIT_OFFICER),
        outsider=UserFactory(username="hn-officer", unit=hanoi, role=User.Role.UNIT_OFFICER),
        planner=UserFactory(username="th-planner", role=User.Role.CENTRAL_PLANNER),
        leader=UserFactory(username="th-leader", role=User.Role.LEADERSHIP),
    )
