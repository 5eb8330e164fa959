"""Merging reviewers' own databases: matching, what is kept, merging again, and every kind of bad input."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.domain import Event
from annotator.store import Store
from annotator.store.migrations import KNOWN, migrations
from annotator.team import MergeError, counted_decisions, merge_databases
from annotator.team import merge as merge_module

from .conftest import ALICE, BOB, TEXT, add_report, review, reviewer_db


def _statuses(path: Path) -> dict[str, str]:
    with Store(path) as s:
        return {e.type: e.status for e in s.events()}


def test_merge_keeps_each_reviewer_and_counts_what_they_agree_on(two_reviewers, tmp_path):
    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    report = merge_databases([alice, bob], out)
    assert [s.reviewer for s in report.sources] == ["alice", "bob"]
    assert report.sources[0].documents_new == 1 and report.sources[1].documents_new == 1  # bob's April report
    assert report.sources[0].candidates_new == 4 and report.sources[1].candidates_new == 1
    with Store(out) as s:
        assert s.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
        rows = s.db.execute("SELECT e.type, r.reviewer, r.status FROM reviewer_decisions r "
                            "JOIN events e ON e.id = r.event_id ORDER BY e.type, r.reviewer").fetchall()
        assert ("drone_strike", "bob", "accepted") in rows and ("patrol", "bob", "rejected") in rows
        # Every log row of both files is there, under its reviewer.
        for path, name in ((alice, "alice"), (bob, "bob")):
            with Store(path) as src:
                n = len(src.decisions())
            assert s.db.execute("SELECT COUNT(*) FROM reviewer_log WHERE source_id = "
                                "(SELECT id FROM team_sources WHERE reviewer = ?)", [name]).fetchone()[0] == n
        counted = {s.event(c.event_id).type + "@" + str(c.document_id): c for c in counted_decisions(s).values()}
    march = {k.split("@")[0]: c for k, c in counted.items() if k.endswith("@1")}
    assert march["convoy"].status == "accepted" and march["convoy"].basis == "agreed"
    assert march["airstrike"].status == "rejected" and march["airstrike"].basis == "agreed"
    assert march["patrol"].status == "pending" and march["patrol"].basis == "disagreed"  # accepted vs rejected
    assert march["drone_strike"].status == "pending" and march["drone_strike"].basis == "disagreed"  # 2 vs 3 killed
    # The report only bob reviewed comes with his decision.
    april = [c for k, c in counted.items() if k.endswith("@2")]
    assert [(c.status, c.basis) for c in april] == [("accepted", "agreed")]
    statuses = {}
    with Store(out) as s:
        for e in s.events():
            statuses[(e.document_id, e.type)] = e.status
    assert statuses[(1, "convoy")] == "accepted" and statuses[(1, "patrol")] == "pending"


def test_merging_again_adds_only_what_is_new(two_reviewers, tmp_path):
    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    merge_databases([alice, bob], out)
    again = merge_databases([alice, bob], out)
    assert all(s.documents_new == s.candidates_new == s.decisions_changed == s.log_rows_new == 0
               for s in again.sources)
    assert again.rewritten == 0
    # Bob changes his mind on the patrol: one new decision, one new log row, and the patrol now counts.
    with Store(bob) as s:
        patrol = next(e for e in s.events(1) if e.type == "patrol")
        s.accept_event(patrol.id, reviewer="bob")
    third = merge_databases([alice, bob], out)
    assert third.sources[0].decisions_changed == 0 and third.sources[0].log_rows_new == 0
    assert third.sources[1].decisions_changed == 1 and third.sources[1].log_rows_new == 1
    assert _statuses(out)["patrol"] == "accepted"


def test_added_events_are_matched_across_reviewers(tmp_path):
    s, e = TEXT.index("villages east of Qasr Zaid"), TEXT.index("villages east of Qasr Zaid") + 26
    own = Event(type="security_operation", start=s, end=e, evidence=TEXT[s:e], date="2025-03-09",
                date_precision="day", origin="reviewer", status="accepted")
    a = reviewer_db(tmp_path / "a.db", "alice", ALICE, added=[own])
    b = reviewer_db(tmp_path / "b.db", "bob", ALICE, added=[own])
    c = reviewer_db(tmp_path / "c.db", "carol", ALICE)
    out = tmp_path / "team.db"
    merge_databases([a, b], out)
    with Store(out) as st:
        added = [x for x in counted_decisions(st).values() if st.event(x.event_id).type == "security_operation"]
    assert len(added) == 1 and added[0].status == "accepted" and added[0].votes == {"alice": "accepted",
                                                                                     "bob": "accepted"}
    # Carol reviewed the report and did not add it: a disagreement.
    merge_databases([c], out)
    with Store(out) as st:
        added = [x for x in counted_decisions(st).values() if st.event(x.event_id).type == "security_operation"]
    assert added[0].basis == "disagreed" and added[0].votes["carol"] == "rejected"


def test_two_files_of_one_reviewer_are_refused(tmp_path):
    a1 = reviewer_db(tmp_path / "a1.db", "alice", ALICE)
    a2 = reviewer_db(tmp_path / "a2.db", "alice", BOB)
    with pytest.raises(MergeError, match="a2.db: alice's work again"):
        merge_databases([a1, a2], tmp_path / "team.db")
    merge_databases([a1], tmp_path / "team.db")
    with pytest.raises(MergeError, match="a2.db: .*already holds alice's work from another file"):
        merge_databases([a2], tmp_path / "team.db")
    with pytest.raises(MergeError, match="given twice"):
        merge_databases([a1, a1], tmp_path / "team2.db")


def test_same_title_with_another_text_is_refused_and_team_file_untouched(tmp_path):
    a = reviewer_db(tmp_path / "a.db", "alice", ALICE)
    out = tmp_path / "team.db"
    merge_databases([a], out)
    before = out.read_bytes()
    b = tmp_path / "b.db"
    with Store(b) as s:
        doc = add_report(s, TEXT.replace("Tal Kharma crossing", "Tal Kharma border crossing"), reviewer="bob")
        review(s, "bob", ALICE, doc)
    with pytest.raises(MergeError, match="b.db: report 'Monthly report March' has another text"):
        merge_databases([b], out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".team.db")] == []


def test_not_an_annotator_database(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    text = tmp_path / "notes.db"
    text.write_text("hello")
    with pytest.raises(MergeError, match="other.db: not an annotator database"):
        merge_databases([other], tmp_path / "team.db")
    with pytest.raises(MergeError, match="notes.db: not an SQLite database"):
        merge_databases([text], tmp_path / "team.db")
    assert not (tmp_path / "team.db").exists()


def test_an_older_file_is_migrated_on_a_copy(tmp_path):
    old = tmp_path / "old.db"
    db = Database(old)
    migrations.apply(db, stop_before=KNOWN[-1])  # the schema before team review
    db.conn.close()
    # Fill it through today's Store on a copy, then put the older schema's marker back: simplest is to review a
    # file that never had 0004 applied, which the schema allows since 0004 only adds tables.
    a = reviewer_db(tmp_path / "a.db", "alice", ALICE)
    shutil.copy(a, old)
    con = sqlite3.connect(old)
    con.execute("DROP TABLE reviewer_log")
    con.execute("DROP TABLE reviewer_decisions")
    con.execute("DROP TABLE team_candidates")
    con.execute("DROP TABLE team_sources")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [KNOWN[-1]])
    con.commit()
    con.close()
    stamp = old.read_bytes()
    report = merge_databases([old], tmp_path / "team.db")
    assert report.sources[0].migrated_from == KNOWN[-2]
    assert old.read_bytes() == stamp  # the reviewer's own file is not migrated


def test_a_merge_killed_halfway_leaves_the_team_file_as_it_was(two_reviewers, tmp_path, monkeypatch):
    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    merge_databases([alice], out)
    before = out.read_bytes()

    def boom(store):
        raise KeyboardInterrupt  # as a Ctrl-C between writing the reviewers' rows and recounting
    monkeypatch.setattr(merge_module, "recount", boom)
    with pytest.raises(KeyboardInterrupt):
        merge_databases([alice, bob], out)
    assert out.read_bytes() == before
    with Store(out) as s:
        assert s.db.execute("SELECT reviewer FROM team_sources").fetchall() == [("alice",)]


def _contents(path: Path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                             "'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def test_a_merge_process_killed_halfway_leaves_the_team_file_as_it_was(two_reviewers, tmp_path):
    """SIGKILL, not an exception: nothing in the process runs after it, so only SQLite's journal can undo the rows
    already written (the merge writes into the team file in one transaction)."""
    import signal
    import subprocess
    import sys

    alice, bob = two_reviewers
    out = tmp_path / "team.db"
    merge_databases([alice], out)
    before = _contents(out)
    script = ("import os, signal, sys\n"
              "from annotator.team import merge as m\n"
              "m.recount = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\n"
              "m.merge_databases(sys.argv[1:3], sys.argv[3])\n")
    done = subprocess.run([sys.executable, "-c", script, str(alice), str(bob), str(out)], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert Path(f"{out}-journal").exists()  # killed inside its write transaction
    assert _contents(out) == before  # opening it rolls the hot journal back
    merge_databases([alice, bob], out)  # and the next merge works
    with Store(out) as s:
        assert {r for (r,) in s.db.execute("SELECT reviewer FROM team_sources")} == {"alice", "bob"}


def test_output_cannot_be_an_input(two_reviewers):
    alice, bob = two_reviewers
    with pytest.raises(MergeError, match="is one of the inputs"):
        merge_databases([alice, bob], alice)


def test_a_single_reviewer_database_counts_as_it_stands(tmp_path):
    a = reviewer_db(tmp_path / "a.db", "alice", ALICE)
    with Store(a) as s:
        counted = counted_decisions(s)
        assert {c.basis for c in counted.values()} == {"single"}
        assert {c.event_id: c.status for c in counted.values()} == {e.id: e.status for e in s.events()}


def test_a_reviewers_own_file_is_not_a_merge_target_but_an_adjudicated_team_file_is(two_reviewers, tmp_path):
    from annotator.review.operations import ReviewOps
    from annotator.team import disagreements

    alice, bob = two_reviewers
    own = reviewer_db(tmp_path / "carol.db", "carol", ALICE)
    with pytest.raises(MergeError, match="carol.db: a reviewer's own database"):
        merge_databases([alice, bob], own)
    out = tmp_path / "team.db"
    merge_databases([alice, bob], out)
    with Store(out) as s:  # two adjudicators settle one disagreement each
        for name, c in zip(("dan", "erin"), disagreements(s)):
            ev = s.event(c.event_id)
            ReviewOps(s, name).accept(("event", ev.id), ev.version, ev.document_id)
    report = merge_databases([alice, bob], out)
    assert report.counted == {"agreed": 3, "curated": 2}


def test_a_team_file_is_not_a_source(two_reviewers, tmp_path):
    out = tmp_path / "team.db"
    merge_databases(list(two_reviewers), out)
    with pytest.raises(MergeError, match="team.db: a team file already"):
        merge_databases([out], tmp_path / "other.db")


def test_an_event_deleted_since_the_last_merge_loses_its_version(tmp_path):
    s0, e0 = TEXT.index("villages east of Qasr Zaid"), TEXT.index("villages east of Qasr Zaid") + 26
    own = Event(type="security_operation", start=s0, end=e0, evidence=TEXT[s0:e0], date="2025-03-09",
                date_precision="day", origin="reviewer", status="accepted")
    a = reviewer_db(tmp_path / "a.db", "alice", ALICE, added=[own])
    b = reviewer_db(tmp_path / "b.db", "bob", ALICE)
    out = tmp_path / "team.db"
    merge_databases([a, b], out)
    with Store(a) as s:
        mine = next(e for e in s.events() if e.type == "security_operation")
        s.delete_event(mine.id, reviewer="alice")
    again = merge_databases([a, b], out)
    assert again.sources[0].decisions_changed == 1
    with Store(out) as s:
        added = [c for c in counted_decisions(s).values() if s.event(c.event_id).type == "security_operation"]
        assert added[0].versions == {} and added[0].status == "rejected"  # both reviewed the report, neither has it
