import datetime

import factory

from accounts.models import Unit
from accounts.tests.factories import UnitFactory
from plans.models import Assignment, Objective, Plan, Task


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2024
    # Its own issuer code, so generated numbers never collide with the explicit ones tests use.
    number = factory.Sequence(lambda n: f"{n + 1}/KH-TEST")
    issue_date = factory.LazyAttribute(lambda p: datetime.date(p.year, 1, 26))
    title = factory.Sequence(lambda n: f"Kế hoạch công tác đối ngoại số {n}")
    kind = Plan.Kind.ANNUAL
    status = Plan.Status.ISSUED
    issuing_unit = factory.LazyFunction(
        lambda: Unit.objects.get_or_create(
            code="VSS",
            defaults={"kind": Unit.Kind.VSS, "name_vi": "Bảo hiểm xã hội Việt Nam", "name_en": "Vietnam Social Security"},
        )[0]
    )


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Mục tiêu {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    """A task with its lead unit (`lead`, a Unit) assigned; pass coordinating=[units] for more."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhiệm vụ hợp tác {n}")
    content = "Nội dung nhiệm vụ"
    expected_result = "Kết quả dự kiến"
    category = Task.Category.OTHER
    start_date = factory.LazyAttribute(lambda t: datetime.date(t.objective.plan.year, 1, 1))
    deadline = factory.LazyAttribute(lambda t: datetime.date(t.objective.plan.year, 12, 31))

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create:
            Assignment.objects.create(task=self, unit=extracted or UnitFactory(), role=Assignment.Role.LEAD)

    @factory.post_generation
    def coordinating(self, create, extracted, **kwargs):
        if create and extracted:
            for unit in extracted:
                Assignment.objects.create(task=self, unit=unit, role=Assignment.Role.COORDINATING)
