"""`annotator benchmark --scale N[,M,...]`: what each operation costs as the database grows (issue 13).

One database is filled (annotator.bench_fill) to each size in turn and measured there: the store queries the
window runs to open a report (first, middle, last in list order), an accept committed, the report list's filter
and full-text search (one page of 500 with its count, as the lazy list asks, and the whole list at once; and the
window's whole refresh: first page, count and the status bar's totals), a
summary of a month and of a year, and each export of everything and of one month, each in a fresh process so
that its peak resident memory (ru_maxrss) is its own; launch (a fresh process until the window shows,
offscreen) from annotator.gui.bench.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .store import Store

# figure -> (direction, goal) at 100,000 reports (issue 13)
GOALS: dict[str, tuple[str, float]] = {
    "launch_s": ("<=", 1.5),
    "open_first_ms": ("<=", 50.0), "open_middle_ms": ("<=", 50.0), "open_last_ms": ("<=", 50.0),
    "accept_ms": ("<=", 10.0),
    "list_filter_ms": ("<=", 100.0), "list_search_ms": ("<=", 100.0), "list_refresh_ms": ("<=", 100.0),
    "status_totals_ms": ("<=", 100.0),
    "summary_month_s": ("<=", 0.5), "summary_year_s": ("<=", 2.0),
    # team review (annotator.bench_team): memory bounded whatever the size
    "team_merge_first_peak_mb": ("<", 500.0), "team_merge_again_peak_mb": ("<", 500.0),
    "team_agreement_peak_mb": ("<", 500.0),
}
# figures without a goal of their own that the growth rule still applies to
GROWTH_ONLY = ("summary_month_ms_per_report", "summary_year_ms_per_report", "open_first_cpu_ms", "open_middle_cpu_ms",
               "open_last_cpu_ms", "list_filter_cpu_ms", "list_search_cpu_ms", "list_refresh_cpu_ms",
               "team_merge_first_candidates_per_s", "team_merge_first_candidates_per_cpu_s", "team_merge_again_s",
               "team_merge_again_cpu_s", "team_merge_again_ms_per_report", "team_agreement_s", "team_agreement_cpu_s",
               "team_agreement_ms_per_report")
# throughputs: the growth rule judges their fall, not their rise
THROUGHPUTS = ("team_merge_first_candidates_per_s", "team_merge_first_candidates_per_cpu_s")
EXPORT_FORMATS = ("jsonl", "acled-csv", "geojson", "conll", "brat", "spacy")
EXPORT_GOALS = {"events_per_s": (">=", 20000.0), "peak_mb": ("<", 500.0)}
OPEN_REPEATS = 21  # opens and accepts measured (medians)
LIST_REPEATS = 11  # list queries measured (medians)
SEARCH_WORD = "convoy"  # in nearly every generated report: the search's largest answer
LIST_PAGE = 500  # rows the window's report list fetches at a time (annotator.gui.document_list.PAGE)
MAX_GROWTH = 1.5  # no figure may grow more than this from the smallest size to the largest (issue 13) ...
# ... except what grows with what it returns or writes: exports of everything, the whole list at once, and the
# sizes themselves.
GROWS_WITH_OUTPUT = ("documents", "events", "database_mb", "summary_month_documents", "summary_year_documents",
                     "list_filter_all_ms", "list_search_all_ms", "every_report_counts_ms", "search_count_ms",
                     "team_merge_first_s", "team_merge_first_candidates", "team_merge_again_documents",
                     "team_agreement_documents")
# A summary's time grows with the reports its period covers, which the database's size need not change (bench_fill:
# the same number of reports each month), but does below a year's worth: judged through its cost per report.
COVERED = {"summary_month_s": "summary_month_documents", "summary_year_s": "summary_year_documents",
           "summary_month_s_first": "summary_month_documents", "summary_year_s_first": "summary_year_documents",
           "team_merge_again_s": "team_merge_again_documents", "team_agreement_s": "team_agreement_documents",
           "team_merge_again_cpu_s": "team_merge_again_documents", "team_agreement_cpu_s": "team_agreement_documents"}


def _median_ms(fn: Callable[[], Any], repeats: int) -> float:
    return _medians_ms(fn, repeats)[0]


def _medians_ms(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process. On the shared 2-core machine the wall time of a
    few-millisecond query doubled at load 4 (a niced process gets half a core) while its CPU time stayed within
    5 % (list refresh at 100,000 reports: 8.0 ms wall, 3.9 ms CPU; 3.7 ms both at load 1), so both are shown."""
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(wall), 2), round(statistics.median(cpu), 2)


def _open(store: Store, doc_id: int) -> None:
    """What the window reads to show a report: the document with its counts, its text, events and totals."""
    store.document(doc_id)
    store.document_text(doc_id)
    store.events(doc_id)
    store.facts(doc_id)


def measure_store(db: Path, repeats: int = 5) -> dict[str, Any]:
    from .summary import summarise

    store = Store(db)
    try:
        ids = [r[0] for r in store.db.execute(
            "SELECT id FROM documents d ORDER BY COALESCE(d.period_start, d.published, ''), d.id")]
        out: dict[str, Any] = {"load_average": round(os.getloadavg()[0], 2),  # the shared machine's, as measured
                               "documents": len(ids),
                               "events": store.db.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                               "database_mb": round(db.stat().st_size / 1e6, 1)}
        # Sub-millisecond figures: medians of many repeats, each report read once first (the page cache warm, as
        # for a reviewer moving through the list); with 5 repeats open_first moved 0.41 -> 0.69 ms between runs.
        for name, doc_id in (("first", ids[0]), ("middle", ids[len(ids) // 2]), ("last", ids[-1])):
            _open(store, doc_id)
            out[f"open_{name}_ms"], out[f"open_{name}_cpu_ms"] = _medians_ms(lambda d=doc_id: _open(store, d),
                                                                            OPEN_REPEATS)
        pending = store.db.execute("SELECT id FROM events WHERE status = 'pending' ORDER BY id DESC LIMIT ?",
                                   [OPEN_REPEATS]).fetchall()
        times = []
        for (ev_id,) in pending:
            t0 = time.perf_counter()
            store.accept_event(ev_id, reviewer="benchmark")
            times.append((time.perf_counter() - t0) * 1000)
        out["accept_ms"] = round(statistics.median(times), 2) if times else None
        # What the window's lazy list runs (annotator.gui.document_list): its first page (more pages come as the
        # view scrolls; a full page says there may be more, so no count of every match) and the status bar's
        # totals, for the status filter, a full-text search and a refresh. Each warmed once, median of LIST_REPEATS.
        for name, query in (("filter", {"status": "pending"}), ("search", {"search": SEARCH_WORD}),
                            ("refresh", {})):
            page = lambda q=query: (store.documents(limit=LIST_PAGE, **q), store.count_totals())  # noqa: E731
            page()
            out[f"list_{name}_ms"], out[f"list_{name}_cpu_ms"] = _medians_ms(page, LIST_REPEATS)
        out["status_totals_ms"] = _median_ms(store.count_totals, LIST_REPEATS)
        # Counts the window no longer asks for: every report's counts as a dict (it sums in SQL), and how many
        # reports a word is in (the list does not size itself): each grows with its answer.
        out["every_report_counts_ms"] = _median_ms(store.document_counts, 3)
        out["search_count_ms"] = _median_ms(lambda: store.count_documents(search=SEARCH_WORD), 3)
        # The whole filtered list at once, which the window no longer reads: it grows with what it returns.
        out["list_filter_all_ms"] = _median_ms(lambda: store.documents(status="pending"), 3)
        out["list_search_all_ms"] = _median_ms(lambda: store.documents(search=SEARCH_WORD), 3)
        month = store.document(ids[len(ids) // 2]).period_start[:7]
        year = month[:4]
        out["summary_month"] = month
        # The first summary of each reads the period's pages from disk when the database is not in the OS's page
        # cache (3.8 s for a month at 100,000 reports, against 0.22 s warm, on this shared machine): both shown,
        # as launch is; the goal is judged on the median of three more. A summary's work is the reports its
        # period covers (bench_fill puts PER_MONTH in each month), printed beside it with the cost per report.
        for name, period in (("month", month), ("year", f"{year}-01-01..{year}-12-31")):
            t0 = time.perf_counter()
            s = summarise(store, period)
            out[f"summary_{name}_s_first"] = round(time.perf_counter() - t0, 3)
            seconds = _median_ms(lambda p=period: summarise(store, p), 3) / 1000
            out[f"summary_{name}_s"] = round(seconds, 3)
            out[f"summary_{name}_documents"] = len(s["documents"])
            out[f"summary_{name}_ms_per_report"] = (round(seconds * 1000 / len(s["documents"]), 3)
                                                    if s["documents"] else None)
    finally:
        store.close()
    return out


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a
    child started from a large parent would report the parent's peak (seen: equal figures for every format)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _export_probe(db: str, fmt: str, period: str, out: str, jobs: int = 1) -> None:
    """Run in a fresh process: one export, then its time and this process's peak resident memory as JSON.
    The writer's module (and spaCy, for the formats that tokenise) is imported before the clock starts: importing
    spaCy took 1-3 s, most of a one-month export's time, and is the process's start-up, not the export's work
    (the window has it loaded); it is reported apart as startup_s."""
    from .export import run_export, writer

    t0 = time.perf_counter()
    writer(fmt)
    if fmt in ("jsonl", "conll", "spacy"):
        import spacy  # noqa: F401
    startup = time.perf_counter() - t0
    store = Store(db)
    import resource

    def cpu() -> float:  # this process and its finished workers: on a shared machine wall time is the others' too
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    result = run_export(store, fmt, Path(out), status="all", period=period or None, jobs=jobs)
    seconds, cpu_s = time.perf_counter() - t0, cpu() - c0
    peak = _peak_mb()
    # a parallel export's forked workers: the largest one's peak (pages shared with this process count in both)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_s": cpu_s, "events": result.events, "documents": result.documents,
                      "peak_mb": round(peak, 1), "workers_peak_mb": round(workers, 1),
                      "startup_s": round(startup, 2)}))


def warm_page_cache(path: Path, chunk: int = 16 << 20) -> float:
    """Read the file once so that the OS holds it in its page cache; returns the seconds it took.

    An export of everything at 100,000 reports writes up to 12 GB (JSONL), which pushed the 3.3 GB database out
    of the page cache: the next export then read it from disk, and a one-month ACLED export took 6.1 s wall and
    2.5 CPU s cold against 1.65 s and 1.6 CPU s warm, a cost of the export before it, not of its own work. Each
    export probe therefore starts with the database cached, as it is in a session that has the app open."""
    t0 = time.perf_counter()
    with open(path, "rb", buffering=0) as f:
        while f.read(chunk):
            pass
    return time.perf_counter() - t0


def measure_export(db: Path, fmt: str, period: str | None, work: Path, timeout: float = 1800,
                   jobs: int = 1) -> dict[str, Any]:
    out = work / f"export-{fmt}-{period or 'all'}"
    warm_page_cache(db)
    code = (f"from annotator.bench_scale import _export_probe; "
            f"_export_probe({str(db)!r}, {fmt!r}, {period or ''!r}, {str(out)!r}, {jobs!r})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"export {fmt} failed: {done.stderr.strip()[-1500:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["events_per_s"] = round(figures["events"] / figures["seconds"]) if figures["seconds"] else None
    figures["events_per_cpu_s"] = round(figures["events"] / figures["cpu_s"]) if figures["cpu_s"] else None
    if out.is_dir():
        # A folder of files (BRAT: two a report) is set aside, not deleted, until the whole run ends with `work`:
        # on this VM's ext4 without a journal each file created in the minutes after many were deleted costs the
        # kernel a walk over the freed inodes (perf: 40 % of a BRAT month's CPU), which would be charged to the
        # next export, not to this one.
        kept = work / "kept"
        kept.mkdir(exist_ok=True)
        out.rename(kept / f"{out.name}-{len(list(kept.iterdir()))}")
    else:
        out.unlink(missing_ok=True)
    return figures


def measure_launch(db: Path, work: Path, launches: int = 5) -> dict[str, Any]:
    from .gui.bench import _measure_launch

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return _measure_launch(db, work, launches)


def measure_size(db: Path, work: Path, *, formats: tuple[str, ...] = EXPORT_FORMATS, launch: bool = True,
                 log: Callable[[str], None] = lambda s: None, export_jobs: int = 1,
                 team: bool = True) -> dict[str, Any]:
    figures = measure_store(db)
    log(f"  store figures at {figures['documents']:,} reports done")
    if launch:
        # Before the exports and the team files: a 12.5 GB JSONL export or 30 GB of team files push the database out
        # of the OS cache, and the launches after them then read it from disk (0.84 s median at 100,000 reports
        # against 0.54 s in the run before, first launch 1.66 s); measured here, the first of the five launches
        # is still the one after the store probe, not after a fresh boot.
        figures.update(measure_launch(db, work))
    month = figures["summary_month"]
    if formats:
        figures["export_jobs"] = export_jobs
    for fmt in formats:
        # The month first: deleting the 20,000-file BRAT folder of everything made the month's file creation
        # after it 4x dearer in kernel time (ext4 without a journal steps over recently freed inodes, perf: 40 %
        # of that month's CPU), a cost of the benchmark's clean-up, not of the export. Rows print all, month.
        measured = {scope: measure_export(db, fmt, period, work, jobs=export_jobs)
                    for scope, period in (("month", month), ("all", None))}
        for scope in ("all", "month"):
            e = measured[scope]
            figures[f"export_{fmt}_{scope}_events_per_s"] = e["events_per_s"]
            figures[f"export_{fmt}_{scope}_events_per_cpu_s"] = e["events_per_cpu_s"]
            figures[f"export_{fmt}_{scope}_peak_mb"] = e["peak_mb"]
            figures[f"export_{fmt}_{scope}_s"] = round(e["seconds"], 2)
            if e.get("workers_peak_mb"):
                figures[f"export_{fmt}_{scope}_workers_peak_mb"] = e["workers_peak_mb"]
            workers = f" (largest worker {e['workers_peak_mb']} MB)" if e.get("workers_peak_mb") else ""
            log(f"  export {fmt} {scope}: {e['events']:,} events in {e['seconds']:.1f} s, {e['peak_mb']} MB{workers}")
    if team:
        from .bench_team import measure_team

        figures.update(measure_team(db, work, log=log))
    return figures


def goal_of(key: str) -> tuple[str, float] | None:
    if key in GOALS:
        return GOALS[key]
    for suffix, goal in EXPORT_GOALS.items():
        if key.startswith("export_") and key.endswith(suffix):
            return goal
    return None


def grows_with_output(key: str) -> bool:
    return key in GROWS_WITH_OUTPUT or (key.startswith("export_") and "_all_" in key)


def table(results: dict[int, dict[str, Any]]) -> list[str]:
    """One line per figure: its value at each size, the growth factor from the smallest size to the largest with
    its verdict (<= MAX_GROWTH, for figures that should not grow with the database), and the goal with its
    verdict at the largest size (the issue's goals are for 100,000 reports). A summary whose period covers more
    reports at the largest size than at the smallest is judged by its cost per report, and a note says so."""
    sizes = sorted(results)
    keys = [k for k in results[sizes[0]] if isinstance(results[sizes[0]][k], (int, float))]
    head = (f"{'figure':38}" + "".join(f"{n:>12,}" for n in sizes) + f"{'growth':>9}  "
            f"{'growth ok?':16}goal at {sizes[-1]:,}")
    lines = [head, "-" * len(head)]
    notes = []
    for k in keys:
        values = [results[n].get(k) for n in sizes]
        factor = _factor(values[0], values[-1])
        growth = f"{factor:.2f}x" if factor is not None else ""
        goal = goal_of(k)
        grows = ""
        if factor is not None and len(sizes) > 1 and (goal or k in GROWTH_ONLY):
            covered = _factor(results[sizes[0]].get(COVERED.get(k, "")), results[sizes[-1]].get(COVERED.get(k, "")))
            rising_is_bad = (not goal or goal[0] != ">=") and k not in THROUGHPUTS
            worse = factor if rising_is_bad else (1 / factor if factor else float("inf"))
            if grows_with_output(k):
                grows = "(with output)"
            elif covered is not None and abs(covered - 1) > 0.01:
                grows = f"(covers {covered:.2f}x)"
                if k == f"summary_{k.split('_')[1]}_s":
                    notes.append(f"{k}: its period covers {results[sizes[0]][COVERED[k]]:,} reports at "
                                 f"{sizes[0]:,} and {results[sizes[-1]][COVERED[k]]:,} at {sizes[-1]:,}; judged "
                                 f"by summary_{k.split('_')[1]}_ms_per_report")
            else:
                grows = f"<= {MAX_GROWTH:g}x {'met' if worse <= MAX_GROWTH else 'NOT MET'}"
        verdict = ""
        last = values[-1]
        if goal and isinstance(last, (int, float)):
            ok = last <= goal[1] if goal[0] == "<=" else last < goal[1] if goal[0] == "<" else last >= goal[1]
            verdict = f"{goal[0]} {goal[1]:g} {'met' if ok else 'NOT MET'}"
        cells = "".join(f"{v:>12,.2f}" if isinstance(v, float) else f"{v:>12,}" if isinstance(v, int)
                        else f"{'':>12}" for v in values)
        lines.append(f"{k:38}{cells}{growth:>9}  {grows:16}{verdict}")
    return lines + [f"note: {n}" for n in notes]


def _factor(first: Any, last: Any) -> float | None:
    if isinstance(first, (int, float)) and first and isinstance(last, (int, float)):
        return last / first
    return None
