"""Merge at scale: a source read a block of reports at a time gives the team file a merge in one block gives, and a
merge again that reads only the reports changed since (the decision log says which) gives what a fresh merge of
the same files gives."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from annotator.domain import DocumentIn, Event, Period
from annotator.store import Store
from annotator.team import counted_decisions, merge_databases
from annotator.team import merge as merge_module

from .conftest import TEXT, candidates

REPORTS = 300


def _text(i: int) -> str:
    return f"Report {i}. " + TEXT


def _add(store: Store, i: int, reviewer: str) -> int:
    prefix = f"Report {i}. "
    doc = DocumentIn(text=_text(i), title=f"Report {i}", source=f"r{i}.txt", source_kind="txt", key=f"r{i}",
                     period=Period("2025-03-01", "2025-04-30"))
    cands = [replace(c, start=c.start + len(prefix), end=c.end + len(prefix)) for c in candidates()]
    doc_id, _ = store.add_document(doc, hashlib.sha256(_text(i).encode()).hexdigest(), reviewer=reviewer,
                                   extraction=SimpleNamespace(events=cands, facts=[]))
    return doc_id


def build(path: Path, name: str, differ: bool, n: int = REPORTS) -> Path:
    """n reports of four candidates; the second reviewer decides one in seven the other way, and leaves every
    tenth report undecided."""
    with Store(path) as s, s.transaction():
        for i in range(n):
            doc_id = _add(s, i, name)
            if differ and i % 10 == 0:
                continue
            for j, ev in enumerate(s.events(doc_id)):
                if ev.type == "airstrike" or (differ and (i + j) % 7 == 0):
                    s.reject_event(ev.id, reviewer=name)
                else:
                    s.accept_event(ev.id, reviewer=name)
    return path


def contents(path: Path) -> dict:
    """The team file by candidate key: what counts (and why), each reviewer's version, and the log rows kept."""
    with Store(path) as s:
        keys = dict(s.db.execute("SELECT event_id, key FROM team_candidates").fetchall())
        counted = {keys[c.event_id]: (c.status, c.basis, json.dumps(c.agreed, sort_keys=True))
                   for c in counted_decisions(s).values() if c.event_id in keys}
        events = {keys[e.id]: (e.status, e.type, e.start, e.end, e.date, e.location, e.actors, e.targets,
                               {k: v.value for k, v in e.counts.items()}) for e in s.events() if e.id in keys}
        versions = sorted((keys[eid], r, st, snap) for eid, r, st, snap in s.db.execute(
            "SELECT event_id, reviewer, status, snapshot FROM reviewer_decisions"))
        log = sorted(s.db.execute("SELECT t.reviewer, l.source_decision, l.action, l.object_type, "
                                  "l.object_id IS NULL, l.before, l.after FROM reviewer_log l "
                                  "JOIN team_sources t ON t.id = l.source_id").fetchall(), key=repr)
        docs = sorted(r[0] for r in s.db.execute("SELECT content_hash FROM documents"))
    return {"counted": counted, "events": events, "versions": versions, "log": log, "docs": docs}


def test_a_merge_in_blocks_gives_the_team_file_of_one_block(tmp_path, monkeypatch):
    alice, bob = build(tmp_path / "alice.db", "alice", False), build(tmp_path / "bob.db", "bob", True)
    monkeypatch.setattr(merge_module, "BLOCK", 10 ** 6)
    whole = merge_databases([alice, bob], tmp_path / "whole.db")
    monkeypatch.setattr(merge_module, "BLOCK", 7)
    blocks = merge_databases([alice, bob], tmp_path / "blocks.db")
    assert blocks.as_dict()["counted"] == whole.as_dict()["counted"]
    assert [vars(s) | {"path": ""} for s in blocks.sources] == [vars(s) | {"path": ""} for s in whole.sources]
    a, b = contents(tmp_path / "whole.db"), contents(tmp_path / "blocks.db")
    assert len(a["events"]) == REPORTS * 4 and {v[1] for v in a["counted"].values()} >= {"agreed", "disagreed"}
    assert a == b
    with sqlite3.connect(tmp_path / "whole.db") as x, sqlite3.connect(tmp_path / "blocks.db") as y:
        q = "SELECT id, document_id, type, start, status, version FROM events ORDER BY id"
        assert x.execute(q).fetchall() == y.execute(q).fetchall()  # even the ids


def test_merging_again_reads_what_changed_and_equals_a_fresh_merge(tmp_path, monkeypatch):
    alice, bob = build(tmp_path / "alice.db", "alice", False), build(tmp_path / "bob.db", "bob", True)
    out = tmp_path / "team.db"
    merge_databases([alice, bob], out)
    # A month of work since: alice changes her mind in report 5, re-extraction adds a candidate to report 7,
    # bob adds an event in report 11 and decides report 20 (which he had left), a new report arrives in both.
    with Store(alice) as s:
        doc5 = s.db.execute("SELECT id FROM documents WHERE key = 'r5'").fetchone()[0]
        convoy = next(e for e in s.events(doc5) if e.type == "convoy")
        s.reject_event(convoy.id, reviewer="alice")
        doc7 = s.db.execute("SELECT id FROM documents WHERE key = 'r7'").fetchone()[0]
        prefix = len("Report 7. ")
        extra = Event(type="security_operation", start=TEXT.index("villages") + prefix,
                      end=TEXT.index("villages") + prefix + 8, evidence="villages", date="2025-03-09",
                      date_precision="day")
        s.replace_candidates(doc7, SimpleNamespace(events=[extra], facts=[]), reviewer="alice")
        new = _add(s, REPORTS, "alice")
        for ev in s.events(new):
            s.accept_event(ev.id, reviewer="alice")
    with Store(bob) as s:
        doc11 = s.db.execute("SELECT id FROM documents WHERE key = 'r11'").fetchone()[0]
        start = TEXT.index("villages east of Qasr Zaid") + len("Report 11. ")
        s.add_event(doc11, Event(type="security_operation", start=start, end=start + 26,
                                 evidence=_text(11)[start:start + 26], date="2025-03-09", date_precision="day",
                                 origin="reviewer", status="accepted"), reviewer="bob")
        doc20 = s.db.execute("SELECT id FROM documents WHERE key = 'r20'").fetchone()[0]
        for ev in s.events(doc20):
            s.accept_event(ev.id, reviewer="bob")
        new = _add(s, REPORTS, "bob")
        for ev in s.events(new):
            s.reject_event(ev.id, reviewer="bob")
    seen: list[int] = []
    real = merge_module._merge_block
    monkeypatch.setattr(merge_module, "_merge_block",
                        lambda store, src, block, *a: seen.extend(d for d, _ in block) or real(store, src, block, *a))
    again = merge_databases([alice, bob], out)
    assert again.recounted_all is False
    assert len(seen) == 3 + 3  # alice: reports 5, 7 and the new one; bob: 11, 20 and the new one
    assert [s.candidates_new for s in again.sources] == [5, 1]  # the new report's four, the re-extracted one;
    # bob's added event
    fresh = merge_databases([alice, bob], tmp_path / "fresh.db")
    assert fresh.recounted_all is True
    assert again.counted == fresh.counted
    assert contents(out) == contents(tmp_path / "fresh.db")
    counted = contents(out)["counted"]
    r7 = hashlib.sha256(_text(7).encode()).hexdigest()
    assert counted[f"{r7}|candidate|security_operation|{extra.start}|{extra.end}|1"][1] == "undecided"


def test_a_team_file_merged_before_bases_were_kept_is_recounted_whole(tmp_path):
    alice, bob = build(tmp_path / "alice.db", "alice", False, 20), build(tmp_path / "bob.db", "bob", True, 20)
    out = tmp_path / "team.db"
    first = merge_databases([alice, bob], out)
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE team_candidates SET basis = NULL")
    conn.close()
    again = merge_databases([alice, bob], out)
    assert again.recounted_all is True and again.counted == first.counted and again.rewritten == 0
    nothing = merge_databases([alice, bob], out)
    assert nothing.recounted_all is False and nothing.counted == first.counted


def test_merging_into_a_team_file_the_window_has_open(tmp_path):
    alice, bob = build(tmp_path / "alice.db", "alice", False, 5), build(tmp_path / "bob.db", "bob", True, 5)
    out = tmp_path / "team.db"
    merge_databases([alice], out)
    with Store(out) as window:  # the window's connection: the file in WAL mode, read meanwhile
        before = len(window.events())
        report = merge_databases([alice, bob], out)
        assert [s.reviewer for s in report.sources] == ["alice", "bob"]
        assert {r for (r,) in window.db.execute("SELECT reviewer FROM team_sources")} == {"alice", "bob"}
        assert len(window.events()) == before  # the same reports: no new candidates
        assert window.db.execute("SELECT COUNT(DISTINCT reviewer) FROM reviewer_decisions").fetchone()[0] == 2


def _copy(src: Path, dst: Path) -> None:
    # closed at once: an open connection would keep the write-ahead log beside the file
    with closing(sqlite3.connect(src)) as a, closing(sqlite3.connect(dst)) as b:
        a.backup(b)


def test_a_file_restored_from_an_older_copy_and_worked_on_is_merged_whole(tmp_path):
    """A reviewer restores their file from a copy older than the last merge and goes on working: the new
    decision-log rows take ids already merged. Reading on from the last merged id would skip them; the merge
    sees that the log parts from what it merged, reads every report again and keeps the lost rows as retired."""
    alice, bob = build(tmp_path / "alice.db", "alice", False, n=40), build(tmp_path / "bob.db", "bob", True, n=40)
    out = tmp_path / "team.db"
    merge_databases([alice, bob], out)
    backup = tmp_path / "alice-backup.db"
    _copy(alice, backup)

    def decide(keys_actions: list[tuple[str, str]]) -> None:
        with Store(alice) as s:
            for key, action in keys_actions:
                doc = s.db.execute("SELECT id FROM documents WHERE key = ?", [key]).fetchone()[0]
                ev = next(e for e in s.events(doc) if e.type == "convoy")
                (s.reject_event if action == "reject" else s.accept_event)(ev.id, reviewer="alice")

    decide([("r5", "reject"), ("r6", "reject"), ("r7", "reject")])
    merge_databases([alice, bob], out)
    lost = contents(out)["log"]
    # The restore: alice's file as it was before the second merge; then one different decision, under the id of
    # the first lost one.
    alice.unlink()
    _copy(backup, alice)
    decide([("r9", "reject")])
    again = merge_databases([alice, bob], out)
    rep = again.sources[0]
    assert rep.log_rows_retired == 3 and rep.diverged_at is not None and again.recounted_all is True
    fresh = merge_databases([alice, bob], tmp_path / "fresh.db")
    mine, theirs = contents(out), contents(tmp_path / "fresh.db")
    assert {k: v for k, v in mine.items() if k != "log"} == {k: v for k, v in theirs.items() if k != "log"}
    # Every row of the restored file's log is there under its own id; the three lost rows are kept, retired.
    current = {r for r in mine["log"] if r[1] > 0}
    assert current == set(theirs["log"])
    retired = [r for r in mine["log"] if r[1] < 0]
    assert len(retired) == 3 and {r[2] for r in retired} == {"reject"}
    assert {r[2:] for r in retired} <= {r[2:] for r in lost}
    # Merging once more reads only what changed again.
    assert merge_databases([alice, bob], out).sources[0].log_rows_retired == 0


def test_a_restored_file_is_reported_by_the_merge_command(tmp_path):
    from click.testing import CliRunner

    from annotator.cli import main

    alice, bob = build(tmp_path / "alice.db", "alice", False, n=5), build(tmp_path / "bob.db", "bob", True, n=5)
    out = tmp_path / "team.db"
    backup = tmp_path / "old.db"
    _copy(alice, backup)
    with Store(alice) as s:
        s.reject_event(next(e for e in s.events() if e.type == "convoy").id, reviewer="alice")
    assert CliRunner().invoke(main, ["merge", str(alice), str(bob), "--out", str(out)]).exit_code == 0
    alice.unlink()
    _copy(backup, alice)
    with Store(alice) as s:
        s.accept_event(next(e for e in s.events() if e.type == "airstrike").id, reviewer="alice")
    result = CliRunner().invoke(main, ["merge", str(alice), str(bob), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "restored from an older copy?" in result.output and "1 log rows it no longer holds" in result.output


def test_a_pending_version_that_is_the_original_is_stored_as_such(tmp_path, monkeypatch):
    """Most versions of a large team file are pending and as extracted: each is kept as "the candidate's
    original" (an empty snapshot), not ~2 kB of JSON again. Counting, agreement and the versions read back are
    what full snapshots give, also when the reviewers' files number their reports and events differently."""
    from annotator.team.agreement import agreement
    from annotator.team.curation import reviewer_versions

    alice = build(tmp_path / "alice.db", "alice", False, n=30)
    bob = tmp_path / "bob.db"
    with Store(bob) as s:  # a report of bob's own first: his ids are not alice's
        _add(s, 999, "bob")
    bob = build(bob, "bob", True, n=30)
    short = merge_databases([alice, bob], tmp_path / "short.db")
    monkeypatch.setattr(merge_module, "_is_original", lambda *a: False)
    full = merge_databases([alice, bob], tmp_path / "full.db")
    assert short.as_dict()["counted"] == full.as_dict()["counted"]
    with Store(tmp_path / "short.db") as s, Store(tmp_path / "full.db") as f:
        stored = s.db.execute("SELECT status, snapshot = '' FROM reviewer_decisions").fetchall()
        # bob left every tenth report and his own first one undecided: those versions, and only pending ones
        assert {st for st, empty in stored if empty} == {"pending"}
        assert sum(empty for _, empty in stored) == 3 * 4 + 4
        assert f.db.execute("SELECT COUNT(*) FROM reviewer_decisions WHERE snapshot = ''").fetchone()[0] == 0
        mine, theirs = reviewer_versions(s), reviewer_versions(f)
        drop = lambda v: {k: x for k, x in v.items() if k != "document_id"}  # noqa: E731
        assert {e: {r: drop(v) for r, v in by.items()} for e, by in mine.items()} == \
               {e: {r: drop(v) for r, v in by.items()} for e, by in theirs.items()}
        assert agreement(s) == agreement(f)
        assert {k: (c.status, c.basis) for k, c in counted_decisions(s).items()} == \
               {k: (c.status, c.basis) for k, c in counted_decisions(f).items()}
    # Merging again after bob decides one of them writes his whole version.
    with Store(bob) as s:
        doc = s.db.execute("SELECT id FROM documents WHERE key = 'r10'").fetchone()[0]
        s.accept_event(s.events(doc)[0].id, reviewer="bob")
    monkeypatch.undo()
    merge_databases([alice, bob], tmp_path / "short.db")
    with Store(tmp_path / "short.db") as s:
        assert s.db.execute("SELECT COUNT(*) FROM reviewer_decisions WHERE snapshot = ''").fetchone()[0] == 3 * 4 + 3
        assert s.db.execute("SELECT COUNT(*) FROM reviewer_decisions WHERE status = 'accepted' AND snapshot = ''"
                            ).fetchone()[0] == 0
