"""Benchmark data: 5 plans × scale, 400 tasks each, 5 assignments per task (1 lead, 4 coordinating)."""

import datetime

from django.utils import timezone

from accounts.models import Unit
from core.text import fold

from .deadlines import DeadlineRules
from .models import Assignment, Objective, Plan, Task

PLANS_PER_SCALE = 5
TASKS_PER_PLAN = 400
OBJECTIVES_PER_PLAN = 10
COORDINATING_PER_TASK = 4
WORDS = [
    "hợp tác",
    "Hàn Quốc",
    "ASSA",
    "ISSA",
    "đoàn ra",
    "đoàn vào",
    "hội thảo",
    "đào tạo",
    "thông tin đối ngoại",
    "Ngân hàng Thế giới",
    "ILO",
    "Lào",
    "bảo hiểm xã hội",
    "hiệp định",
    "chuyển đổi số",
    "giấy chứng nhận",
]


def generate(*, scale: int, rng, stdout) -> None:
    today = timezone.localdate()
    year = today.year
    vss = Unit.objects.get(code="VSS")
    units = list(Unit.objects.internal().active_on(today).exclude(kind=Unit.Kind.VSS))
    start = Plan.objects.filter(number__startswith="BENCH").count()
    plans = Plan.objects.bulk_create(
        [
            Plan(
                number=f"BENCH{start + n + 1}/KH-BHXH",
                year=year,
                issue_date=datetime.date(year, 1, 15),
                title=f"BENCH kế hoạch {start + n + 1}",
                issuing_unit=vss,
                status=Plan.Status.ISSUED,
                search_text=fold(f"BENCH kế hoạch {start + n + 1}"),
            )
            for n in range(PLANS_PER_SCALE * scale)
        ]
    )
    objectives = Objective.objects.bulk_create(
        [
            Objective(plan=plan, position=i + 1, text=f"Mục tiêu {i + 1}: {rng.choice(WORDS)}")
            for plan in plans
            for i in range(OBJECTIVES_PER_PLAN)
        ]
    )
    by_plan = {}
    for objective in objectives:
        by_plan.setdefault(objective.plan_id, []).append(objective)
    categories, statuses = Task.Category.values, Task.Status.values
    rules = DeadlineRules.load()
    tasks = []
    for plan in plans:
        for i in range(TASKS_PER_PLAN):
            title = f"Nhiệm vụ {i + 1} {rng.choice(WORDS)} {rng.choice(WORDS)}"
            status = rng.choice(statuses)
            deadline = today + datetime.timedelta(days=rng.randint(-200, 200))
            tasks.append(
                Task(
                    plan=plan,
                    objective=rng.choice(by_plan[plan.pk]),
                    position=i + 1,
                    title=title,
                    content=title,
                    category=rng.choice(categories),
                    start_date=min(deadline, datetime.date(year, 1, 15)),
                    deadline=deadline,
                    effective_deadline=rules.effective(deadline),
                    budget=rng.randint(0, 50) * 10_000_000,
                    status=status,
                    progress=100 if status == Task.Status.DONE else rng.randint(0, 90),
                    completed_on=deadline + datetime.timedelta(days=rng.randint(-30, 10)) if status == Task.Status.DONE else None,
                    search_text=fold(title),
                )
            )
    tasks = Task.objects.bulk_create(tasks, batch_size=2000)
    stdout.write(f"    {len(plans)} plans, {len(tasks)} tasks")
    assignments = []
    for task in tasks:
        chosen = rng.sample(units, 1 + COORDINATING_PER_TASK)
        assignments.append(Assignment(task=task, unit=chosen[0], role=Assignment.Role.LEAD))
        assignments.extend(Assignment(task=task, unit=unit, role=Assignment.Role.COORDINATING) for unit in chosen[1:])
    Assignment.objects.bulk_create(assignments, batch_size=5000)
    stdout.write(f"    {len(assignments)} assignments")
