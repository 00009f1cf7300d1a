import importlib
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def bench_generators():
    """Each app's `bench.generate`, in INSTALLED_APPS order (dependency order)."""
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.bench":
                continue
            raise
        yield config.name, module.generate


class Command(BaseCommand):
    help = (
        "Generate synthetic data at SCALE × one ministry-year (scale 1: 5 plans, 2,000 tasks, 10,000 assignments, "
        "40,000 reports, 200 conferences, 5,000 certificates, 100,000 notifications). Deterministic with --seed; "
        "safe beside the demo data (every generated row is marked BENCH)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()
        for name, generate in bench_generators():
            step = time.monotonic()
            with transaction.atomic():
                generate(scale=scale, rng=random.Random(f"{seed}-{name}"), stdout=self.stdout)
            self.stdout.write(f"  {name}: done in {time.monotonic() - step:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Scale {scale} generated in {time.monotonic() - started:.1f} s."))
