"""A small generated database built by the benchmark's fast fill, with a cheap stand-in for extraction."""
from pathlib import Path
from types import SimpleNamespace

import pytest

from annotator.domain import Argument, Count, Event, Fact


def cheap_extraction(docs):
    """Two events and one stated total per report, placed on the report's own first lines: enough rows for the
    fill to copy and the queries and exports to read, without loading the rules pipeline."""
    out = []
    for d in docs:
        lines = [i for i, ch in enumerate(d.text) if ch == "\n"][:3]
        a, b, c = lines[0], lines[1], lines[2]
        day = (d.period.start if d.period else "2022-01-01")[:8] + "10"
        out.append(SimpleNamespace(
            events=[Event(type="convoy", start=0, end=a, evidence=d.text[:a], date=day, direction="entering",
                          counts={"trucks": Count(20)}, location="Semalka",
                          arguments=[Argument("location", 0, min(5, a), d.text[:min(5, a)], "Semalka", None)]),
                    Event(type="security_operation", start=a + 1, end=b, evidence=d.text[a + 1:b], date=day,
                          actors=["SDF"], counts={"arrested": Count(2)})],
            facts=[Fact(kind="trucks", value=20, start=b + 1, end=c, evidence=d.text[b + 1:c])]))
    return out


def build(path: Path, n: int) -> Path:
    from annotator.bench_fill import fill

    fill(path, n, pool=5, extract=cheap_extraction, per_month=10)  # six months of ten reports at 60
    return path


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("scale") / "scale.db", 60)


def tree(path: Path) -> dict[str, bytes]:
    """A folder's files by name, with their bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.fixture
def small_blocks(monkeypatch) -> list[int]:
    """parallel.py cuts the 60-report database into 9 blocks, some uneven; the list collects each write_blocks
    call's jobs, so a test sees that the workers ran."""
    from annotator.export import parallel

    monkeypatch.setattr(parallel, "SMALL", 10)
    monkeypatch.setattr(parallel, "BLOCK", 7)
    used = []
    real = parallel.write_blocks
    monkeypatch.setattr(parallel, "write_blocks", lambda *a, **k: used.append(k["jobs"]) or real(*a, **k))
    return used


def serial_and_parallel(db: Path, fmt: str, out: Path, status: str):
    """(serial result, parallel result, the parallel export's progress) of one export to out/serial and
    out/parallel. With status "accepted", a third of the reports keep an accepted convoy for the exports and are
    set back to pending after them."""
    from annotator.export import run_export
    from annotator.store import Store

    with Store(db) as store:
        if status == "accepted":  # a third of the reports keep an accepted event; the rest are left out
            ids = [d.id for d in store.documents()][::3]
            store.db.execute(f"UPDATE events SET status = 'accepted' WHERE document_id IN ({','.join('?' * len(ids))})"
                             " AND type = 'convoy'", ids)
            store.db.conn.commit()
        serial = run_export(store, fmt, out / "serial", status=status, jobs=1)
        progress = []
        par = run_export(store, fmt, out / "parallel", status=status, jobs=2,
                         progress=lambda p: progress.append(p.done))
        if status == "accepted":
            store.db.execute("UPDATE events SET status = 'pending'")
            store.db.conn.commit()
    return serial, par, progress
