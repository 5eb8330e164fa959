"""Team review at scale (issue 13): merge and agreement measured on copies of the scale benchmark's database.

Two reviewers' files are copies of the size's database (as two analysts who imported the same reports). Each
reviewer decides the candidates of one series month, the month before the newest (accept, or reject every third
by id; the second reviewer decides one in seven of them the other way), through the store's own accept_event and
reject_event, so each decision is what review writes: status, reviewer, reviewed_at and a decision-log row. Then,
each in a fresh process so that its peak resident memory is its own:

- the first merge of the two whole files (seconds, candidates in the team file per second, peak MB);
- after each reviewer decided one more month (the newest), the merge again (seconds, per report decided, peak MB);
- agreement on the team file (seconds, per report decided, peak MB).

A month holds the same reports at every size from two years up (bench_fill: PER_MONTH a month), but the newest
month at 1,000 reports holds 166: the reports each figure covers are printed beside it and its cost per report is
what the growth rule judges.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .store import Store

REVIEWERS = ("alice", "bob")
# Disk a size's team figures need, in sizes of its database: two reviewers' copies (1.2 each, with their
# decisions) and the team file (7.8: every reviewer's version of every candidate; 2.6 GB at 10,000 reports).
DISK_FACTOR = 10
FILL_REVIEWER = "benchmark"  # who imported (and, in measure_store, accepted) the benchmark's reports


def months(db: Path) -> list[int]:
    """The series months of the database, newest first."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [m for (m,) in conn.execute("SELECT DISTINCT month_number FROM documents WHERE month_number IS NOT "
                                           "NULL ORDER BY month_number DESC")]
    finally:
        conn.close()


def copy_database(src: Path, dest: Path) -> None:
    """A consistent copy by SQLite's backup (the source may have a write-ahead log beside it)."""
    for p in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        p.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    s.close()
    d.close()


def make_reviewer_file(src: Path, dest: Path, reviewer: str) -> None:
    """A copy of the benchmark database as `reviewer`'s own file: what the fill (and the store probe's accepts)
    logged under the benchmark's name is theirs, so the file holds one reviewer's work, as a merge requires; the
    same in both copies, so the two files' reports match."""
    copy_database(src, dest)
    with sqlite3.connect(dest) as conn:
        # The log is append-only (a trigger): lifted for this one renaming of the copy, then put back as it was.
        (trigger,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name = 'decisions_no_update'").fetchone()
        conn.execute("DROP TRIGGER decisions_no_update")
        conn.execute("UPDATE decisions SET reviewer = ? WHERE reviewer = ?", [reviewer, FILL_REVIEWER])
        conn.execute(trigger)
        conn.execute("UPDATE events SET reviewer = ? WHERE reviewer = ?", [reviewer, FILL_REVIEWER])
        # The fill's copies keep their pool report's title with another text, which a merge refuses as an edited
        # report: each gets its key in its title. Without the full-text trigger (re-indexing every text took
        # minutes at 100,000 reports; nothing searches these copies), put back after.
        (trigger,) = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name = 'documents_au'").fetchone()
        conn.execute("DROP TRIGGER documents_au")
        conn.execute("UPDATE documents SET title = title || ' [' || key || ']' WHERE title IN "
                     "(SELECT title FROM documents GROUP BY title HAVING COUNT(*) > 1)")
        conn.execute(trigger)
    conn.close()


def decision(event_id: int, reviewer_index: int) -> str:
    """What reviewer number `reviewer_index` decides: every third candidate rejected; the second reviewer decides
    one in seven the other way."""
    accept = event_id % 3 != 0
    if reviewer_index == 1 and event_id % 7 == 0:
        accept = not accept
    return "accept" if accept else "reject"


def decide_month(db: Path, reviewer: str, reviewer_index: int, month: int) -> dict[str, int]:
    """Decide every pending candidate of the month's reports, as review does (one transaction)."""
    with Store(db) as store:
        docs = [d for (d,) in store.db.execute("SELECT id FROM documents WHERE month_number = ? ORDER BY id",
                                               [month])]
        decided = 0
        with store.transaction():
            for doc in docs:
                for (eid,) in store.db.execute("SELECT id FROM events WHERE document_id = ? AND status = 'pending' "
                                               "ORDER BY id", [doc]).fetchall():
                    if decision(eid, reviewer_index) == "accept":
                        store.accept_event(eid, reviewer=reviewer)
                    else:
                        store.reject_event(eid, reviewer=reviewer)
                    decided += 1
    return {"documents": len(docs), "candidates": decided}


def _peak_mb() -> float:
    from .bench_scale import _peak_mb as peak

    return peak()


def _team_probe(what: str, paths: list[str], out: str) -> None:
    """Run in a fresh process: one merge (or agreement on `out`), then its time and peak memory as JSON."""
    from .team import merge_databases
    from .team.agreement import agreement

    t0 = time.perf_counter()
    c0 = time.process_time()
    result: dict[str, Any] = {}
    if what == "merge":
        report = merge_databases(paths, out)
        result["rewritten"] = report.rewritten
    else:
        with Store(out) as store:
            figures = agreement(store)
        result["kappa"] = figures["pairs"][0]["cohen_kappa"] if figures["pairs"] else None
    result.update(seconds=time.perf_counter() - t0, cpu_s=time.process_time() - c0, peak_mb=_peak_mb())
    if what == "merge":
        with sqlite3.connect(out) as conn:
            result["candidates"] = conn.execute("SELECT COUNT(*) FROM team_candidates").fetchone()[0]
        conn.close()
    print(json.dumps(result))


def _probe(what: str, paths: list[Path], out: Path, timeout: float) -> dict[str, Any]:
    code = (f"from annotator.bench_team import _team_probe; "
            f"_team_probe({what!r}, {[str(p) for p in paths]!r}, {str(out)!r})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"team {what} failed: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_team(db: Path, work: Path, log: Callable[[str], None] = lambda s: None,
                 timeout: float = 7200) -> dict[str, Any]:
    """The team figures at this size (see the module's doc); the reviewers' and team files are deleted after.
    Skipped, with a line saying why, when the disk lacks room for them, and a failed probe is reported, not
    raised: the run's other figures are kept."""
    need = DISK_FACTOR * db.stat().st_size
    free = shutil.disk_usage(work).free
    if free < need:
        log(f"  team: skipped, needs ~{need / 1e9:.0f} GB free in {work} (two reviewers' copies and the team file), "
            f"has {free / 1e9:.0f} GB")
        return {}
    try:
        return _measure_team(db, work, log, timeout)
    except (RuntimeError, subprocess.TimeoutExpired, sqlite3.Error) as exc:
        log(f"  team: failed: {str(exc)[-500:]}")
        return {}


def _measure_team(db: Path, work: Path, log: Callable[[str], None], timeout: float) -> dict[str, Any]:
    newest = months(db)
    first_month, next_month = (newest[1], newest[0]) if len(newest) > 1 else (newest[0], None)
    files = [work / f"team-{r}.db" for r in REVIEWERS]
    team = work / "team-team.db"
    try:
        decided = {}
        for i, (r, f) in enumerate(zip(REVIEWERS, files)):
            make_reviewer_file(db, f, r)
            decided = decide_month(f, r, i, first_month)
        log(f"  team: two reviewers' files, {decided['candidates']:,} candidates of {decided['documents']:,} "
            "reports decided in each")
        for p in (team, Path(f"{team}-wal"), Path(f"{team}-shm")):
            p.unlink(missing_ok=True)
        first = _probe("merge", files, team, timeout)
        out: dict[str, Any] = {
            "team_merge_first_s": round(first["seconds"], 2),
            "team_merge_first_candidates": first["candidates"],
            "team_merge_first_candidates_per_s": round(first["candidates"] / first["seconds"]),
            # CPU beside wall: on the shared machine a niced merge got 44 % of a core at load 4.5
            "team_merge_first_candidates_per_cpu_s": round(first["candidates"] / first["cpu_s"]),
            "team_merge_first_peak_mb": first["peak_mb"],
        }
        log(f"  team: first merge, {first['candidates']:,} candidates in {first['seconds']:.1f} s, "
            f"{first['peak_mb']} MB")
        again_docs = 0
        if next_month is not None:
            for i, (r, f) in enumerate(zip(REVIEWERS, files)):
                again_docs = decide_month(f, r, i, next_month)["documents"]
        again = _probe("merge", files, team, timeout)
        out.update(team_merge_again_s=round(again["seconds"], 2), team_merge_again_cpu_s=round(again["cpu_s"], 2),
                   team_merge_again_documents=again_docs,
                   team_merge_again_ms_per_report=round(again["seconds"] * 1000 / again_docs, 3)
                   if again_docs else None,
                   team_merge_again_peak_mb=again["peak_mb"])
        log(f"  team: merge again after a month ({again_docs:,} reports) in {again['seconds']:.1f} s, "
            f"{again['peak_mb']} MB")
        agree = _probe("agreement", [], team, timeout)
        reports = decided["documents"] + again_docs
        out.update(team_agreement_s=round(agree["seconds"], 2), team_agreement_cpu_s=round(agree["cpu_s"], 2),
                   team_agreement_documents=reports,
                   team_agreement_ms_per_report=round(agree["seconds"] * 1000 / reports, 3),
                   team_agreement_peak_mb=agree["peak_mb"])
        log(f"  team: agreement over {reports:,} reports decided in {agree['seconds']:.1f} s, {agree['peak_mb']} MB")
        return out
    finally:
        for p in [*files, team]:
            for q in (p, Path(f"{p}-wal"), Path(f"{p}-shm"), Path(f"{p}-journal")):
                q.unlink(missing_ok=True)
