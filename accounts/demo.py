"""Demo accounts of shared/INTERFACE.md, each with its role and unit."""

from django.conf import settings
from django.contrib.auth.models import Group

from .models import Unit, User
from .unit_data import load_units

DEMO_ACCOUNTS = [
    # username, role, unit code, first name, last name, position
    ("admin", User.Role.ADMINISTRATOR, "VSS", "Quản trị", "Hệ thống", "Quản trị viên"),
    ("central", User.Role.CENTRAL_PLANNER, "HTQT", "Thu Hà", "Nguyễn", "Chuyên viên hợp tác quốc tế"),
    ("leader", User.Role.LEADERSHIP, "VSS", "Minh", "Trần", "Phó Tổng Giám đốc"),
    ("haiduong", User.Role.UNIT_OFFICER, "P63-HAIDUONG", "Văn Nam", "Phạm", "Cán bộ đầu mối đối ngoại"),
    ("haiphong", User.Role.UNIT_OFFICER, "P34-HAIPHONG", "Thị Lan", "Vũ", "Cán bộ đầu mối đối ngoại"),
    ("hanoi", User.Role.UNIT_OFFICER, "P34-HANOI", "Quốc Huy", "Đỗ", "Cán bộ đầu mối đối ngoại"),
    ("tst", User.Role.UNIT_OFFICER, "TST", "Thu Trang", "Lê", "Cán bộ đầu mối đối ngoại"),
]


def load(stdout=None) -> None:
    load_units(Unit)
    for username, role, unit_code, first_name, last_name, position in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "unit": Unit.objects.get(code=unit_code),
                "first_name": first_name,
                "last_name": last_name,
                "position": position,
                "email": f"{username}@demo.vss.gov.vn",
                "is_staff": role == User.Role.ADMINISTRATOR,
                "is_superuser": role == User.Role.ADMINISTRATOR,
                "is_active": True,
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
