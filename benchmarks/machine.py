"""Is the machine quiet enough to measure on? The load average at the start and end of a run, and
where its results may go.

On a busy machine every figure is meaningless, so a run refuses: it stops before measuring when the
one-minute load average is above LOAD_LIMIT, and refuses to write results when it was above it at
the end. `--allow-busy` turns this into a dry run: results are marked "not valid: busy machine" and
written to var/benchmarks-busy/ (ignored by git), never to benchmarks/results/.

    python -m benchmarks.machine start --out load.json [--wait 300] [--allow-busy]   # by benchmarks/loadtest.sh

The end-of-run figure includes the benchmark's own work. The page benchmark runs one request at a time
(its process and its PostgreSQL backend take turns), so it adds about one runnable task: its end is
judged against the limit plus OWN_LOAD_PAGES. A load test saturates the machine by design, so there
only the start is judged.
"""

import argparse
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BUSY_RESULTS = ROOT / "var" / "benchmarks-busy"
LOAD_LIMIT = 1.5
OWN_LOAD_PAGES = 1.0  # the in-process page benchmark's own share of the end-of-run load average
NOT_VALID = "not valid: busy machine"


@dataclass
class Run:
    """One benchmark run's load-average readings, and the verdict on its results."""

    allow_busy: bool = False
    loadavg: Callable[[], tuple[float, float, float]] = os.getloadavg
    limit: float = LOAD_LIMIT
    results: Path = RESULTS
    busy_results: Path = BUSY_RESULTS
    readings: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    judged: set[str] = field(default_factory=set)
    own_load: dict[str, float] = field(default_factory=dict)  # the run's own share of a reading, allowed on top

    def start(self) -> None:
        """Record the load at the start; stop here on a busy machine unless this is a dry run."""
        self._read("start", judged=True)
        self._refuse_if_busy("measuring")

    def wait_until_quiet(self, *, timeout: float = 300, poll: float = 10, sleep: Callable[[float], None] = time.sleep) -> None:
        """Give the load of our own work just done (building a database) time to fall, for at most `timeout` s."""
        waited = 0.0
        while self.loadavg()[0] > self.limit and waited < timeout:
            if not waited:
                print(f"Waiting up to {timeout:.0f} s for the load average to fall below {self.limit:g}", flush=True)
            sleep(poll)
            waited += poll

    def finish(self, *, judged: bool = True, own_load: float = 0.0) -> None:
        """Record the load at the end (judged=False when the run itself loads the machine: a load test;
        `own_load`, the run's own share of the reading, is allowed on top of the limit)."""
        self._read("end", judged=judged)
        if own_load:
            self.own_load["end"] = own_load

    def limit_at(self, moment: str) -> float:
        return self.limit + self.own_load.get(moment, 0.0)

    def _read(self, moment: str, *, judged: bool) -> None:
        self.readings[moment] = tuple(round(value, 2) for value in self.loadavg())
        if judged:
            self.judged.add(moment)

    @property
    def busy(self) -> list[str]:
        """The judged moments whose one-minute load average was above the limit."""
        return [moment for moment in ("start", "end")
                if moment in self.judged and self.readings[moment][0] > self.limit_at(moment)]

    @property
    def valid(self) -> bool:
        return not self.busy

    def describe(self) -> str:
        """One line for the head of a result file."""
        loads = ", ".join(f"{moment} {' / '.join(f'{v:.2f}' for v in values)}" for moment, values in self.readings.items())
        line = f"Load average (1 / 5 / 15 min): {loads}; limit {self.limit:g} on the one-minute figure"
        if self.own_load:
            line += "".join(f" (at the {moment}: {self.limit_at(moment):g}, the run's own {share:g} allowed on top)"
                            for moment, share in self.own_load.items())
        if self.valid:
            return line + "."
        return f"**{NOT_VALID}** — {line}, exceeded at the {' and the '.join(self.busy)}."

    def summary(self) -> dict:
        return {"load_average": self.readings, "limit": self.limit, "own_load": self.own_load, "valid": self.valid,
                "note": "" if self.valid else NOT_VALID}

    def _refuse_if_busy(self, doing: str) -> None:
        if self.valid or self.allow_busy:
            return
        moments = " and ".join(f"{moment} {self.readings[moment][0]:.2f} (limit {self.limit_at(moment):g})"
                               for moment in self.busy)
        raise SystemExit(
            f"Machine busy: one-minute load average {moments}, so not {doing}. "
            f"Rerun on a quiet machine, or pass --allow-busy (ALLOW_BUSY=1 for the shell scripts) for a dry run "
            f"whose results are marked '{NOT_VALID}' and written to {self.busy_results}."
        )

    def results_dir(self) -> Path:
        """Where this run's results go: benchmarks/results/ only when the machine was quiet."""
        self._refuse_if_busy("writing results")
        folder = self.results if self.valid else self.busy_results
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def write(self, name: str, text: str) -> Path:
        path = self.results_dir() / name
        path.write_text(text, encoding="utf-8")
        return path

    def dump(self, path: Path) -> None:
        path.write_text(json.dumps({"allow_busy": self.allow_busy, "readings": self.readings,
                                    "judged": sorted(self.judged)}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Run":
        saved = json.loads(path.read_text(encoding="utf-8"))
        readings = {moment: tuple(values) for moment, values in saved["readings"].items()}
        return cls(allow_busy=saved["allow_busy"], readings=readings, judged=set(saved["judged"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("moment", choices=["start"])
    parser.add_argument("--out", required=True, type=Path, help="where to keep the reading for the report")
    parser.add_argument("--allow-busy", action="store_true")
    parser.add_argument("--wait", type=float, default=0, help="seconds to wait for a busy machine to quieten")
    args = parser.parse_args()
    run = Run(allow_busy=args.allow_busy)
    if args.wait and not args.allow_busy:
        run.wait_until_quiet(timeout=args.wait)
    run.start()
    run.dump(args.out)
    print(run.describe())


if __name__ == "__main__":
    main()
