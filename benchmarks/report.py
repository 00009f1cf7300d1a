"""The report of benchmarks.pages: tables in Markdown, judged against the targets of issue 19."""

import datetime
import os
import platform

from benchmarks.rows import BARE_PAGE, BASELINES, COLD_DASHBOARD, SAVED_ELSEWHERE_DASHBOARD, SAVED_REPORT_DASHBOARD

TARGET_TIMES_BARE = 10  # every page ≤ 10× the bare page (at scale 10)
TARGET_GROWTH = 1.25  # from scale 1 to scale 30
TARGET_ROWS_PER_S = 20_000
TARGET_EXPORT_MIB = 30  # at scale 30
TARGET_SCAN_S = {10: 10, 30: 30}
TARGET_AFTER_SAVE = 2  # the dashboard after a save, over the cached dashboard
CACHED_DASHBOARD = "/dashboard/"


def _judged_scale(scales: list[int]) -> int:
    return 10 if 10 in scales else scales[-1]


def render(results: dict, *, builds: dict, run, requests: int, warmup: int) -> str:
    scales = sorted(results)
    lines = [
        "# Page benchmark",
        "",
        f"{datetime.date.today():%d/%m/%Y}, {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL, "
        "production settings (benchmarks/settings.py), Django test Client in-process; "
        f"{requests} timed requests per page after {warmup} warm-up round(s). Server times in ms; "
        "× bare is a page's median over the bare page's median at the same scale, in the same run.",
        "",
        run.describe(),
        "",
    ]
    for scale in scales:
        build = builds.get(scale) or {}
        counts = ", ".join(f"{n:,} {what}" for what, n in results[scale]["counts"].items())
        built = f"built in {build['seconds']:.0f} s from {build['origin']}" if build else "build not recorded"
        lines.append(f"- Scale {scale} ({build.get('recipe', '')}; {built}): {counts}.")
    lines += [""]
    lines += _pages_table(results, scales)
    lines += _after_save(results, scales)
    lines += _export_table(results, scales)
    lines += _scan_table(results, scales)
    return "\n".join(lines) + "\n"


def _pages_table(results: dict, scales: list[int]) -> list[str]:
    first, judged = scales[0], _judged_scale(scales)
    header = ["page", "role", "queries"]
    for s in scales:
        header += [f"median s{s}", f"p95 s{s}", f"× bare s{s}"]
    header += [f"growth {first}→{s}" for s in scales[1:]] + ["verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    by_page = {s: {p["page"]: p for p in results[s]["pages"]} for s in scales}
    bare = {s: by_page[s][BARE_PAGE] for s in scales}
    for page in results[first]["pages"]:
        label = page["page"]
        measured = {s: by_page[s][label] for s in scales}
        queries = [measured[s]["queries"] for s in scales]
        row = [label, page["role"], str(queries[0]) if len(set(queries)) == 1 else "**" + " → ".join(map(str, queries)) + "**"]
        times_bare = {s: measured[s]["median_ms"] / bare[s]["median_ms"] for s in scales}
        for s in scales:
            status = "" if measured[s]["status"] == 200 else f" (HTTP {measured[s]['status']})"
            row += [f"{measured[s]['median_ms']:.1f}{status}", f"{measured[s]['p95_ms']:.1f}", f"{times_bare[s]:.1f}"]
        growth = {s: times_bare[s] / times_bare[first] for s in scales[1:]}
        row += [f"{growth[s]:.2f}×" for s in scales[1:]]
        row.append(verdict(label, measured, times_bare, growth, judged=judged))
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        f"Growth: × bare at a scale over × bare at scale {first}. Verdict against the targets: the same query count "
        f"at every scale (a count that differs is in bold), ≤ {TARGET_TIMES_BARE}× the bare page at scale {judged}, "
        f"growth ≤ {TARGET_GROWTH:g}× to the largest scale, HTTP 200."
        + (" Above scale 10 only plans and reports grow (tasks, assignments, periods, reports): conferences, "
           "certificates and notifications stay as at scale 10." if scales[-1] > 10 else ""),
        "",
    ]
    return lines


def _after_save(results: dict, scales: list[int]) -> list[str]:
    """The dashboard after a save against the cached dashboard (target ≤ 2×), at every scale."""
    lines = []
    for label in (SAVED_REPORT_DASHBOARD, SAVED_ELSEWHERE_DASHBOARD, COLD_DASHBOARD):
        ratios = []
        for s in scales:
            pages = {p["page"]: p["median_ms"] for p in results[s]["pages"]}
            if label in pages and CACHED_DASHBOARD in pages:
                ratios.append(f"{pages[label] / pages[CACHED_DASHBOARD]:.1f}× at scale {s}")
        if ratios:
            lines.append(f"- {label} over the cached dashboard: {', '.join(ratios)} (target ≤ {TARGET_AFTER_SAVE}×).")
    return [*lines, ""] if lines else []


def verdict(label: str, measured: dict, times_bare: dict, growth: dict, *, judged: int) -> str:
    problems = [f"HTTP {m['status']} at scale {s}" for s, m in measured.items() if m["status"] != 200]
    if label in BASELINES:
        return ", ".join(problems) or ("baseline" if label == BARE_PAGE else "—")
    if len({m["queries"] for m in measured.values()}) > 1:
        problems.append("queries differ")
    if times_bare[judged] > TARGET_TIMES_BARE:
        problems.append(f"> {TARGET_TIMES_BARE}× bare")
    if growth and growth[max(growth)] > TARGET_GROWTH:
        problems.append(f"growth > {TARGET_GROWTH:g}×")
    return "ok" if not problems else "MISSED: " + ", ".join(problems)


def _export_table(results: dict, scales: list[int]) -> list[str]:
    lines = ["## Excel of all tasks", "", "| scale | tasks | rows | median s | rows/s | RSS growth MiB | HTTP |",
             "|---|---|---|---|---|---|---|"]
    for s in scales:
        export = results[s]["export"]
        rows = f"{export['rows']:,}" if export["rows"] is not None else f"not a file ({export['content_type']})"
        per_s = f"{export['rows_per_s']:,.0f}" if export["rows_per_s"] else "—"
        lines.append(f"| {s} | {export['tasks']:,} | {rows} | {export['median_s']:.2f} | {per_s} | "
                     f"{export['rss_growth_mib']:.0f} | {export['status']} |")
    lines += ["", f"Targets: ≥ {TARGET_ROWS_PER_S:,} rows/s; at scale 30 within +{TARGET_EXPORT_MIB} MiB of the process "
              "before the export (RSS growth: peak resident set over the resident set just before, "
              "median of 3 exports as central, who sees every task).", ""]
    return lines


def _scan_table(results: dict, scales: list[int]) -> list[str]:
    lines = ["## Reminder scan", "",
             "| scale | first scan of the day | queries | reminders recorded | repeat scan | queries | peak RSS growth MiB "
             "| target |",
             "|---|---|---|---|---|---|---|---|"]
    for s in scales:
        scan = results[s]["scan"]
        first, repeat = scan["first"], scan["repeat"]
        limit = TARGET_SCAN_S.get(s)
        target = "—" if limit is None else ("ok" if first["seconds"] <= limit else f"MISSED: > {limit} s")
        lines.append(f"| {s} | {first['seconds']:.2f} s | {first['queries']:,} | {first['recorded']:,} | "
                     f"{repeat['seconds']:.2f} s | {repeat['queries']:,} | {scan['rss_growth_mib']:.0f} | {target} |")
    first_queries = {results[s]["scan"]["first"]["queries"] for s in scales}
    if len(scales) == 1:
        same = "one scale measured"
    else:
        same = "the same at every scale" if len(first_queries) == 1 else "**not the same at every scale**"
    lines += ["", f"Queries of the first scan: {same} (target: constant). Targets: ≤ 10 s at scale 10, ≤ 30 s at "
              "scale 30, peak memory constant. Timed inside a rolled-back transaction (deliveries are queued on "
              "commit, so the broker publish is not included).", ""]
    return lines
