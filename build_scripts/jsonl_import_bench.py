"""Generate a JSONL report carrying N accepted events, import it, and print the longest write transaction.

Issue 9: importing one report with 6,000 decided events held one write transaction past the 10 s busy timeout
while a reviewer worked. This is a measurement, not a test (the test suite never times anything):

    .venv/bin/python build_scripts/jsonl_import_bench.py --events 6000 [--no-extract] [--keep DIR]

The text is fictional, generated from a few sentence patterns; every sentence carries one accepted event whose
span is the whole sentence, so none pairs with a machine candidate (the heavier path: add, then restore the
reviewer's fields), and the line says status_filter "all", so the pending candidates are removed. With
--exported the line is instead an export of that text after accepting every machine candidate (the common
round trip: each event pairs with a fresh candidate and is restored once).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

PATTERNS = (
    ("convoy", "On {d} May a convoy of {n} trucks entered through the {p} crossing. "),
    ("airstrike", "An air strike hit a depot near {p} on {d} May, killing {n} fighters. "),
    ("arrest", "Security forces detained {n} suspects in {p} on {d} May. "),
    ("patrol", "A joint patrol of {n} vehicles moved along the {p} road on {d} May. "),
    ("shelling", "Shelling struck the outskirts of {p} on {d} May; {n} houses were damaged. "),
)
PLACES = ("Qara Tepe", "Wadi Sirr", "Tal Hamra", "Ain Kharis", "Jisr Batal", "Nahr Zayt")


def generate(path: Path, n: int, seed: int = 9) -> None:
    """One JSONL line: the text, n accepted events (trigger argument, reviewer, review time), every status."""
    rng = random.Random(seed)
    parts, events, pos = [], [], 0
    for i in range(n):
        kind, pattern = rng.choice(PATTERNS)
        sentence = pattern.format(d=rng.randint(1, 31), n=rng.randint(2, 90), p=rng.choice(PLACES))
        if i % 12 == 11:
            sentence += "\n\n"
        end = pos + len(sentence.rstrip())
        events.append({"type": kind, "start": pos, "end": end, "status": "accepted", "origin": "rules",
                       "reviewer": "ana", "reviewed_at": "2026-05-04T10:00:00", "note": None,
                       "arguments": [{"role": "trigger", "start": pos, "end": pos + 12,
                                      "text": sentence[:12]}]})
        parts.append(sentence)
        pos += len(sentence)
    line = {"text": "".join(parts), "meta": {"id": f"bench-{n}", "title": f"Fictional monthly report ({n} events)"},
            "events": events, "_annotator": {"status_filter": "all"}}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")


def export_reviewed(plain: Path, out: Path, scratch_db: Path) -> int:
    """The user's own round trip: import the text, accept every machine candidate, export every status. The
    exported events pair with the candidates a fresh import extracts (one restore per event, no add)."""
    from annotator.export import run_export
    from annotator.importing import import_paths
    from annotator.store import Store

    line = json.loads(plain.read_text(encoding="utf-8"))
    bare = plain.with_name(plain.stem + "-text.jsonl")
    bare.write_text(json.dumps({"text": line["text"], "meta": line["meta"]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    store = Store(scratch_db)
    report = [item for item in import_paths(store, [bare], reviewer="ana")][-1]
    accepted = store.accept_all_pending(report.imported[0], reviewer="ana")
    run_export(store, "jsonl", out, status="all")
    return accepted


def measure(jsonl: Path, db: Path, *, extract: bool) -> dict[str, float]:
    """Import `jsonl` into a new database at `db`; the longest and total time inside outermost write transactions."""
    from annotator.importing import import_paths
    from annotator.store import Store

    store = Store(db)
    spans: list[float] = []
    inner = store.transaction

    @contextlib.contextmanager
    def timed():
        outermost = not store.db.conn.in_transaction
        t0 = time.perf_counter()
        with inner():
            yield
        if outermost:
            spans.append(time.perf_counter() - t0)

    store.transaction = timed
    t0 = time.perf_counter()
    report = None
    for item in import_paths(store, [jsonl], reviewer="importer", extract=extract):
        report = item
    total = time.perf_counter() - t0
    if report.errors:
        raise SystemExit("; ".join(report.errors))
    accepted = len(store.events(report.imported[0], status="accepted"))
    return {"longest_write_s": max(spans), "write_transactions": len(spans), "write_total_s": sum(spans),
            "import_total_s": total, "accepted": accepted}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=6000, help="accepted events the report carries")
    ap.add_argument("--no-extract", action="store_true", help="import without machine candidates")
    ap.add_argument("--exported", action="store_true",
                    help="import an export of the same text with every machine candidate accepted instead")
    ap.add_argument("--keep", type=Path, help="write the JSONL and database here instead of a temporary folder")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        jsonl, db = folder / f"bench-{args.events}.jsonl", folder / f"bench-{args.events}.db"
        db.unlink(missing_ok=True)
        generate(jsonl, args.events)
        if args.exported:
            exported = folder / f"bench-{args.events}-exported.jsonl"
            scratch = folder / f"bench-{args.events}-scratch.db"
            scratch.unlink(missing_ok=True)
            export_reviewed(jsonl, exported, scratch)
            jsonl = exported
        figures = measure(jsonl, db, extract=not args.no_extract)
    print(json.dumps({"events": args.events, "exported": args.exported, "extract": not args.no_extract,
                      **{k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
