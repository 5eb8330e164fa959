"""`annotator merge`: several reviewers' databases into one team database.

Reports are matched by content hash (a report whose title is already there with another text is refused);
candidates by the report, their kind (machine candidate or a reviewer's own event), type and span as extracted
(an edited candidate is matched by the span it had before its first edit). Each reviewer's version of each
candidate, and every row of their decision log, is kept; merging again adds only what is new. The whole merge
is written to a temporary file beside the output and renamed over it at the end, so a killed merge leaves the
output as it was.
"""
from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..store import Store, StoreError
from ..store.rows import event_from_row, event_from_snapshot, event_snapshot, fact_from_row, now
from .curation import AS_ORIGINAL, curated_ids, decision_state, version_of, vote
from .sources import MergeError, Source, check_team_file, open_source

MERGE = "merge"  # the decision-log action and reviewer name of what a merge writes
_DOC_COPY = ("key", "title", "text", "source", "source_kind", "content_hash", "published", "published_source",
             "series", "month_number", "period_start", "period_end", "words", "meta", "imported_at",
             "extracted_at", "pipeline_version")


@dataclass
class SourceReport:
    path: str
    reviewer: str
    migrated_from: str | None = None
    documents_new: int = 0
    candidates_new: int = 0
    decisions_changed: int = 0
    log_rows_new: int = 0
    # Log rows merged before that the source no longer holds (a file restored from an older copy, then worked
    # on): kept, under negative source_decision ids, and every report was read again.
    log_rows_retired: int = 0
    diverged_at: int | None = None  # the source's first decision-log id that differs from what was merged


@dataclass
class MergeReport:
    out: str
    sources: list[SourceReport] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)  # basis -> candidates
    rewritten: int = 0  # team events whose counted version changed
    # True when every candidate was recounted (the first merge); else `counted` covers the candidates of the
    # reports something changed in since the last merge (the others' votes cannot have moved)
    recounted_all: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"out": self.out, "sources": [vars(s) for s in self.sources], "counted": self.counted,
                "recounted_all": self.recounted_all, "rewritten": self.rewritten}


def merge_databases(paths: list[str | Path], out: str | Path,
                    progress: Callable[[str], None] | None = None) -> MergeReport:
    out = Path(out)
    resolved = {Path(p).resolve() for p in paths}
    if len(resolved) < len(paths):
        raise MergeError(f"{next(p for p in paths if list(map(_res, paths)).count(_res(p)) > 1)}: given twice")
    if out.resolve() in resolved:
        raise MergeError(f"{out}: is one of the inputs; merge into a new team file")
    if out.exists():
        check_team_file(out)
    sources: list[Source] = []
    tmp = out.with_name(f".{out.name}.merging-{os.getpid()}")
    try:
        for p in paths:
            sources.append(open_source(p))
        seen: dict[str, Path] = {}
        for s in sources:
            if s.reviewer in seen:
                raise MergeError(f"{s.path}: {s.reviewer}'s work again (also in {seen[s.reviewer]}); "
                                 "merge one file per reviewer")
            seen[s.reviewer] = s.path
        _remove(tmp)
        # A team file that exists is merged into in place, in one transaction (SQLite's rollback journal leaves
        # it as it was if the merge is killed): copying it first, as the first version did, cost what the whole
        # file costs (seconds at 10,000 reports, minutes at 100,000) on every merge, however little was new.
        in_place = out.exists() and out.stat().st_size > 0
        target = out if in_place else tmp
        report = MergeReport(str(out))
        try:
            store = Store(target, wal=False)
        except StoreError as exc:
            raise MergeError(str(exc).replace(str(tmp), str(out))) from exc
        try:
            _journal_for_merge(store)
            with store.transaction():
                _start_touched(store)
                for s in sources:
                    if progress:
                        progress(f"merging {s.path} ({s.reviewer})")
                    report.sources.append(_merge_one(store, s, out))
                report.counted, report.rewritten = recount(store)
                report.recounted_all = _touched_table(store) is None
        finally:
            try:
                # One self-contained file: no write-ahead log beside it (unless another program, the window, has
                # the file open in WAL mode: it then stays so, and the merge is no less done).
                store.db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.OperationalError:
                pass
            finally:
                store.close()
        if in_place:
            return report
        os.replace(tmp, out)
        return report
    finally:
        for s in sources:
            s.close()
        _remove(tmp)


def _journal_for_merge(store: Store) -> None:
    """The merge's one large transaction runs with the file's rollback journal (Store(wal=False)), not the
    write-ahead log: with the log, every page the cache spilled was appended again at each spill (2 GB of log
    after a minute at 10,000 reports), while a journal keeps each page's original once. A file another program
    left in WAL mode stays so; a larger cache spills less."""
    store.db.execute("PRAGMA cache_size = -65536")  # 64 MB


def _res(p: str | Path) -> Path:
    return Path(p).resolve()


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)


def _rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


BLOCK = 50  # reports read from a source (and recounted) at a time: memory follows a block, not the file (200: a
# recount block peaked at 136 MB of Python objects at 1,000 reports; 50: a quarter)


def _start_touched(store: Store) -> None:
    """temp.merge_touched: the team reports recount must vote on again. It starts with the reports decided in
    this file since the last merge wrote (an adjudication, or its undo); each source adds the reports it merged,
    and a source merged whole drops the table (recount then reads every report)."""
    db = store.db
    db.execute("DROP TABLE IF EXISTS temp.merge_touched")
    if db.execute("SELECT 1 FROM team_candidates WHERE basis IS NULL LIMIT 1").fetchone():
        return  # merged before bases were kept (or never): count everything once
    db.execute("CREATE TEMP TABLE merge_touched (document_id INTEGER PRIMARY KEY)")
    top = db.execute("SELECT MAX(id) FROM decisions").fetchone()[0] or 0
    # Scanned back from the newest row: as far as the last row a merge wrote.
    last = db.execute("SELECT id FROM decisions WHERE action = ? ORDER BY id DESC LIMIT 1", [MERGE]).fetchone()
    # "+": by the rows' ids, not the event-object index (which reads every event's rows)
    db.execute("INSERT OR IGNORE INTO temp.merge_touched SELECT DISTINCT document_id FROM decisions WHERE id > ? "
               "AND id <= ? AND +object_type = 'event' AND +document_id IS NOT NULL", [last[0] if last else 0, top])


def _touched_table(store: Store) -> str | None:
    found = store.db.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'merge_touched'").fetchone()
    return "temp.merge_touched" if found else None


def _touch(store: Store, document_ids: list[int] | None) -> None:
    if _touched_table(store) is None:
        return
    if document_ids is None:
        store.db.execute("DROP TABLE temp.merge_touched")
    else:
        store.db.conn.executemany("INSERT OR IGNORE INTO temp.merge_touched VALUES (?)",
                                  [(d,) for d in document_ids])


def _merge_one(store: Store, src: Source, out: Path) -> SourceReport:
    rep = SourceReport(str(src.path), src.reviewer, src.migrated_from)
    db = store.db
    known = db.execute("SELECT id, fingerprint, path, last_decision FROM team_sources WHERE reviewer = ?",
                       [src.reviewer]).fetchone()
    if known and known[1] != src.fingerprint:
        raise MergeError(f"{src.path}: {out} already holds {src.reviewer}'s work from another file ({known[2]}); "
                         "merge one file per reviewer")
    full = False
    if known:
        source_id, last_decision = known[0], known[3]
        diverged = _diverged_at(db, src, source_id, last_decision)
        if diverged is not None:
            rep.diverged_at = diverged
            rep.log_rows_retired = _retire_log(db, source_id, diverged, last_decision)
            last_decision, full = diverged - 1, True
    else:
        source_id = db.execute("INSERT INTO team_sources (reviewer, fingerprint, path, last_decision, merged_at) "
                               "VALUES (?, ?, ?, 0, ?)", [src.reviewer, src.fingerprint, str(src.path), now()]
                               ).lastrowid
        last_decision = 0

    changed = None if full else _changed_documents(src, last_decision)
    doc_map = _merge_documents(store, src, rep, changed)
    _merge_events(store, src, doc_map, rep, changed)
    _touch(store, None if changed is None else sorted(set(doc_map.values())))

    # The log streams a chunk at a time; an event's team id comes from the map the events left in a temporary
    # table (two million ids in a dict are ~200 MB at 100,000 reports).
    cur = src.conn.execute("SELECT id, at, reviewer, object_type, object_id, document_id, action, before, after "
                           "FROM decisions WHERE id > ? ORDER BY id", [last_decision])
    last = last_decision
    while True:
        chunk = cur.fetchmany(2000)
        if not chunk:
            break
        event_ids = [r[4] for r in chunk if r[3] == "event" and r[4] is not None]
        mapped = _mapped_events(db, event_ids)
        db.conn.executemany(
            "INSERT OR IGNORE INTO reviewer_log (source_id, source_decision, at, reviewer, object_type, "
            "object_id, document_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[source_id, i, at, who, otype,
              mapped.get(oid) if otype == "event" else (doc_map.get(oid) if otype == "document" else None),
              doc_map.get(doc), action, before, after]
             for i, at, who, otype, oid, doc, action, before, after in chunk])
        rep.log_rows_new += len(chunk)
        last = chunk[-1][0]
    db.execute("UPDATE team_sources SET path = ?, last_decision = ?, merged_at = ? WHERE id = ?",
               [str(src.path), last, now(), source_id])
    return rep


def _diverged_at(db: Any, src: Source, source_id: int, last_decision: int) -> int | None:
    """The first id at which the source's decision log no longer reads as what was merged from it, or None
    when it still holds every merged row (the usual case, checked by one row). A reviewer who restored their
    file from an older copy and went on working has new rows under ids already merged: reading on from
    `last_decision` would skip them. The log is compared by each row's time, action and kind of object (the
    object ids are mapped in the team file); the rows that still match are a prefix, so a bisection finds where
    they part."""
    if not last_decision or src.fingerprint.startswith("jsonl|"):
        return None  # nothing merged yet; a JSONL source is rebuilt each time (and read whole)

    def same(i: int) -> bool:
        mine = src.conn.execute("SELECT at, action, object_type FROM decisions WHERE id = ?", [i]).fetchone()
        kept = db.execute("SELECT at, action, object_type FROM reviewer_log WHERE source_id = ? AND "
                          "source_decision = ?", [source_id, i]).fetchone()
        return (tuple(mine) if mine else None) == (tuple(kept) if kept else None)

    if same(last_decision):
        return None
    lo, hi = 1, last_decision  # hi differs
    while lo < hi:
        mid = (lo + hi) // 2
        if same(mid):
            lo = mid + 1
        else:
            hi = mid
    return lo


def _retire_log(db: Any, source_id: int, first: int, last: int) -> int:
    """Keep the merged log rows first..last that the source no longer holds, under negative ids below any
    retired before (in their order), so that the source's rows now under those ids can be merged."""
    low = min(0, db.execute("SELECT MIN(source_decision) FROM reviewer_log WHERE source_id = ?",
                            [source_id]).fetchone()[0] or 0)
    return db.execute("UPDATE reviewer_log SET source_decision = ? - (? - source_decision) WHERE source_id = ? "
                      "AND source_decision BETWEEN ? AND ?", [low - 1, last, source_id, first, last]).rowcount


def _mapped_events(db: Any, source_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in range(0, len(source_ids), 900):
        part = source_ids[i:i + 900]
        out.update(db.execute(f"SELECT source_id, team_id FROM temp.merge_event_map WHERE source_id IN "
                              f"({','.join('?' * len(part))})", part).fetchall())
    return out


def _changed_documents(src: Source, last_decision: int) -> list[int] | None:
    """The source's reports with a decision-log row after `last_decision` (every change to a report, its
    candidates and totals is logged: an import, a re-extraction, each review action); None: read every report
    (a first merge, a JSONL source rebuilt each time, a migrated copy, a log shorter than what was merged, or a
    report deleted since: its versions go, and only a pass over every report finds them)."""
    if not last_decision or src.migrated_from is not None or src.fingerprint.startswith("jsonl|"):
        return None
    top = src.conn.execute("SELECT MAX(id) FROM decisions").fetchone()[0] or 0
    if top < last_decision or src.conn.execute(
            "SELECT 1 FROM decisions WHERE id > ? AND object_type = 'document' AND action = 'delete' LIMIT 1",
            [last_decision]).fetchone():
        return None
    # The rows after last_decision by their ids (with DISTINCT the planner walked the whole report index)
    named = sorted({d for (d,) in src.conn.execute(
        "SELECT document_id FROM decisions WHERE id > ? AND +document_id IS NOT NULL", [last_decision])})
    return sorted(_hashes(src.conn, named))


def _merge_documents(store: Store, src: Source, rep: SourceReport,
                     only: list[int] | None = None) -> dict[int, int]:
    """Source report id -> team report id, of every report or of `only` (ids only: a report's text is read when
    it is new here). A report is found by its content hash."""
    db = store.db
    if only is None:
        listed = src.conn.execute("SELECT id, content_hash, title FROM documents ORDER BY id").fetchall()
    else:
        listed = []
        for i in range(0, len(only), 900):
            part = only[i:i + 900]
            listed += src.conn.execute(f"SELECT id, content_hash, title FROM documents WHERE id IN "
                                       f"({','.join('?' * len(part))}) ORDER BY id", part).fetchall()
    doc_map: dict[int, int] = {}
    titles: set[str] | None = None  # read once a report is new here (titles have no index; 0.1 s at 100,000)
    for sid, h, title in listed:
        found = db.execute("SELECT id FROM documents WHERE content_hash = ?", [h]).fetchone()
        if found:
            doc_map[sid] = found[0]
            continue
        if titles is None:
            titles = {t for (t,) in db.execute("SELECT title FROM documents")}
        if title in titles:
            raise MergeError(f"{src.path}: report {title!r} has another text than the one already merged "
                             "under that title (the texts must be identical)")
        d = _rows(src.conn, f"SELECT id, {', '.join(_DOC_COPY)} FROM documents WHERE id = ?", [sid])[0]
        row = {k: d[k] for k in _DOC_COPY}
        new_id = db["documents"].insert(row).last_pk
        doc_map[sid] = new_id
        titles.add(title)
        store._log(MERGE, "document", new_id, new_id, MERGE, None,
                   {"key": d["key"], "title": d["title"], "content_hash": h, "from": src.reviewer})
        # Stated totals come with the report from the first file that has it.
        for f in _rows(src.conn, "SELECT * FROM facts WHERE document_id = ?", [sid]):
            store._insert_fact(new_id, fact_from_row(f))
        rep.documents_new += 1
    return doc_map


def _originals(conn: sqlite3.Connection, where: str = "", params: Any = ()) -> dict[int, dict[str, Any]]:
    """Each event as it first appeared in the log (before its first change, or as added); `where` narrows the
    events (SQL on object_id)."""
    out = {}
    for oid, before, after in conn.execute(
            "SELECT object_id, before, after FROM decisions WHERE id IN (SELECT MIN(id) FROM decisions "
            f"WHERE object_type = 'event' {where} GROUP BY object_id)", params).fetchall():
        snap = before or after
        if snap:
            out[oid] = json.loads(snap)
    return out


def candidate_key(content_hash: str, snap: dict[str, Any]) -> str:
    kind = "added" if snap.get("origin") == "reviewer" else "candidate"
    return f"{content_hash}|{kind}|{snap['type']}|{snap['start']}|{snap['end']}"


def _merge_events(store: Store, src: Source, doc_map: dict[int, int], rep: SourceReport,
                  only: list[int] | None = None) -> None:
    """Every event of the source matched to a team candidate (or added as one), a block of reports at a time:
    a candidate is matched within its report only (its key starts with the report's content hash), so a block
    needs the keys, spans and versions of its own reports. Leaves source event id -> team id in
    temp.merge_event_map."""
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS merge_event_map (source_id INTEGER PRIMARY KEY, "
               "team_id INTEGER NOT NULL)")
    db.execute("DELETE FROM temp.merge_event_map")
    docs = src.conn.execute("SELECT id, content_hash FROM documents ORDER BY id").fetchall() if only is None \
        else sorted((d, h) for d, h in _hashes(src.conn, only).items())
    for i in range(0, len(docs), BLOCK):
        _merge_block(store, src, docs[i:i + BLOCK], doc_map, rep)
    # An event the reviewer deleted since the last merge (one they had added): their version goes too.
    if only is None:
        gone = db.execute("DELETE FROM reviewer_decisions WHERE reviewer = ? AND event_id NOT IN "
                          "(SELECT team_id FROM temp.merge_event_map)", [src.reviewer]).rowcount
    else:
        gone = 0
        team_docs = sorted({doc_map[d] for d in only if d in doc_map})
        for i in range(0, len(team_docs), 900):
            part = team_docs[i:i + 900]
            gone += db.execute(f"DELETE FROM reviewer_decisions WHERE reviewer = ? AND document_id IN "
                               f"({','.join('?' * len(part))}) AND event_id NOT IN "
                               "(SELECT team_id FROM temp.merge_event_map)", [src.reviewer, *part]).rowcount
    rep.decisions_changed += gone


def _hashes(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        out.update(conn.execute(f"SELECT id, content_hash FROM documents WHERE id IN ({','.join('?' * len(part))})",
                                part).fetchall())
    return out


def _merge_block(store: Store, src: Source, block: list[tuple[int, str]], doc_map: dict[int, int],
                 rep: SourceReport) -> None:
    db = store.db
    ids = [d for d, _ in block]
    marks = ",".join("?" * len(ids))
    rows = _rows(src.conn, f"SELECT * FROM events WHERE document_id IN ({marks}) ORDER BY id", ids)
    if not rows:
        return
    in_block = f"IN (SELECT id FROM events WHERE document_id IN ({marks}))"
    args: dict[int, list[dict[str, Any]]] = {}
    for a in _rows(src.conn, f"SELECT * FROM event_arguments WHERE event_id {in_block} ORDER BY start, id", ids):
        args.setdefault(a["event_id"], []).append(a)
    originals = _originals(src.conn, f"AND object_id {in_block}", ids)
    hashes = dict(block)
    keys: dict[str, int] = {}
    originals_here: dict[int, str] = {}  # team event id -> its original's JSON
    for h in hashes.values():
        # keys of a report: its content hash, then "|" ("}" is the next character)
        for key, eid, orig in db.execute("SELECT key, event_id, original FROM team_candidates WHERE key >= ? "
                                         "AND key < ?", [f"{h}|", f"{h}}}"]):
            keys[key] = eid
            originals_here[eid] = orig
    team_docs = sorted({doc_map[d] for d in ids})
    current_spans: dict[tuple[int, str, int, int], list[int]] = {}
    for eid, doc, snap, orig, status, source_eid in db.execute(
            "SELECT d.event_id, d.document_id, d.snapshot, CASE d.snapshot WHEN '' THEN t.original END, d.status, "
            "d.source_event_id FROM reviewer_decisions d LEFT JOIN team_candidates t ON t.event_id = d.event_id "
            f"WHERE d.document_id IN ({','.join('?' * len(team_docs))}) AND d.reviewer <> ? ORDER BY d.event_id",
            [*team_docs, src.reviewer]).fetchall():
        v = version_of(snap, orig, status, source_eid)
        spans = current_spans.setdefault((doc, v["type"], v["start"], v["end"]), [])
        if eid not in spans:
            spans.append(eid)
    occurrences: dict[str, int] = {}
    used: set[int] = set()
    event_map: list[tuple[int, int]] = []
    for row in rows:
        ev = event_from_row(row, args.get(row["id"], []))
        snap = event_snapshot(ev)
        original = originals.get(ev.id, snap)
        key = candidate_key(hashes[row["document_id"]], original)
        # Two events with one span and type (two gold events in one sentence): the n-th matches the n-th.
        occurrences[key] = occurrences.get(key, 0) + 1
        key = f"{key}|{occurrences[key]}"
        team_doc = doc_map[row["document_id"]]
        team_id = keys.get(key)
        if team_id is None or team_id in used:
            # Not as extracted: maybe as another reviewer corrected it (an export re-imported carries the
            # corrected span only), same report, type and span.
            team_id = next((t for t in current_spans.get((team_doc, ev.type, ev.start, ev.end), [])
                            if t not in used), None)
        if team_id is None:
            first = replace(event_from_snapshot(original), status="pending", reviewer=None, reviewed_at=None,
                            reject_reason=None)
            team_id = store._insert_event(team_doc, first)
            store._log(MERGE, "event", team_id, team_doc, MERGE, None,
                       event_snapshot(replace(first, id=team_id, document_id=team_doc, version=1)))
            originals_here[team_id] = json.dumps(original, ensure_ascii=False, default=str)
            db.execute("INSERT INTO team_candidates (event_id, key, original) VALUES (?, ?, ?)",
                       [team_id, key, originals_here[team_id]])
            keys[key] = team_id
            rep.candidates_new += 1
        event_map.append((ev.id, team_id))
        used.add(team_id)
        text = json.dumps(snap, ensure_ascii=False, default=str, sort_keys=True)
        if ev.status == "pending" and _is_original(text, snap, originals_here[team_id]):
            text = AS_ORIGINAL
        cur = db.execute(
            "INSERT INTO reviewer_decisions (event_id, document_id, reviewer, status, snapshot, decided_at, "
            "source_event_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, reviewer) DO UPDATE SET "
            "status = excluded.status, snapshot = excluded.snapshot, decided_at = excluded.decided_at, "
            "source_event_id = excluded.source_event_id WHERE snapshot <> excluded.snapshot",
            [team_id, team_doc, src.reviewer, ev.status, text, ev.reviewed_at, ev.id])
        rep.decisions_changed += cur.rowcount
    db.conn.executemany("INSERT INTO temp.merge_event_map (source_id, team_id) VALUES (?, ?)", event_map)


_OWN = ("id", "document_id")  # what a version's snapshot holds of the reviewer's own file


def _is_original(text: str, snap: dict[str, Any], original: str) -> bool:
    """The version `text` (sorted-keys JSON of `snap`) says what the original says, ids in its file apart."""
    orig = json.loads(original)
    if len(orig) != len(snap):
        return False
    orig.update({k: snap.get(k) for k in _OWN})
    return json.dumps(orig, ensure_ascii=False, default=str, sort_keys=True) == text


def recount(store: Store) -> tuple[dict[str, int], int]:
    """Write the counted version of every merged candidate nobody curated here into `events` (logged as
    "merge"); returns candidates per basis and how many rows changed. A block of reports at a time, each
    candidate's vote needing only its report's versions; during a merge that read only what changed, only the
    reports in temp.merge_touched (a candidate's vote moves only with its report's versions and curation)."""
    touched = _touched_table(store)
    if touched is None:
        # a team candidate whose event is gone (deleted here) counts as curated, as before
        store.db.execute("UPDATE team_candidates SET basis = 'curated' WHERE event_id NOT IN "
                         "(SELECT id FROM events) AND basis IS NOT 'curated'")
        docs = [d for (d,) in store.db.execute("SELECT id FROM documents ORDER BY id")]
    else:
        docs = [d for (d,) in store.db.execute(f"SELECT document_id FROM {touched} ORDER BY document_id")]
    rewritten = 0
    for i in range(0, len(docs), BLOCK):
        rewritten += _recount_block(store, docs[i:i + BLOCK])
    bases = dict(store.db.execute("SELECT basis, COUNT(*) FROM team_candidates WHERE basis IS NOT NULL "
                                  "GROUP BY basis").fetchall())
    return bases, rewritten


def _recount_block(store: Store, docs: list[int]) -> int:
    from .curation import _active, reviewer_versions

    curated = curated_ids(store, docs)
    versions, active = reviewer_versions(store, docs), _active(store, docs)
    marks = ",".join("?" * len(docs))
    originals = {eid: (key, json.loads(o), was) for eid, key, o, was in store.db.execute(
        f"SELECT t.event_id, t.key, t.original, t.basis FROM team_candidates t JOIN events e ON e.id = t.event_id "
        f"WHERE e.document_id IN ({marks}) ORDER BY t.event_id", docs).fetchall()}
    if not originals:
        return 0
    rewritten = 0
    bases: list[tuple[str, int]] = []
    current = {e.id: e for e in store.events(ids=list(originals))}
    for eid, (key, original, was) in originals.items():
        if eid in curated or eid not in current:
            if was != "curated":
                bases.append(("curated", eid))
            continue
        ev = current[eid]
        status, basis, agreed, _ = vote(versions.get(eid, {}), key.split("|")[1] == "added",
                                        active.get(ev.document_id, set()))
        if basis != was:
            bases.append((basis, eid))
        if agreed is not None:
            target = dict(agreed)
        elif status == "rejected":
            target = dict(original) | {"status": "rejected"}
        else:
            target = dict(original) | {"status": "pending", "reviewer": None, "reviewed_at": None}
        target.update(id=eid, document_id=ev.document_id, version=ev.version)
        before = event_snapshot(ev)
        if decision_state(target) != decision_state(before):
            # Store.restore_event does this too, reading the event twice more; 10,000 reports make that count.
            updated = event_from_snapshot(target)
            store._write_event(ev, updated)
            store._log(MERGE, "event", eid, ev.document_id, MERGE, before,
                       event_snapshot(replace(updated, version=ev.version + 1)))
            store._changed("events", ev.document_id)
            rewritten += 1
    store.db.conn.executemany("UPDATE team_candidates SET basis = ? WHERE event_id = ?", bases)
    return rewritten
