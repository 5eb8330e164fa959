"""Benchmark, not a test: two reviewers' databases of N reports (fictional text, four candidates each, one in
seven decided differently), then merge, merge again and agreement, timed.

    nice python -m tests.team.team_benchmark 10000 /tmp/bench
"""
from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from annotator.domain import DocumentIn, Period
from annotator.store import Store
from annotator.team import merge_databases
from annotator.team.agreement import agreement
from tests.team.conftest import TEXT, candidates


def build(path: Path, name: str, n: int, differ: bool) -> float:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    with Store(path) as s, s.transaction():  # one commit: building is not what is measured
        for i in range(n):
            prefix = f"Report {i}. "
            text = prefix + TEXT
            doc = DocumentIn(text=text, title=f"Report {i}", source=f"r{i}.txt", source_kind="txt", key=f"r{i}",
                             period=Period("2025-03-01", "2025-04-30"))
            cands = [replace(c, start=c.start + len(prefix), end=c.end + len(prefix)) for c in candidates()]
            doc_id, _ = s.add_document(doc, hashlib.sha256(text.encode()).hexdigest(), reviewer=name,
                                       extraction=SimpleNamespace(events=cands, facts=[]))
            for j, ev in enumerate(s.events(doc_id)):
                if ev.type == "airstrike" or (differ and (i + j) % 7 == 0):
                    s.reject_event(ev.id, reviewer=name)
                else:
                    s.accept_event(ev.id, reviewer=name)
    return time.perf_counter() - t


def main(n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    print(f"built alice: {build(folder / 'alice.db', 'alice', n, False):.1f} s", flush=True)
    print(f"built bob: {build(folder / 'bob.db', 'bob', n, True):.1f} s", flush=True)
    out = folder / "team.db"
    out.unlink(missing_ok=True)
    sources = [folder / "alice.db", folder / "bob.db"]
    t = time.perf_counter()
    report = merge_databases(sources, out)
    print(f"merge of two {n}-report files: {time.perf_counter() - t:.1f} s {report.counted}", flush=True)
    t = time.perf_counter()
    merge_databases(sources, out)
    print(f"merge again (nothing new): {time.perf_counter() - t:.1f} s", flush=True)
    with Store(out) as s:
        t = time.perf_counter()
        result = agreement(s)
        print(f"agreement: {time.perf_counter() - t:.2f} s (kappa {result['pairs'][0]['cohen_kappa']:.3f}, "
              f"alpha {result['krippendorff_alpha']:.3f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000, Path(sys.argv[2] if len(sys.argv) > 2 else "team-bench"))
