"""The benchmark data generator: one ministry-year at scale 1, beside the demo data, deterministic.

The full scale-1 run is the slow test here (about a minute); the determinism and re-run checks use
a reduced ministry-year (fewer plans, tasks, conferences and certificates per scale).
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

import agreements.bench
import conferences.bench
import notifications.bench
import plans.bench
from accounts.models import Unit, User
from agreements.models import CoverageCertificate
from conferences.models import Conference, Feedback, Invitation, Participant
from notifications.models import Notification
from plans.models import Assignment, Plan, Task
from reports.models import ProgressReport, ReportingPeriod

pytestmark = pytest.mark.django_db


def generate(scale=1, seed=2024, only=None) -> str:
    out = StringIO()
    call_command("generate_bench_data", scale=scale, seed=seed, only=only, stdout=out)
    return out.getvalue()


def bench_fingerprint() -> dict:
    """What the generator wrote, without database ids (sequences do not roll back)."""
    return {
        "plans": list(Plan.objects.filter(number__startswith="BENCH").order_by("number").values_list("number", "title")),
        "tasks": list(
            Task.objects.filter(plan__number__startswith="BENCH")
            .order_by("plan__number", "position")
            .values_list("plan__number", "position", "title", "status", "deadline", "budget")
        ),
        "assignments": list(
            Assignment.objects.filter(task__plan__number__startswith="BENCH")
            .order_by("task__plan__number", "task__position", "unit__code")
            .values_list("task__plan__number", "task__position", "unit__code", "role")
        ),
        "reports": list(
            ProgressReport.objects.filter(period__plan__number__startswith="BENCH")
            .order_by("period__plan__number", "assignment__task__position", "unit__code", "period__label")
            .values_list(
                "assignment__task__position", "unit__code", "period__label", "status", "progress", "results", "submitted_at"
            )
        ),
        "conferences": list(
            Conference.objects.filter(title__startswith="BENCH")
            .order_by("title")
            .values_list("title", "kind", "start_date", "end_date", "status", "province__code")
        ),
        "invitations": list(
            Invitation.objects.filter(conference__title__startswith="BENCH")
            .order_by("conference__title", "unit__code")
            .values_list("conference__title", "unit__code", "quota")
        ),
        "participants": list(
            Participant.objects.filter(conference__title__startswith="BENCH")
            .order_by("conference__title", "name")
            .values_list("conference__title", "name", "status")
        ),
        "feedback": Feedback.objects.filter(session__conference__title__startswith="BENCH").count(),
        "certificates": list(
            CoverageCertificate.objects.filter(identity_number__startswith="BENCH")
            .order_by("identity_number", "detachment_start")
            .values_list("identity_number", "worker_name", "status", "number", "detachment_start", "covered_until")
        ),
        "notifications": sorted(
            (username, rule, title, read_at is None)
            for username, rule, title, read_at in Notification.objects.filter(title__startswith="BENCH").values_list(
                "recipient__username", "rule", "title", "read_at"
            )
        ),
    }


def demo_snapshot() -> dict:
    """Every row the generator must leave alone: the demo's own, with when it last changed."""
    return {
        "users": sorted(
            User.objects.exclude(username__startswith="bench-").values_list("username", "unit__code", "password")
        ),
        "plans": sorted(Plan.objects.exclude(number__startswith="BENCH").values_list("pk", "number", "status", "updated_at")),
        "tasks": sorted(
            Task.objects.exclude(plan__number__startswith="BENCH").values_list("pk", "status", "progress", "updated_at")
        ),
        "periods": sorted(
            ReportingPeriod.objects.exclude(plan__number__startswith="BENCH").values_list("pk", "label", "due_date")
        ),
        "reports": sorted(
            ProgressReport.objects.exclude(period__plan__number__startswith="BENCH").values_list("pk", "status", "updated_at")
        ),
        "conferences": sorted(
            Conference.objects.exclude(title__startswith="BENCH").values_list("pk", "status", "updated_at")
        ),
        "participants": sorted(
            Participant.objects.exclude(conference__title__startswith="BENCH").values_list("pk", "name", "status")
        ),
        "certificates": sorted(
            CoverageCertificate.objects.exclude(identity_number__startswith="BENCH").values_list("pk", "status", "updated_at")
        ),
        "notifications": sorted(Notification.objects.exclude(title__startswith="BENCH").values_list("pk", "read_at")),
    }


@pytest.fixture
def small_year(monkeypatch):
    """A reduced ministry-year: 1 plan of 40 tasks, 10 conferences and 100 certificates per scale."""
    monkeypatch.setattr(plans.bench, "PLANS_PER_SCALE", 1)
    monkeypatch.setattr(plans.bench, "TASKS_PER_PLAN", 40)
    monkeypatch.setattr(conferences.bench, "CONFERENCES_PER_SCALE", 10)
    monkeypatch.setattr(agreements.bench, "CERTIFICATES_PER_SCALE", 100)
    monkeypatch.setattr(notifications.bench, "NOTIFICATIONS_PER_SCALE", 500)


def test_generate_bench_data_scale_1_is_one_ministry_year_beside_the_demo():
    call_command("load_demo", stdout=StringIO())
    demo = demo_snapshot()

    output = generate(scale=1)

    bench_plans = Plan.objects.filter(number__startswith="BENCH")
    assert bench_plans.count() == 5
    assert Task.objects.filter(plan__in=bench_plans).count() == 2_000
    assert Assignment.objects.filter(task__plan__in=bench_plans).count() == 10_000
    assert ReportingPeriod.objects.filter(plan__in=bench_plans).count() == 30
    bench_reports = ProgressReport.objects.filter(period__plan__in=bench_plans)
    assert bench_reports.count() == 40_000
    assert set(bench_reports.values_list("status", flat=True).distinct()) == set(ProgressReport.Status.values)
    assert Conference.objects.filter(title__startswith="BENCH").count() == 200
    assert Participant.objects.filter(conference__title__startswith="BENCH").count() == 10_000
    assert Invitation.objects.filter(conference__title__startswith="BENCH", unit__kind=Unit.Kind.PROVINCIAL).count() == 5_000
    assert CoverageCertificate.objects.filter(identity_number__startswith="BENCH").count() == 5_000
    assert User.objects.filter(username__startswith="bench-").count() == 2 * Unit.objects.internal().count()
    bench_notifications = Notification.objects.filter(title__startswith="BENCH")
    assert bench_notifications.count() == 100_000
    assert not bench_notifications.exclude(recipient__username__startswith="bench-").exists()
    assert "Scale 1 generated" in output
    assert demo_snapshot() == demo


def test_generate_bench_data_rows_pass_model_validation(small_year):
    generate(scale=1)

    certificates = CoverageCertificate.objects.filter(identity_number__startswith="BENCH").select_related("agreement", "office")
    for certificate in certificates:
        certificate.full_clean()  # includes the 60/36-month limits and no overlap for the same worker
    assert certificates.values("worker_key").distinct().count() < certificates.count()  # some workers came back
    reports = ProgressReport.objects.filter(period__plan__number__startswith="BENCH").select_related(
        "assignment__task__plan", "period", "unit"
    )
    for report in reports[:500]:
        report.full_clean()
        saved_text = report.search_text
        report.save()
        assert report.search_text == saved_text
    for conference in Conference.objects.filter(title__startswith="BENCH").select_related("province", "organiser"):
        conference.full_clean()


def test_generate_bench_data_same_seed_gives_the_same_data(small_year):
    fingerprints = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            generate(scale=1, seed=seed)
            fingerprints.append(bench_fingerprint())
            transaction.set_rollback(True)

    first, again, other_seed = fingerprints
    assert first == again
    assert len(first["reports"]) == 4 * len(first["assignments"]) == 4 * 5 * 40
    assert other_seed["tasks"] != first["tasks"]


def test_generate_bench_data_run_twice_adds_a_second_batch(small_year):
    generate(scale=1)
    first = bench_fingerprint()

    generate(scale=1)

    second = bench_fingerprint()
    assert [number for number, _title in second["plans"]] == ["BENCH1/KH-BHXH", "BENCH2/KH-BHXH"]
    for name in ("tasks", "assignments", "reports", "conferences", "invitations", "participants", "certificates"):
        assert len(second[name]) == 2 * len(first[name]), name
    assert User.objects.filter(username__startswith="bench-").count() == 2 * Unit.objects.internal().count()


def test_generate_bench_data_only_plans_and_reports_grows_the_engine_alone(small_year):
    """How benchmarks/databases.py builds scale 30: scale 10 of everything, then 20 more of plans and reports."""
    generate(scale=1)
    first = bench_fingerprint()

    output = generate(scale=2, only=["plans", "reports"])

    grown = bench_fingerprint()
    assert len(grown["plans"]) == 3 * len(first["plans"]) == 3
    assert len(grown["tasks"]) == 3 * 40
    assert len(grown["assignments"]) == 3 * len(first["assignments"])
    assert len(grown["reports"]) == 4 * len(grown["assignments"])
    assert ReportingPeriod.objects.filter(plan__number__startswith="BENCH").count() == 3 * 6
    for name in ("conferences", "invitations", "participants", "certificates", "notifications"):
        assert grown[name] == first[name], name
    assert "plans: done" in output and "reports: done" in output and "conferences" not in output


def test_generate_bench_data_only_an_app_without_generator_is_an_error():
    with pytest.raises(CommandError, match="No benchmark generator for dashboard, nonsense"):
        generate(only=["plans", "nonsense", "dashboard"])

    assert not Plan.objects.filter(number__startswith="BENCH").exists()
