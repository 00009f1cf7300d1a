import importlib
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


def bench_generators():
    """Each app's `bench.generate` by app label, in INSTALLED_APPS order (dependency order)."""
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.bench":
                continue
            raise
        yield config.label, module.generate


class Command(BaseCommand):
    help = (
        "Generate synthetic data at SCALE × one ministry-year (scale 1: 5 plans, 2,000 tasks, 10,000 assignments, "
        "40,000 reports, 200 conferences, 5,000 certificates, 100,000 notifications). Deterministic with --seed; "
        "safe beside the demo data (every generated row is marked BENCH); a second run adds another batch. "
        "--only plans reports grows the engine's data alone (how benchmarks/ builds scale 30 from scale 10)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--only", nargs="+", metavar="APP", help="run only these apps' generators (app labels)")

    def handle(self, *args, scale, seed, only, **options):
        generators = list(bench_generators())
        if only:
            unknown = sorted(set(only) - {label for label, _generate in generators})
            if unknown:
                available = ", ".join(label for label, _generate in generators)
                raise CommandError(f"No benchmark generator for {', '.join(unknown)}; there are: {available}.")
            generators = [(label, generate) for label, generate in generators if label in only]
        started = time.monotonic()
        for label, generate in generators:
            step = time.monotonic()
            with transaction.atomic():
                generate(scale=scale, rng=random.Random(f"{seed}-{label}"), stdout=self.stdout)
            self.stdout.write(f"  {label}: done in {time.monotonic() - step:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Scale {scale} generated in {time.monotonic() - started:.1f} s."))
