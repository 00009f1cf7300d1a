"""Demo discussion: on a current-year task of Hải Phòng, its officer asks and central staff answer,
mentioning the unit. Idempotent: a task that already has posts is left as it is."""

from django.utils import timezone

from accounts.models import User
from plans.models import Assignment, Plan, Task

from . import services


def load(stdout=None) -> None:
    officer = User.objects.filter(username="haiphong").select_related("unit").first()
    central = User.objects.filter(username="central").first()
    if officer is None or central is None or officer.unit is None:
        return
    year = timezone.localdate().year
    assigned = Assignment.objects.current().filter(unit_id__in=officer.unit_lineage_ids).values("task_id")
    task = (
        Task.objects.live().filter(plan__year=year, plan__kind=Plan.Kind.ANNUAL, pk__in=assigned)
        .order_by("deadline", "pk").first()
    )
    if task is None or task.posts.exists():
        return
    services.post_create(
        task=task, by=officer,
        text="Kính gửi Ban Hợp tác quốc tế,\nĐơn vị cần xác nhận thời gian và thành phần đoàn để chuẩn bị. "
             "Đề nghị cho biết có cần bố trí phiên dịch không?",
    )
    services.post_create(
        task=task, by=central, units=[officer.unit],
        text="Lịch dự kiến và thành phần đoàn xem tại https://baohiemxahoi.gov.vn. "
             "Đề nghị BHXH thành phố Hải Phòng bố trí 01 phiên dịch tiếng Hàn và báo cáo kết quả trong kỳ.",
    )
